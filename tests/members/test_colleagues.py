import pytest
from django.core import mail
from django.db import models

from members.models import Invitation, Representative
from tests.factories import make_user

URL = "/min-side/kolleger/"


def rep(user):
    return Representative.objects.get(user=user)


def test_colleagues_are_listed_for_members_without_admin_tools(client, login, company_admin, company_member):
    html = login(company_member).get(URL).content.decode()
    assert "admin@mjosbedriften.no" in html and "member@mjosbedriften.no" in html
    assert "Inviter en kollega" not in html
    assert "Spør bedriftens hovedkontakt" in html


def test_an_admin_invites_a_colleague_by_email(
    client, login, company, company_admin, django_capture_on_commit_callbacks
):
    login(company_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/min-side/kolleger/inviter/", {"email": "Ny.Kollega@Mjosbedriften.no", "role": "member"}, follow=True
        )
    assert "En invitasjon er sendt til Ny.Kollega@Mjosbedriften.no." in response.content.decode()
    invitation = Invitation.objects.get()
    assert (invitation.company, invitation.role, invitation.invited_by) == (company, "member", company_admin)
    (message,) = mail.outbox
    assert message.to == ["Ny.Kollega@Mjosbedriften.no"]
    assert message.reply_to == ["admin@mjosbedriften.no"]
    assert message.subject == "Invitasjon til å representere Mjøsbedriften AS i INVEKST"
    assert "http://testserver/min-side/invitasjon/" in message.body
    assert "Ny.Kollega@Mjosbedriften.no" in response.content.decode()  # listed as pending


def test_inviting_again_replaces_the_pending_invitation(client, login, company_admin):
    login(company_admin)
    client.post("/min-side/kolleger/inviter/", {"email": "ny@mjosbedriften.no", "role": "member"})
    first = Invitation.objects.get()
    client.post("/min-side/kolleger/inviter/", {"email": "NY@mjosbedriften.no", "role": "admin"})
    assert not Invitation.objects.filter(pk=first.pk).exists()
    assert Invitation.objects.get().role == "admin"


@pytest.mark.parametrize(
    ("email", "error"),
    [
        ("member@mjosbedriften.no", "member@mjosbedriften.no representerer allerede bedriften."),
        ("MEMBER@mjosbedriften.no", "representerer allerede bedriften."),
        ("", "Skriv kollegaens e-postadresse."),
        ("ikke-en-adresse", "Skriv en gyldig e-postadresse"),
        ("a" * 250 + "@x.no", "254 eller færre tegn"),
        ("ny\x00@mjosbedriften.no", "Null-tegn er ikke tillatt."),
        ("øyvind@mjosbedriften.no", "Skriv en gyldig e-postadresse"),
        ("ny@mjøsbedriften.no", None),
    ],
)
def test_bad_invitations_give_a_field_error_and_send_nothing(
    client, login, company_admin, company_member, email, error
):
    response = login(company_admin).post("/min-side/kolleger/inviter/", {"email": email, "role": "member"})
    if error is None:  # an internationalised domain is a valid address
        assert response.status_code == 302
        assert Invitation.objects.get().email == email
        return
    assert response.status_code == 200
    errors = response.context["invite_form"].errors["email"]
    assert any(error in message for message in errors), errors
    assert 'id="id_email_error"' in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_a_bad_role_is_a_field_error(client, login, company_admin):
    response = login(company_admin).post(
        "/min-side/kolleger/inviter/", {"email": "ny@mjosbedriften.no", "role": "owner"}
    )
    assert "role" in response.context["invite_form"].errors
    assert not Invitation.objects.exists()


def test_a_member_cannot_invite(client, login, company_member):
    response = login(company_member).post(
        "/min-side/kolleger/inviter/", {"email": "ny@mjosbedriften.no", "role": "admin"}
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_an_admin_withdraws_an_invitation(client, login, company, company_admin):
    invitation = Invitation.objects.create(company=company, email="ny@mjosbedriften.no", invited_by=company_admin)
    response = login(company_admin).post(f"/min-side/invitasjoner/{invitation.pk}/trekk-tilbake/", follow=True)
    assert "Invitasjonen til ny@mjosbedriften.no er trukket tilbake." in response.content.decode()
    assert not Invitation.objects.exists()


def test_an_admin_promotes_a_member_and_they_are_told(
    client, login, company_admin, company_member, django_capture_on_commit_callbacks
):
    login(company_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/min-side/kolleger/{rep(company_member).pk}/rolle/", {"role": "admin"}, follow=True)
    assert "Ola Medlem har nå rollen hovedkontakt (administrator)." in response.content.decode()
    assert rep(company_member).role == "admin"
    (message,) = mail.outbox
    assert message.to == ["member@mjosbedriften.no"]
    assert "Kari Admin har endret rollen din i Mjøsbedriften AS til hovedkontakt (administrator)." in message.body


def test_the_last_admin_cannot_demote_themselves(client, login, company_admin, company_member):
    response = login(company_admin).post(
        f"/min-side/kolleger/{rep(company_admin).pk}/rolle/", {"role": "member"}, follow=True
    )
    assert "Bedriften må ha minst én hovedkontakt. Gjør en kollega til hovedkontakt først." in response.content.decode()
    assert rep(company_admin).role == "admin"
    assert mail.outbox == []


def test_the_last_admin_cannot_remove_themselves(client, login, company_admin):
    login(company_admin)
    assert client.get(f"/min-side/kolleger/{rep(company_admin).pk}/fjern/").status_code == 200
    response = client.post(f"/min-side/kolleger/{rep(company_admin).pk}/fjern/", follow=True)
    assert "Bedriften må ha minst én hovedkontakt." in response.content.decode()
    assert Representative.objects.filter(user=company_admin).exists()


def test_an_admin_can_step_down_when_another_admin_remains(client, login, company_admin, company_member):
    Representative.objects.filter(user=company_member).update(role="admin")
    login(company_admin).post(f"/min-side/kolleger/{rep(company_admin).pk}/rolle/", {"role": "member"})
    assert rep(company_admin).role == "member"


def test_removing_a_colleague_asks_first_then_removes_and_tells_them(
    client, login, company_admin, company_member, django_capture_on_commit_callbacks
):
    login(company_admin)
    url = f"/min-side/kolleger/{rep(company_member).pk}/fjern/"
    confirm = client.get(url).content.decode()
    assert "Vil du fjerne Ola Medlem (member@mjosbedriften.no) fra Mjøsbedriften AS?" in confirm
    assert Representative.objects.filter(user=company_member).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "Ola Medlem er fjernet fra bedriften." in response.content.decode()
    assert not Representative.objects.filter(user=company_member).exists()
    assert company_member.__class__.objects.filter(pk=company_member.pk).exists()  # the account is kept
    (message,) = mail.outbox
    assert message.to == ["member@mjosbedriften.no"]
    assert message.subject == "Du representerer ikke lenger Mjøsbedriften AS"


def test_a_protected_colleague_is_explained_and_kept(client, login, company_admin, company_member, monkeypatch):
    def protected_delete(self, *args, **kwargs):
        raise models.ProtectedError("protected", {self})

    monkeypatch.setattr(Representative, "delete", protected_delete)
    response = login(company_admin).post(f"/min-side/kolleger/{rep(company_member).pk}/fjern/", follow=True)
    assert "Ola Medlem kan ikke fjernes, fordi bedriftens historikk viser til vedkommende" in response.content.decode()
    assert Representative.objects.filter(user=company_member).exists()
    assert mail.outbox == []


def test_a_member_cannot_change_roles_or_remove(client, login, company_admin, company_member):
    login(company_member)
    assert client.post(f"/min-side/kolleger/{rep(company_admin).pk}/rolle/", {"role": "member"}).status_code == 403
    assert client.post(f"/min-side/kolleger/{rep(company_admin).pk}/fjern/").status_code == 403
    assert rep(company_admin).role == "admin"


def test_an_unknown_role_changes_nothing(client, login, company_admin, company_member):
    response = login(company_admin).post(
        f"/min-side/kolleger/{rep(company_member).pk}/rolle/", {"role": "owner"}, follow=True
    )
    assert "Velg en rolle fra listen." in response.content.decode()
    assert rep(company_member).role == "member"


def test_colleagues_page_query_count_does_not_grow(client, login, company, company_admin):
    # Guards the N+1 of loading each colleague's and each inviter's user.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(company_admin)
    client.get(URL)  # the layout's values are cached from the first request on
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n in range(8):
        Representative.objects.create(user=make_user(f"k{n}@mjosbedriften.no"), company=company)
        Invitation.objects.create(company=company, email=f"i{n}@mjosbedriften.no", invited_by=company_admin)
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)
