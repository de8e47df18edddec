"""Issue 15.3: a person who represents two companies (member of an active one, admin of an
applicant) uses both: the workgroup pages act for the chosen company (?bedrift=), or for the
active one, and never answer a bare 403 because another representation came first."""

import pytest

from members.models import Company, Representative
from tests.factories import make_company, make_user
from workgroups.models import Commitment, Participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(seeded):
    return make_company("912345602", "Søkerbedriften AS", status=Company.Status.APPLICANT)


@pytest.fixture
def two_hats(company, applicant):
    """Member of Mjøsbedriften (active), admin of Søkerbedriften (applicant), with the applicant role first."""
    user = make_user("to.hatter@example.no", name="Tora To Hatter")
    Representative.objects.create(user=user, company=applicant, role=Representative.Role.ADMIN)
    Representative.objects.create(user=user, company=company, role=Representative.Role.MEMBER)
    return user


def test_the_workgroups_page_opens_for_the_active_company(client, login, two_hats, company, commitment):
    response = login(two_hats).get("/min-side/arbeidsgrupper/")
    assert response.status_code == 200
    assert response.context["company"] == company


def test_the_workgroups_page_honours_the_chosen_company(client, login, two_hats, company, applicant, commitment):
    login(two_hats)
    assert client.get(f"/min-side/arbeidsgrupper/?bedrift={company.pk}").context["company"] == company
    # The applicant has no workgroups yet: refused, as for anyone from an applicant.
    assert client.get(f"/min-side/arbeidsgrupper/?bedrift={applicant.pk}").status_code == 403


def test_the_commitment_pages_act_for_the_commitment_s_company(client, login, two_hats, company, commitment):
    login(two_hats)
    response = client.get(f"/min-side/arbeidsgrupper/forpliktelse/{commitment.pk}/")
    assert response.status_code == 200
    assert response.context["representative"].company == company

    signup = client.post(f"/min-side/arbeidsgrupper/forpliktelse/{commitment.pk}/bli-med/", {"competence": "Økonomi"})
    assert signup.status_code == 302
    assert Participant.objects.filter(commitment=commitment, representative__user=two_hats).exists()


def test_another_company_s_commitment_is_still_a_404(client, login, two_hats, other_company, rv4):
    foreign = Commitment.objects.create(company=other_company, workgroup=rv4, hours_per_year=5)
    assert login(two_hats).get(f"/min-side/arbeidsgrupper/forpliktelse/{foreign.pk}/").status_code == 404


def test_an_admin_of_two_active_companies_commits_the_chosen_one(
    client, login, company_admin, company, other_company, rv4
):
    Representative.objects.create(user=company_admin, company=other_company, role=Representative.Role.ADMIN)
    login(company_admin)
    page = client.get(f"/min-side/arbeidsgrupper/?bedrift={other_company.pk}")
    assert page.context["company"] == other_company
    html = page.content.decode()
    assert f'name="bedrift" value="{other_company.pk}"' in html
    assert f"?bedrift={company.pk}" in html  # the way to the other company's workgroups

    response = client.post(
        f"/min-side/arbeidsgrupper/?bedrift={other_company.pk}",
        {"workgroup": rv4.pk, "hours_per_year": "12", "start_date": "2026-12-01", "note": "", "competence_note": ""},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Commitment.objects.get(workgroup=rv4).company == other_company


def test_the_dashboard_links_carry_the_company(client, login, two_hats, company, commitment):
    html = login(two_hats).get("/min-side/").content.decode()
    assert f"/min-side/arbeidsgrupper/?bedrift={company.pk}" in html


def test_the_room_of_a_group_the_person_does_not_join_explains_instead_of_a_bare_403(
    client, login, two_hats, commitment
):
    response = login(two_hats).get("/min-side/arbeidsgrupper/rv4/")
    assert response.status_code == 403
    assert "workgroups/member/room_forbidden.html" in [t.name for t in response.templates]
