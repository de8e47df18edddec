"""Membership end to end in a real browser: apply, approval in admin, invitation, signup; axe on every page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from members import brreg
from members.models import Company, Representative
from tests.factories import PASSWORD, make_company, make_user
from tests.utils import recorded

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def content(seeded, settings, monkeypatch):
    settings.ADMIN_REQUIRE_MFA = False  # the secretariat's second factor is tested with the accounts
    replies = {"912345602": recorded(200)}
    monkeypatch.setattr(brreg, "fetch", lambda orgnr: replies.get(orgnr, (404, b"{}")))


def fill_if_present(page, selector: str, value: str):
    if page.locator(selector).count():
        page.fill(selector, value)


def check_if_present(page, selector: str):
    if page.locator(selector).count():
        page.check(selector)


def test_apply_approve_invite_and_a_colleague_joins(browser, live_server, content, log_in_browser):
    from tests.browser.harness import DESKTOP, PageChecker

    applicant = make_user("siri@mjosloftet.no", name="Siri Søker")
    secretariat = make_user("sekretariat@invekst.no", name="Sekretariatet", is_staff=True, is_superuser=True)

    # 1. The applicant applies; the lookup (JavaScript) fills in the register's details.
    context = browser.new_context(viewport=DESKTOP, locale="nb-NO")
    checker = PageChecker(context.new_page(), live_server.url)
    page = checker.page
    log_in_browser(checker, applicant.email, PASSWORD)
    checker.goto("/bli-medlem/")
    checker.console_errors.clear()  # the login page is not ours to check here
    page.fill("#id_orgnr", "912 345 602")
    page.click("button[name=lookup]")
    # Not wait_for_function: the page's CSP (rightly) refuses the eval it needs.
    expect(page.locator("#id_name")).not_to_have_value("")
    assert page.input_value("#id_name") == "Mjøsløftet Teknologi AS"
    assert "Vi fant bedriften" in page.locator("#brreg-status").inner_text()
    page.fill("#id_motivation", "Vi bidrar med IT-kompetanse til arbeidsgruppen for næringsplan.")
    page.click("form.application-form button[type=submit]:not([name=lookup])")
    page.wait_for_url(re.compile(r"/min-side/$"))
    assert "venter på godkjenning" in page.content()
    assert checker.console_errors == []
    company = Company.objects.get(orgnr="912345602")
    assert company.status == Company.Status.APPLICANT
    assert {m.to[0] for m in mail.outbox} == {"line@gjovikby.no", "siri@mjosloftet.no"}
    context.close()

    # 2. The secretariat approves it on the company's admin page, with a note.
    context = browser.new_context(viewport=DESKTOP, locale="nb-NO")
    checker = PageChecker(context.new_page(), live_server.url)
    page = checker.page
    log_in_browser(checker, secretariat.email, PASSWORD)
    checker.goto(f"/admin/members/company/{company.pk}/change/")
    page.click("text=Godkjenn medlemskap")
    page.fill("textarea[name=note]", "Velkommen!")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(rf"/admin/members/company/{company.pk}/change/$"))
    company.refresh_from_db()
    assert company.status == Company.Status.ACTIVE
    assert any("Velkommen!" in m.body and m.to == ["siri@mjosloftet.no"] for m in mail.outbox)
    context.close()

    # 3. The applicant, now the company's admin, invites a colleague.
    context = browser.new_context(viewport=DESKTOP, locale="nb-NO")
    checker = PageChecker(context.new_page(), live_server.url)
    page = checker.page
    log_in_browser(checker, applicant.email, PASSWORD)
    checker.goto("/min-side/")
    assert "aktivt medlem" in page.content()
    page.click("text=Kolleger")
    page.fill("#id_email", "nina@mjosloftet.no")
    page.click("text=Send invitasjon")
    page.wait_for_load_state()
    assert "En invitasjon er sendt til nina@mjosloftet.no." in page.content()
    invitation_mail = next(m for m in mail.outbox if m.to == ["nina@mjosloftet.no"])
    link = re.search(r"http://\S+/min-side/invitasjon/\S+/", invitation_mail.body).group(0)
    context.close()

    # 4. The colleague follows the link, signs up with the e-mail filled in, accepts and sees the company.
    context = browser.new_context(viewport=DESKTOP, locale="nb-NO")
    checker = PageChecker(context.new_page(), live_server.url)
    page = checker.page
    page.goto(link)
    page.wait_for_url(re.compile(r"/konto/signup/"))
    assert page.input_value("input[name=email]") == "nina@mjosloftet.no"
    fill_if_present(page, "input[name=name]", "Nina Kollega")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    check_if_present(page, "input[name=accept_privacy]")
    page.click("form[action*='signup'] [type=submit], main form [type=submit]")
    page.wait_for_url(re.compile(r"/min-side/invitasjon/"))
    page.click("text=Godta invitasjonen")
    page.wait_for_url(re.compile(r"/min-side/$"))
    assert "Mjøsløftet Teknologi AS" in page.content()
    assert "Velkommen! Du representerer nå Mjøsløftet Teknologi AS." in page.content()
    assert Representative.objects.filter(user__email="nina@mjosloftet.no", company=company, role="member").exists()
    context.close()


@pytest.fixture
def members(content):
    company = make_company("999999980", "Mjøsbedriften AS", industry="Industri", website="https://mjosbedriften.no")
    make_company("999999972", "Totenbedriften AS", industry="Bionæringer")
    admin = make_user("admin@mjosbedriften.no", name="Kari Admin")
    Representative.objects.create(user=admin, company=company, role=Representative.Role.ADMIN)
    colleague = make_user("member@mjosbedriften.no", name="Ola Medlem")
    Representative.objects.create(user=colleague, company=company)
    return admin


@pytest.mark.parametrize(
    "path", ["/bli-medlem/", "/min-side/", "/min-side/bedrift/", "/min-side/kolleger/", "/medlemmer/"]
)
def test_membership_pages_pass_axe(checker, members, log_in_browser, path):
    log_in_browser(checker, members.email, PASSWORD)
    checker.console_errors.clear()
    checker.goto(path)
    checker.assert_accessible(f"members{path}")
    assert checker.console_errors == []


def test_application_errors_pass_axe(checker, members, log_in_browser):
    log_in_browser(checker, members.email, PASSWORD)
    checker.goto("/bli-medlem/")
    checker.page.fill("#id_orgnr", "912345603")
    checker.page.click("form.application-form button[type=submit]:not([name=lookup])")
    checker.page.wait_for_selector("#id_orgnr_error")
    checker.assert_accessible("members-apply-errors")


def test_the_lookup_works_without_javascript(browser, live_server, members, log_in_browser):
    from tests.browser.harness import PHONE, PageChecker

    context = browser.new_context(viewport=PHONE, locale="nb-NO", java_script_enabled=False)
    checker = PageChecker(context.new_page(), live_server.url)
    log_in_browser(checker, members.email, PASSWORD)
    checker.goto("/bli-medlem/")
    checker.page.fill("#id_orgnr", "912345602")
    checker.page.click("button[name=lookup]")
    checker.page.wait_for_load_state()
    assert checker.page.input_value("#id_name") == "Mjøsløftet Teknologi AS"
    assert checker.page.input_value("#id_postal_code") == "2815"
    context.close()
