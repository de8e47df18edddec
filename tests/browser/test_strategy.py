import pytest

from plans.models import Target

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def content(seeded):
    """The seed content only."""


def test_strategy_page_passes_axe(checker, content):
    checker.goto("/strategi/")
    assert checker.page.locator("svg.chart[role=img]").count() == 1
    checker.assert_accessible("strategy")
    assert checker.console_errors == []


def test_every_target_page_passes_axe(checker, content):
    slugs = list(Target.objects.values_list("slug", flat=True))
    assert slugs
    for slug in slugs:
        checker.goto(f"/strategi/{slug}/")
        checker.assert_accessible(f"target-{slug}")
    assert checker.console_errors == []
