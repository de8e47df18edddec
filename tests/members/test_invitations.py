import time
from urllib.parse import parse_qs, urlparse

import pytest
from allauth.account.models import EmailAddress
from django.core import mail, signing

from members import services
from members.models import Invitation, Representative, User
from tests.factories import PASSWORD, make_user


@pytest.fixture
def invitation(company, company_admin):
    return Invitation.objects.create(
        company=company, email="ny@mjosbedriften.no", role="member", invited_by=company_admin
    )


def link(invitation) -> str:
    return f"/min-side/invitasjon/{services.invitation_token(invitation)}/"


def signup_data(email: str, next_url: str) -> dict:
    # Fields another part of the signup may add (name, privacy consent) are filled when present.
    return {
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "name": "Nina Ny",
        "accept_privacy": "on",
        "next": next_url,
    }


def test_a_new_person_signs_up_through_the_link_and_joins_the_company(
    client, invitation, company, django_capture_on_commit_callbacks
):
    url = link(invitation)
    response = client.get(url)
    assert response.status_code == 302
    target = urlparse(response["Location"])
    assert target.path == "/konto/signup/"
    assert parse_qs(target.query) == {"email": ["ny@mjosbedriften.no"], "next": [url]}

    signup_page = client.get(response["Location"])
    assert 'value="ny@mjosbedriften.no"' in signup_page.content.decode()
    response = client.post("/konto/signup/", signup_data("ny@mjosbedriften.no", url))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == url

    confirm = client.get(url)
    assert "Du er invitert til å representere Mjøsbedriften AS" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == "/min-side/"
    html = response.content.decode()
    assert "Velkommen! Du representerer nå Mjøsbedriften AS." in html
    user = User.objects.get(email="ny@mjosbedriften.no")
    assert Representative.objects.get(user=user).company == company
    # The link came to that inbox, so the address counts as verified.
    assert EmailAddress.objects.get(user=user).verified
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    inviter_mail = [m for m in mail.outbox if m.to == ["admin@mjosbedriften.no"]]
    assert inviter_mail[0].subject == "ny@mjosbedriften.no har godtatt invitasjonen din"


def test_an_existing_account_is_asked_to_log_in_and_comes_back(client, invitation):
    make_user("ny@mjosbedriften.no")
    url = link(invitation)
    response = client.get(url)
    target = urlparse(response["Location"])
    assert (target.path, parse_qs(target.query)) == ("/konto/login/", {"next": [url]})
    response = client.post("/konto/login/", {"login": "ny@mjosbedriften.no", "password": PASSWORD, "next": url})
    assert response["Location"] == url
    client.post(url)
    assert Representative.objects.filter(user__email="ny@mjosbedriften.no").exists()


def test_an_address_in_other_case_is_the_same_person(client, login, invitation):
    user = make_user("NY@Mjosbedriften.no")
    login(user).post(link(invitation))
    assert Representative.objects.filter(user=user, role="member").exists()


def test_a_different_signed_in_user_gets_a_clear_message_and_nothing_changes(client, login, invitation, outsider):
    url = link(invitation)
    response = login(outsider).get(url)
    assert response.status_code == 403
    assert "Denne invitasjonen ble sendt til ny@mjosbedriften.no, men du er logget inn som admin@totenbedriften.no" in (
        response.content.decode()
    )
    assert client.post(url).status_code == 403
    assert not Representative.objects.filter(user=outsider, company=invitation.company).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_a_used_link_cannot_be_used_again(client, login, invitation):
    user = make_user("ny@mjosbedriften.no")
    url = link(invitation)
    login(user).post(url)
    Representative.objects.filter(user=user).delete()
    response = client.post(url)
    assert response.status_code == 400
    assert "Denne invitasjonen er allerede brukt." in response.content.decode()
    assert not Representative.objects.filter(user=user).exists()


def test_an_expired_link_is_refused(client, login, invitation, monkeypatch):
    user = make_user("ny@mjosbedriften.no")
    url = link(invitation)
    later = time.time() + 15 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = login(user).post(url)
    assert response.status_code == 400
    assert "Invitasjonslenken har utløpt." in response.content.decode()
    assert not Representative.objects.filter(user=user).exists()


def test_a_link_is_still_valid_after_thirteen_days(client, login, invitation, monkeypatch):
    user = make_user("ny@mjosbedriften.no")
    url = link(invitation)
    later = time.time() + 13 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert login(user).post(url).status_code == 302


@pytest.mark.parametrize(
    "mangle", [lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), lambda t: "1:" + t, lambda t: "x"]
)
def test_a_tampered_link_is_refused(client, login, invitation, mangle):
    user = make_user("ny@mjosbedriften.no")
    token = mangle(services.invitation_token(invitation))
    response = login(user).post(f"/min-side/invitasjon/{token}/")
    assert response.status_code == 400
    assert "Invitasjonslenken er ikke gyldig." in response.content.decode()
    assert not Representative.objects.filter(user=user).exists()


def test_a_link_for_another_invitation_id_cannot_be_forged(client, login, invitation, company, company_admin):
    other = Invitation.objects.create(company=company, email="annen@mjosbedriften.no", invited_by=company_admin)
    token = services.invitation_token(invitation).replace(f"{invitation.pk}:", f"{other.pk}:", 1)
    response = login(make_user("annen@mjosbedriften.no")).post(f"/min-side/invitasjon/{token}/")
    assert response.status_code == 400


def test_a_withdrawn_invitation_link_stops_working(client, login, invitation):
    url = link(invitation)
    invitation.delete()
    response = login(make_user("ny@mjosbedriften.no")).get(url)
    assert response.status_code == 400
    assert "Invitasjonslenken er ikke gyldig." in response.content.decode()


def test_accepting_attempts_are_rate_limited(client, invitation):
    statuses = [client.get("/min-side/invitasjon/guess/").status_code for _ in range(21)]
    assert statuses[:20] == [400] * 20
    assert statuses[20] == 429
    assert "For mange forsøk på kort tid." in client.get(link(invitation)).content.decode()


def test_an_admin_invitation_promotes_an_existing_member(client, login, company, company_admin, company_member):
    invitation = Invitation.objects.create(
        company=company, email=company_member.email, role="admin", invited_by=company_admin
    )
    login(company_member).post(link(invitation))
    assert Representative.objects.get(user=company_member).role == "admin"
    assert Representative.objects.filter(user=company_member).count() == 1


def test_an_accepted_by_without_a_time_is_refused_by_clean_and_database(invitation, company_admin):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    invitation.accepted_by = company_admin
    with pytest.raises(ValidationError):
        invitation.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        invitation.save()
