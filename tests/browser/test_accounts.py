import pytest

from tests.factories import PASSWORD, make_company, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ENTRANCE_PATHS = ["/konto/login/", "/konto/signup/", "/konto/password/reset/"]
SIGNED_IN_PATHS = [
    "/konto/email/",
    "/konto/password/change/",
    "/konto/2fa/",
    "/min-side/mine-data/",
]


@pytest.fixture
def member(seeded):
    from members.models import Representative

    user = make_user("kari@mjosbedriften.no", name="Kari Nordmann")
    company = make_company("999999980", "Mjøsbedriften AS")
    # A plain member, so the page shows the delete form (an only admin sees a refusal instead).
    Representative.objects.create(user=user, company=company, role=Representative.Role.MEMBER)
    return user


def test_account_entrance_pages_pass_axe_in_norwegian(checker, member):
    for path in ENTRANCE_PATHS:
        checker.goto(path)
        assert checker.page.locator("html").get_attribute("lang") == "nb"
        checker.assert_accessible(f"accounts{path}")
    assert checker.console_errors == []


def test_signup_errors_are_shown_next_to_the_fields_and_pass_axe(checker, member):
    checker.goto("/konto/signup/")
    checker.page.fill("input[name=name]", "Ola Nordmann")
    checker.page.fill("input[name=email]", "ola@eksempel.no")
    checker.page.fill("input[name=password1]", PASSWORD)
    checker.page.fill("input[name=password2]", PASSWORD)
    checker.page.click("main form [type=submit]")
    checker.page.wait_for_load_state()
    error = checker.page.locator("#id_accept_privacy_error")
    assert "Du må godta personvernerklæringen" in error.inner_text()
    checker.assert_accessible("accounts/signup-errors")


def test_signed_in_account_pages_pass_axe(checker, member, log_in_browser):
    log_in_browser(checker, "kari@mjosbedriften.no", PASSWORD)
    assert checker.page.locator("header").get_by_text("Kari Nordmann").count() == 1
    # The landing page after login (/min-side/) belongs to another branch; only these pages count here.
    checker.console_errors.clear()
    for path in SIGNED_IN_PATHS:
        checker.goto(path)
        checker.assert_accessible(f"accounts{path}")
    assert checker.console_errors == []


def test_activating_an_authenticator_app_asks_for_the_password_first_and_passes_axe(checker, member, log_in_browser):
    log_in_browser(checker, "kari@mjosbedriften.no", PASSWORD)
    checker.goto("/konto/2fa/totp/activate/")
    assert "/konto/reauthenticate/" in checker.page.url
    checker.assert_accessible("accounts/reauthenticate")
    checker.page.fill("input[name=password]", PASSWORD)
    checker.page.click("main form [type=submit]")
    checker.page.wait_for_load_state()
    assert checker.page.url.endswith("/konto/2fa/totp/activate/")
    assert checker.page.locator("img.qr-code").count() == 1
    checker.assert_accessible("accounts/totp-activate")
