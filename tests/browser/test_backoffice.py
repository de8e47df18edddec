"""The secretariat's back office in a real browser: the dashboard and the company list, with axe.

The admin is Django's own markup. Every rule axe runs is kept on; no rule is excluded.
"""

import pytest
from django.contrib.auth.models import Group

from invekst.models import ContactMessage
from members.models import Company, Representative
from plans.models import Municipality
from tests.factories import PASSWORD, make_user
from workgroups.models import Commitment, Participant, Workgroup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def back_office(seeded):
    group = Group.objects.get(name="Sekretariat")
    staff = make_user("sekretariat@invekst.no", name="Line Sekretariat", is_staff=True)
    staff.groups.add(group)
    gjovik = Municipality.objects.get(number="3407")
    active = Company.objects.create(orgnr="999999980", name="Mjøsbedriften AS", status="active", municipality=gjovik)
    Company.objects.create(orgnr="999999972", name="Søkerbedriften AS", status="applicant", municipality=gjovik)
    person = make_user("kari@mjosbedriften.no", name="Kari Admin")
    representative = Representative.objects.create(user=person, company=active, role="admin")
    commitment = Commitment.objects.create(
        company=active, workgroup=Workgroup.objects.get(slug="rv4"), hours_per_year=40
    )
    Participant.objects.create(commitment=commitment, representative=representative)
    ContactMessage.objects.create(
        name="Nina", email="nina@example.no", subject="Spørsmål", message="Hei", consent_version="2026-11"
    )
    return staff


def test_the_dashboard_and_the_company_list_are_accessible(checker, back_office, log_in_browser):
    log_in_browser(checker, back_office.email, PASSWORD)
    checker.console_errors.clear()  # login lands on Min side, where staff without a company get 403
    checker.goto("/admin/")
    page = checker.page
    assert page.get_by_role("heading", name="I dag").is_visible()
    assert page.get_by_role("link", name="1 søknader som venter").is_visible()
    assert page.get_by_role("link", name="1 ubehandlede kontaktmeldinger").is_visible()
    checker.assert_accessible("backoffice-dashboard")

    page.get_by_role("link", name="1 aktive medlemmer").click()
    page.wait_for_load_state()
    assert "status=active" in page.url
    assert page.get_by_role("link", name="Mjøsbedriften AS").is_visible()
    assert page.get_by_text("Søkerbedriften AS").count() == 0  # only active members by default
    checker.assert_accessible("backoffice-company-list")


def test_the_company_page_with_people_commitments_and_history_is_accessible(checker, back_office, log_in_browser):
    log_in_browser(checker, back_office.email, PASSWORD)
    checker.console_errors.clear()
    company = Company.objects.get(orgnr="999999980")
    checker.goto(f"/admin/members/company/{company.pk}/change/")
    assert checker.page.get_by_role("link", name="Registrer utmelding").is_visible()
    checker.page.wait_for_load_state("networkidle")
    # The page itself raises no console error (no CSP violation). axe, while it checks this
    # page, inserts two inline styles of its own that the policy blocks, so the console is
    # read before axe runs rather than after, as assert_accessible does.
    page_errors = list(checker.console_errors)
    violations = checker.axe()
    checker.screenshot("backoffice-company-change")
    assert not [f"{v['id']}: {[n['target'] for n in v['nodes']][:5]}" for v in violations]
    assert not page_errors
    checker.console_errors.clear()  # axe's own, from the page before
    checker.goto(f"/admin/members/company/{company.pk}/history/")
    checker.assert_accessible("backoffice-company-history")
