"""Issue 15's new member pages in a real browser, axe on each at phone and desktop width: the
applicant's colleagues page, the main-contact request on the application page, and the
workgroups page of a person who represents two companies."""

import pytest

from members import brreg
from members.models import Company, Representative
from tests.factories import PASSWORD, make_company, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(seeded, monkeypatch):
    monkeypatch.setattr(brreg, "fetch", lambda orgnr: (404, b"{}"))  # never the real register
    member_company = make_company("999999980", "Mjøsbedriften AS")
    imported = make_company("974760673", "Importert Bedrift AS")
    applicant = make_company("912345602", "Søkerbedriften AS", status=Company.Status.APPLICANT)
    two_hats = make_user("to.hatter@example.no", name="Tora To Hatter")
    Representative.objects.create(user=two_hats, company=applicant, role=Representative.Role.ADMIN)
    Representative.objects.create(user=two_hats, company=member_company, role=Representative.Role.ADMIN)
    other = make_company("999999972", "Totenbedriften AS")
    Representative.objects.create(user=two_hats, company=other, role=Representative.Role.MEMBER)
    newcomer = make_user("ny@importert.no", name="Nils Ny")
    return {"two_hats": two_hats, "applicant": applicant, "imported": imported, "newcomer": newcomer}


def test_the_new_lifecycle_pages_pass_axe(checker, people, log_in_browser):
    page = checker.page
    log_in_browser(checker, people["two_hats"].email, PASSWORD)

    checker.goto(f"/min-side/kolleger/?bedrift={people['applicant'].pk}")
    assert "Kolleger kan inviteres når sekretariatet har godkjent" in page.content()
    checker.assert_accessible("colleagues-applicant")

    checker.goto("/min-side/arbeidsgrupper/")
    assert "Du representerer også" in page.content()
    checker.assert_accessible("workgroups-two-companies")

    page.context.clear_cookies()
    log_in_browser(checker, people["newcomer"].email, PASSWORD)
    checker.goto("/bli-medlem/")
    checker.console_errors.clear()
    page.fill("#id_orgnr", "974760673")
    page.fill("#id_name", "Importert Bedrift AS")
    page.select_option("#id_municipality", index=1)
    page.fill("#id_motivation", "Vi er medlem allerede.")
    page.click("form.application-form button[type=submit]:not([name=lookup])")
    page.wait_for_load_state()
    assert "Be sekretariatet gjøre meg til hovedkontakt" in page.content()
    checker.assert_accessible("apply-without-main-contact")
    page.click("text=Be sekretariatet gjøre meg til hovedkontakt")
    page.wait_for_load_state()
    assert "/min-side/" in page.url
    assert "Sekretariatet er bedt om å gjøre deg til hovedkontakt" in page.content()
