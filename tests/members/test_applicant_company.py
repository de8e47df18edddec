"""Issue 15.2, 15.4 and 15.7: an applicant cannot invite yet; a member imported without a main
contact gets one through the secretariat; a rejected or former member can apply again."""

import pytest
from django.conf import settings
from django.core import mail

from members import services
from members.models import Company, Invitation, MembershipEvent, Representative
from tests.factories import make_company, make_user

pytestmark = pytest.mark.django_db

INVITE = "/min-side/kolleger/inviter/"
APPLY = "/bli-medlem/"


@pytest.fixture
def applicant_company(seeded):
    return make_company("912345602", "Søkerbedriften AS", status=Company.Status.APPLICANT)


@pytest.fixture
def applicant_admin(applicant_company):
    user = make_user("leder@sokerbedriften.no", name="Siri Søker")
    Representative.objects.create(user=user, company=applicant_company, role=Representative.Role.ADMIN)
    return user


def application(**changes):
    data = {
        "orgnr": "912345602",
        "name": "Søkerbedriften AS",
        "visiting_address": "Storgata 1",
        "postal_code": "2815",
        "postal_place": "Gjøvik",
        "municipality": "",
        "industry": "Rådgivning",
        "employees": "12",
        "website": "",
        "motivation": "Vi vil bidra i RV4.",
    }
    return {**data, **changes}


def with_municipality(data):
    from plans.models import Municipality

    return {**data, "municipality": Municipality.objects.get(number="3407").pk}


# --- 2: an applicant's admin cannot invite ---------------------------------------------------


def test_an_applicant_s_admin_cannot_invite_and_is_told_why(client, login, applicant_company, applicant_admin):
    login(applicant_admin)
    response = client.post(
        INVITE, {"email": "kollega@sokerbedriften.no", "role": "member", "bedrift": applicant_company.pk}
    )
    assert response.status_code == 403
    assert "Kolleger kan inviteres når sekretariatet har godkjent medlemskapet" in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_the_colleagues_page_of_an_applicant_explains_instead_of_offering_the_form(
    client, login, applicant_company, applicant_admin
):
    login(applicant_admin)
    html = client.get(f"/min-side/kolleger/?bedrift={applicant_company.pk}").content.decode()
    assert 'id="invitations-closed"' in html
    assert 'action="/min-side/kolleger/inviter/"' not in html


def test_the_service_refuses_too(applicant_company, applicant_admin):
    with pytest.raises(services.ValidationError):
        services.invitation_create(
            company=applicant_company,
            email="kollega@sokerbedriften.no",
            role="member",
            invited_by=applicant_admin,
            base_url="http://testserver/",
        )
    assert not Invitation.objects.exists()


def test_an_active_company_s_admin_still_invites(client, login, company, company_admin):
    response = login(company_admin).post(INVITE, {"email": "ny@mjosbedriften.no", "role": "member"})
    assert response.status_code == 302
    assert Invitation.objects.filter(email="ny@mjosbedriften.no").exists()


# --- 4: a member without a main contact ------------------------------------------------------


def test_someone_from_a_member_without_main_contact_is_offered_a_request_not_sent_to_nobody(
    client, login, company, django_capture_on_commit_callbacks
):
    person = make_user("ansatt@mjosbedriften.no", name="Are Ansatt")
    login(person)
    response = client.post(APPLY, with_municipality(application(orgnr=company.orgnr)))
    html = response.content.decode()
    assert response.status_code == 200
    assert "ingen er hovedkontakt" in html
    assert 'action="/bli-medlem/hovedkontakt/"' in html

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post("/bli-medlem/hovedkontakt/", {"orgnr": company.orgnr})
    assert done.status_code == 302
    [message] = mail.outbox
    assert message.to == [settings.SECRETARIAT_EMAIL]
    assert message.reply_to == ["ansatt@mjosbedriften.no"]
    assert f"/admin/members/company/{company.pk}/hovedkontakt/?email=ansatt%40mjosbedriften.no" in message.body
    assert not Representative.objects.filter(user=person).exists()  # the secretariat decides


def test_the_request_is_refused_when_the_company_has_a_main_contact(client, login, company, company_admin):
    person = make_user("ansatt@mjosbedriften.no")
    response = login(person).post("/bli-medlem/hovedkontakt/", {"orgnr": company.orgnr})
    assert response.status_code == 302
    assert mail.outbox == []


def test_the_secretariat_invites_a_main_contact_from_the_company_page(
    client, login, company, secretariat, django_capture_on_commit_callbacks
):
    login(secretariat)
    change = client.get(f"/admin/members/company/{company.pk}/change/").content.decode()
    assert f"/admin/members/company/{company.pk}/hovedkontakt/" in change
    form = client.get(f"/admin/members/company/{company.pk}/hovedkontakt/?email=leder@mjosbedriften.no")
    assert form.status_code == 200
    assert 'value="leder@mjosbedriften.no"' in form.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/members/company/{company.pk}/hovedkontakt/", {"email": "leder@mjosbedriften.no"}
        )

    assert response.status_code == 302
    invitation = Invitation.objects.get(company=company)
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "leder@mjosbedriften.no",
        Representative.Role.ADMIN,
        secretariat,
    )
    [message] = mail.outbox
    assert message.to == ["leder@mjosbedriften.no"]
    # The person accepts and is the company's main contact.
    person = make_user("leder@mjosbedriften.no")
    services.invitation_accept(invitation=invitation, user=person)
    assert Representative.objects.get(user=person, company=company).is_admin


def test_a_bad_address_in_the_main_contact_form_says_so_and_sends_nothing(client, login, company, secretariat):
    response = login(secretariat).post(
        f"/admin/members/company/{company.pk}/hovedkontakt/", {"email": "ikke en adresse"}
    )
    assert response.status_code == 400
    assert not Invitation.objects.exists()
    assert mail.outbox == []


# --- 7: applying again after a rejection ----------------------------------------------------


@pytest.mark.parametrize("status", [Company.Status.REJECTED, Company.Status.LAPSED])
def test_a_rejected_or_former_member_applies_again_on_the_same_row_with_history(
    client, login, seeded, status, django_capture_on_commit_callbacks
):
    company = make_company("912345602", "Gammelt Navn AS", status=status)
    MembershipEvent.objects.create(company=company, from_status="applicant", to_status="rejected")
    person = make_user("ny@sokerbedriften.no")
    login(person)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(APPLY, with_municipality(application()))

    assert response.status_code == 302, response.context["form"].errors
    company.refresh_from_db()
    assert Company.objects.filter(orgnr="912345602").count() == 1
    assert (company.status, company.name, company.motivation) == (
        "applicant",
        "Søkerbedriften AS",
        "Vi vil bidra i RV4.",
    )
    assert Representative.objects.get(user=person, company=company).is_admin
    latest = MembershipEvent.objects.filter(company=company).first()
    assert (latest.from_status, latest.to_status, latest.changed_by) == (status, "applicant", person)
    assert MembershipEvent.objects.filter(company=company).count() == 2
    assert [settings.SECRETARIAT_EMAIL] in [m.to for m in mail.outbox]  # the secretariat reviews it


def test_a_waiting_application_is_not_made_twice(client, login, applicant_company, applicant_admin):
    person = make_user("andre@sokerbedriften.no")
    response = login(person).post(APPLY, with_municipality(application()))
    assert response.status_code == 200
    assert "venter allerede" in response.content.decode()
    assert not Representative.objects.filter(user=person).exists()
