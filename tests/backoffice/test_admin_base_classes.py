"""Every admin of ours is built on core.admin's labelled base classes.

They give names to the inputs Django leaves without one (list-editable columns, the halves of
a date and time, tabular inline cells); the browser crawl (tests/browser/test_admin_crawl.py)
finds what is missed, this finds it without a browser.
"""

import pytest
from django.contrib import admin

from core.admin import LabelledModelAdmin, LabelledStackedInline, LabelledTabularInline

OURS = {"invekst", "members", "plans", "workgroups"}
REGISTRY = sorted(
    ((model, model_admin) for model, model_admin in admin.site._registry.items() if model._meta.app_label in OURS),
    key=lambda item: item[0]._meta.label_lower,
)


@pytest.mark.parametrize(("model", "model_admin"), REGISTRY, ids=[m._meta.label_lower for m, _ in REGISTRY])
def test_the_admin_and_its_inlines_use_the_labelled_base_classes(model, model_admin):
    assert isinstance(model_admin, LabelledModelAdmin), f"{type(model_admin).__name__} is no LabelledModelAdmin"
    for inline in model_admin.inlines:
        assert issubclass(inline, LabelledTabularInline | LabelledStackedInline), f"{inline.__name__}"
