import pytest

from members.models import Company, Representative
from plans.models import Municipality
from tests.factories import make_company, make_user


def test_the_dashboard_shows_the_company_its_status_and_its_representatives(
    client, login, company_admin, company_member
):
    html = login(company_member).get("/min-side/").content.decode()
    assert "Mjøsbedriften AS" in html
    assert "aktivt medlem" in html
    assert "Kari Admin" in html and "Ola Medlem" in html
    assert "/min-side/bedrift/?bedrift=" in html


@pytest.mark.parametrize(
    ("status", "explanation"),
    [
        (Company.Status.APPLICANT, "Søknaden venter på godkjenning fra sekretariatet."),
        (Company.Status.REJECTED, "Søknaden ble ikke godkjent."),
        (Company.Status.RESIGNED, "Bedriften har meldt seg ut."),
        (Company.Status.LAPSED, "Medlemskapet har falt bort."),
    ],
)
def test_the_dashboard_explains_a_status_that_is_not_active(client, login, company, company_admin, status, explanation):
    Company.objects.filter(pk=company.pk).update(status=status)
    assert explanation in login(company_admin).get("/min-side/").content.decode()


def test_a_user_without_a_company_is_invited_to_apply_or_ask_for_an_invitation(client, login, seeded):
    html = login(make_user("ny@example.no")).get("/min-side/").content.decode()
    assert "Du representerer ingen bedrift ennå" in html
    assert 'href="/bli-medlem/"' in html
    assert "ber du hovedkontakten om å invitere deg" in html


def test_the_dashboard_query_count_does_not_grow_with_colleagues(client, login, company, company_admin):
    # Guards the N+1 of loading each colleague's user for the representatives list.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(company_admin)
    client.get("/min-side/")  # the layout's values are cached from the first request on
    with CaptureQueriesContext(connection) as few:
        client.get("/min-side/")
    for n in range(10):
        Representative.objects.create(user=make_user(f"kollega{n}@mjosbedriften.no"), company=company)
    with CaptureQueriesContext(connection) as many:
        client.get("/min-side/")
    assert len(many) == len(few)


def profile_data(**overrides):
    data = {
        "bedrift": "",
        "name": "Mjøsbedriften Holding AS",
        "visiting_address": "Storgata 1",
        "postal_code": "2815",
        "postal_place": "Gjøvik",
        "municipality": str(Municipality.objects.get(number="3442").pk),
        "industry": "Industri",
        "employees": "40",
        "website": "mjosbedriften.no",
    }
    data.update(overrides)
    return data


def test_a_company_admin_edits_the_profile_and_can_hide_the_company(client, login, company, company_admin):
    login(company_admin)
    response = client.post("/min-side/bedrift/", profile_data(hide_from_directory="on", orgnr="999999972"), follow=True)
    assert "Bedriftsprofilen er lagret." in response.content.decode()
    company.refresh_from_db()
    assert company.name == "Mjøsbedriften Holding AS"
    assert company.municipality.number == "3442"
    assert company.website == "https://mjosbedriften.no"
    assert company.show_in_directory is False
    assert company.orgnr == "999999980"  # not editable


def test_unticking_hide_shows_the_company_again(client, login, company, company_admin):
    Company.objects.filter(pk=company.pk).update(show_in_directory=False)
    login(company_admin).post("/min-side/bedrift/", profile_data())
    company.refresh_from_db()
    assert company.show_in_directory is True


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("name", "", "Skriv bedriftens navn."),
        ("name", "x" * 201, "200 eller færre tegn"),
        ("name", "Bad\x00name", "Null-tegn er ikke tillatt."),
        ("postal_code", "12", "Et postnummer har fire siffer."),
        ("employees", "1000001", "mindre enn eller lik 1000000"),
        ("municipality", "nope", "Velg et gyldig valg"),
    ],
)
def test_bad_profile_input_gives_a_field_error_and_saves_nothing(
    client, login, company, company_admin, field, value, error
):
    response = login(company_admin).post("/min-side/bedrift/", profile_data(**{field: value}))
    assert response.status_code == 200
    assert any(error in message for message in response.context["form"].errors[field]), response.context["form"].errors
    company.refresh_from_db()
    assert company.name == "Mjøsbedriften AS"


def test_a_member_sees_the_profile_read_only_and_cannot_post(client, login, company, company_member):
    login(company_member)
    html = client.get("/min-side/bedrift/").content.decode()
    assert "Bare bedriftens hovedkontakt kan endre profilen." in html
    assert 'name="name"' not in html
    assert client.post("/min-side/bedrift/", profile_data()).status_code == 403
    company.refresh_from_db()
    assert company.name == "Mjøsbedriften AS"


def test_a_user_with_two_companies_picks_one_and_cannot_pick_others(
    client, login, company, company_admin, other_company
):
    third = make_company("912345602", "Tredje AS")
    Representative.objects.create(user=company_admin, company=third, role="member")
    login(company_admin)
    assert "Tredje AS" in client.get(f"/min-side/bedrift/?bedrift={third.pk}").content.decode()
    assert client.get(f"/min-side/bedrift/?bedrift={other_company.pk}").status_code == 404


def test_dashboard_shows_the_workgroup_obligation_for_an_active_company(client, login, company_admin):
    login(company_admin)
    html = client.get("/min-side/").content.decode()
    assert 'id="company-commitments-' in html
    assert "/min-side/arbeidsgrupper/" in html
    assert "/min-side/mine-data/" in html
