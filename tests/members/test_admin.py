import pytest
from django.core import mail

from members.models import Company, Invitation, MembershipEvent
from tests.factories import make_user

Status = Company.Status


@pytest.fixture
def application(company, company_admin):
    Company.objects.filter(pk=company.pk).update(status=Status.APPLICANT)
    company.refresh_from_db()
    return company


def change_url(company):
    return f"/admin/members/company/{company.pk}/change/"


def test_the_change_page_offers_the_allowed_decisions_and_shows_the_history(
    client, login, application, secretariat_staff
):
    MembershipEvent.objects.create(company=application, from_status="", to_status="applicant", note="Søkt på nett")
    html = login(secretariat_staff).get(change_url(application)).content.decode()
    assert f"/admin/members/company/{application.pk}/membership/approve/" in html
    assert f"/admin/members/company/{application.pk}/membership/reject/" in html
    assert "/membership/resign/" not in html
    assert "Søkt på nett" in html  # the history inline
    assert "medlemskapshistorikk" in html.lower()


def test_the_secretariat_approves_from_the_change_page_with_a_note(
    client, login, application, secretariat_staff, django_capture_on_commit_callbacks
):
    login(secretariat_staff)
    url = f"/admin/members/company/{application.pk}/membership/approve/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="note"' in page.content.decode()
    assert application.status == Status.APPLICANT  # a GET changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"note": "Velkommen som medlem!"})
    assert response.status_code == 302
    assert response["Location"] == change_url(application)
    application.refresh_from_db()
    assert application.status == Status.ACTIVE
    event = MembershipEvent.objects.get()
    assert (event.from_status, event.to_status, event.changed_by, event.note) == (
        "applicant",
        "active",
        secretariat_staff,
        "Velkommen som medlem!",
    )
    (message,) = mail.outbox
    assert message.to == ["admin@mjosbedriften.no"]
    assert message.subject == "Mjøsbedriften AS er nå medlem av INVEKST"
    assert "Velkommen som medlem!" in message.body


def test_the_secretariat_rejects_from_the_change_page_and_the_applicant_is_told(
    client, login, application, secretariat_staff, django_capture_on_commit_callbacks
):
    login(secretariat_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/members/company/{application.pk}/membership/reject/", {"note": "Ikke i regionen."})
    application.refresh_from_db()
    assert application.status == Status.REJECTED
    (message,) = mail.outbox
    assert message.subject == "Medlemssøknaden for Mjøsbedriften AS"
    assert "Ikke i regionen." in message.body


def test_an_illegal_decision_in_admin_changes_nothing(client, login, application, secretariat_staff):
    response = login(secretariat_staff).post(
        f"/admin/members/company/{application.pk}/membership/resign/", {"note": ""}, follow=True
    )
    assert "Et medlemskap kan ikke gå fra «søker» til «utmeldt»." in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.APPLICANT
    assert not MembershipEvent.objects.exists()


def test_an_unknown_decision_or_company_is_404(client, login, application, secretariat_staff):
    login(secretariat_staff)
    assert client.get(f"/admin/members/company/{application.pk}/membership/promote/").status_code == 404
    assert client.get("/admin/members/company/999999/membership/approve/").status_code == 404


def test_staff_without_the_change_permission_cannot_decide(client, login, application):
    # Staff outside the «Sekretariat» group, with no permissions of its own.
    login(make_user("vikar@invekst.no", is_staff=True))
    response = client.post(f"/admin/members/company/{application.pk}/membership/approve/", {"note": ""})
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == Status.APPLICANT


def test_a_member_cannot_reach_the_admin_decisions(client, login, application, company_admin):
    response = login(company_admin).post(f"/admin/members/company/{application.pk}/membership/approve/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    application.refresh_from_db()
    assert application.status == Status.APPLICANT


def test_the_changelist_action_asks_for_a_note_then_approves_the_selected(
    client, login, application, other_company, secretariat_staff, django_capture_on_commit_callbacks
):
    Company.objects.filter(pk=other_company.pk).update(status=Status.APPLICANT)
    login(secretariat_staff)
    selection = {"action": "approve_selected", "_selected_action": [application.pk, other_company.pk]}
    # The action works on the list the secretariat is looking at: here the applications.
    confirm = client.post("/admin/members/company/?status=applicant", selection)
    assert confirm.status_code == 200
    assert 'name="note"' in confirm.content.decode()
    assert not MembershipEvent.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/members/company/?status=applicant",
            {**selection, "confirm": "1", "note": "Godkjent i styremøtet"},
            follow=True,
        )
    assert "2 bedrifter er endret til «aktivt medlem»" in response.content.decode()
    assert set(Company.objects.values_list("status", flat=True)) == {Status.ACTIVE}
    assert MembershipEvent.objects.filter(note="Godkjent i styremøtet").count() == 2
    assert len(mail.outbox) == 1  # other_company has no admin in this test; the applicant's admin gets one


def test_the_changelist_action_reports_companies_it_could_not_change(
    client, login, application, other_company, secretariat_staff
):
    login(secretariat_staff)  # other_company is already active
    response = client.post(
        "/admin/members/company/?status=all",
        {
            "action": "reject_selected",
            "_selected_action": [application.pk, other_company.pk],
            "confirm": "1",
            "note": "",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Ikke endret, fordi statusen deres ikke tillater det: Totenbedriften AS" in html
    application.refresh_from_db()
    other_company.refresh_from_db()
    assert (application.status, other_company.status) == (Status.REJECTED, Status.ACTIVE)


def test_the_status_cannot_be_edited_directly_in_admin(client, login, company, superuser):
    login(superuser)
    form = client.get(change_url(company)).content.decode()
    assert 'name="status"' not in form


def test_history_and_invitations_are_listed_read_only(client, login, company, company_admin, superuser):
    MembershipEvent.objects.create(company=company, from_status="applicant", to_status="active")
    Invitation.objects.create(company=company, email="ny@mjosbedriften.no", invited_by=company_admin)
    login(superuser)
    assert client.get("/admin/members/membershipevent/").status_code == 200
    assert client.get("/admin/members/membershipevent/add/").status_code == 403
    assert "ny@mjosbedriften.no" in client.get("/admin/members/invitation/").content.decode()
    assert client.get("/admin/members/invitation/add/").status_code == 403
