"""The refusal and expired-form pages, in a real browser: Norwegian, in the site's layout, and axe-clean."""

import pytest

from invekst.seed import seed_content
from members.models import Representative
from tests.factories import PASSWORD, make_company, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def member(db):
    seed_content()
    user = make_user("ola@mjosbedriften.no", name="Ola Nordmann")
    company = make_company("999999980", "Mjøsbedriften AS")
    Representative.objects.create(user=user, company=company, role=Representative.Role.MEMBER)
    return user


def test_an_expired_form_says_what_to_do(checker):
    seed_content()
    checker.goto("/kontakt/")
    checker.page.context.clear_cookies()  # the CSRF cookie is gone, as after a long pause
    checker.page.fill("input[name=name]", "Nina")
    checker.page.fill("input[name=email]", "nina@example.no")
    with checker.page.expect_navigation():
        checker.page.evaluate("document.querySelector('main form').submit()")
    assert checker.page.get_by_role("heading", level=1).inner_text() == "Skjemaet er utløpt"
    assert checker.page.get_by_text("Last inn siden på nytt").is_visible()
    checker.console_errors = [e for e in checker.console_errors if "status of 403" not in e]
    checker.assert_accessible("csrf-failure")


def test_a_member_at_the_admin_gets_a_clear_refusal_with_a_way_on(checker, member, log_in_browser):
    log_in_browser(checker, member.email, PASSWORD)
    checker.goto("/admin/", expect_status=403)
    page = checker.page
    assert page.get_by_role("heading", level=1).inner_text() == "Du har ikke tilgang til denne siden"
    assert page.get_by_text("Sekretariatets sider er bare for sekretariatet i INVEKST.").is_visible()
    checker.assert_accessible("admin-refused")
    page.get_by_role("link", name="Gå til Min side").click()
    page.wait_for_load_state()
    assert page.url.endswith("/min-side/")
