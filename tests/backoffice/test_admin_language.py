"""The back office speaks Norwegian: Django admin's, django-import-export's and django-simple-history's
own words included, where those libraries ship no (or an incomplete) Bokmål catalogue."""

import re
from pathlib import Path

import django
import import_export
import pytest
import simple_history
from django.utils import translation

pytestmark = pytest.mark.django_db

ADMIN = Path(django.__file__).parent / "contrib" / "admin" / "templates"
# Pages the secretariat never sees: the admin's own login and password pages are replaced by
# allauth's (members/accounts/middleware.py), and the others only show a broken installation.
NEVER_SHOWN = {"login.html", "invalid_setup.html", "500.html", "404.html"}
TEMPLATES = [
    *(path for path in ADMIN.glob("admin/*.html") if path.name not in NEVER_SHOWN),
    *ADMIN.glob("admin/edit_inline/*.html"),
    *ADMIN.glob("admin/includes/*.html"),
    *(Path(import_export.__file__).parent / "templates").rglob("*.html"),
    *(Path(simple_history.__file__).parent / "templates").rglob("*.html"),
]
# Words that are the same in Bokmål.
SAME = {"Status", "Format"}


def _msgids(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    return {m.group(2) for m in re.finditer(r"\{% (?:translate|trans) ([\"'])(.+?)\1", text)}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: "/".join(p.parts[-3:]))
def test_every_word_the_admin_templates_show_has_a_norwegian_translation(template):
    with translation.override("nb"):
        missing = sorted(m for m in _msgids(template) - SAME if translation.gettext(m) == m)
    assert not missing, f"{template.name}: no Bokmål for {missing}"


def test_the_import_page_and_the_list_filters_are_in_norwegian(client, login, everything, staff):
    login(staff)
    body = client.get("/admin/members/company/import/").content.decode()
    assert "Fil som skal importeres" in body
    assert "File to import" not in body
    assert "Importen leser disse feltene" in body
    changelist = client.get("/admin/members/company/").content.decode()
    assert "Vis antall" in changelist
    assert "Show counts" not in changelist
    counted = client.get("/admin/members/company/?_facets=True").content.decode()
    assert "Skjul antall" in counted
