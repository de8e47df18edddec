"""Brute force: every place that takes a secret or sends mail is rate limited, and one-time
links work once and expire.

Limits (settings.ACCOUNT_RATE_LIMITS, settings.CONTACT_RATE_LIMIT and the views' own rates):
login 30 POSTs a minute per address and 5 failed attempts per account in 5 minutes; signup
20 an hour per address; password reset 5 a minute per e-mail address; contact form 5 an
hour; invitation links 20 an hour; Brønnøysund lookups 30 a minute.

Invitation links (single use, 14 days) are tested in tests/members/test_invitations.py
(test_a_used_link_cannot_be_used_again, test_an_expired_link_is_refused); the password reset
link is tested here.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from allauth.account import app_settings as account_settings
from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.urls import reverse

from core import ratelimit
from invekst.models import ContactMessage
from members import views as member_views
from members.models import User
from tests.factories import PASSWORD

TOO_MANY = "For mange forsøk"  # templates/429.html, used by allauth too

CONTACT = {
    "name": "Kari Nordmann",
    "email": "kari@example.no",
    "subject": "Medlemskap",
    "message": "Hvordan blir vi medlem?",
    "consent": "on",
}


def _allowed(rate: str) -> int:
    """The count of the tightest allauth rate that applies to every attempt ('20/h/ip' -> 20)."""
    return min(int(part.split("/")[0]) for part in rate.split(","))


@dataclass(frozen=True)
class Door:
    method: str
    url: str
    allowed: int
    data: dict | None = None
    signed_in: bool = False
    text: str = TOO_MANY


def doors() -> dict[str, Door]:
    limits = account_settings.RATE_LIMITS
    return {
        # Different accounts each time, so only the per-address limit of all logins applies.
        "login": Door("post", reverse("account_login"), _allowed(limits["login"]), {"password": "feil"}),
        "signup": Door("post", reverse("account_signup"), _allowed(limits["signup"]), {}),
        "password reset": Door("post", reverse("account_reset_password"), 5, {"email": "member@mjosbedriften.no"}),
        "contact form": Door(
            "post", reverse("contact"), ratelimit.parse_rate(settings.CONTACT_RATE_LIMIT)[0], CONTACT, text="mange"
        ),
        "invitation link": Door(
            "get",
            reverse("members:invitation-accept", args=["ugyldig"]),
            ratelimit.parse_rate(member_views.INVITATION_ACCEPT_RATE)[0],
            text="mange",
        ),
        "Brønnøysund lookup": Door(
            "get",
            reverse("members:lookup") + "?orgnr=123",
            ratelimit.parse_rate(member_views.LOOKUP_RATE)[0],
            signed_in=True,
            text="mange",
        ),
    }


def test_the_configured_limits_are_in_force():
    limits = account_settings.RATE_LIMITS
    assert limits["login_failed"] == "10/m/ip,5/5m/key"
    assert limits["signup"] == "20/h/ip"
    assert limits["reset_password"] == "20/m/ip,5/m/key"
    assert limits["login"] and limits["reset_password_from_key"]


@pytest.mark.parametrize("name", list(doors()))
def test_each_door_answers_429_after_its_limit(client, login, company_member, name):
    door = doors()[name]
    if door.signed_in:
        login(company_member)
    for attempt in range(door.allowed):
        data = dict(door.data or {})
        if name == "login":
            data["login"] = f"gjett{attempt}@example.no"
        response = getattr(client, door.method)(door.url, data)
        assert response.status_code != 429, f"attempt {attempt + 1} of {door.allowed} was refused"
    data = dict(door.data or {})
    if name == "login":
        data["login"] = "member@mjosbedriften.no"
        data["password"] = PASSWORD
    response = getattr(client, door.method)(door.url, data)
    assert response.status_code == 429
    assert door.text in response.content.decode()
    if name == "login":
        assert "_auth_user_id" not in client.session


def test_a_limited_contact_form_stores_nothing_more(client, seeded):
    for _ in range(ratelimit.parse_rate(settings.CONTACT_RATE_LIMIT)[0]):
        client.post(reverse("contact"), CONTACT)
    stored = ContactMessage.objects.count()
    assert client.post(reverse("contact"), CONTACT).status_code == 429
    assert ContactMessage.objects.count() == stored


def test_a_limited_password_reset_sends_no_more_mail(client, company_member):
    for _ in range(5):
        client.post(reverse("account_reset_password"), {"email": "member@mjosbedriften.no"})
    sent = len(mail.outbox)
    assert client.post(reverse("account_reset_password"), {"email": "member@mjosbedriften.no"}).status_code == 429
    assert len(mail.outbox) == sent == 5


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, company_member):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "member@mjosbedriften.no", "password": "feil"})
    response = client.post(reverse("account_login"), {"login": "member@mjosbedriften.no", "password": PASSWORD})
    assert "For mange mislykkede innloggingsforsøk" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_limits_are_per_window_and_reset_afterwards(client, seeded, monkeypatch):
    """The fixed window of core.ratelimit: an hour later the contact form takes messages again."""
    import time as real_time

    now = real_time.time()
    monkeypatch.setattr(ratelimit.time, "time", lambda: now)
    for _ in range(ratelimit.parse_rate(settings.CONTACT_RATE_LIMIT)[0]):
        client.post(reverse("contact"), CONTACT)
    assert client.post(reverse("contact"), CONTACT).status_code == 429
    monkeypatch.setattr(ratelimit.time, "time", lambda: now + 3601)
    assert client.post(reverse("contact"), CONTACT).status_code == 302


# --- the password reset link: works once, and expires -----------------------------------


def _reset_link(client) -> str:
    mail.outbox = []
    client.post(reverse("account_reset_password"), {"email": "member@mjosbedriften.no"})
    assert len(mail.outbox) == 1
    return re.search(r"https?://[^/\s]+(/konto/password/reset/key/\S+/)", mail.outbox[0].body).group(1)


def _set_password(client, link: str, password: str):
    """Follow the link as the mail's reader does, then post the new password."""
    response = client.get(link)
    if response.status_code != 302:
        return response
    return client.post(response.url, {"password1": password, "password2": password})


def test_a_password_reset_link_sets_the_password(client, company_member):
    response = _set_password(client, _reset_link(client), "nytt-sterkt-passord-2026")
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_from_key_done")
    assert User.objects.get(pk=company_member.pk).check_password("nytt-sterkt-passord-2026")


def test_a_used_password_reset_link_is_refused(client, company_member):
    link = _reset_link(client)
    _set_password(client, link, "nytt-sterkt-passord-2026")
    client.logout()
    response = _set_password(client, link, "enda-et-nytt-passord-2026")
    assert response.status_code == 200
    assert response.context["token_fail"] is True
    assert User.objects.get(pk=company_member.pk).check_password("nytt-sterkt-passord-2026")


def test_an_expired_password_reset_link_is_refused(client, company_member, monkeypatch):
    link = _reset_link(client)
    later = PasswordResetTokenGenerator._now(PasswordResetTokenGenerator()) + timedelta(
        seconds=settings.PASSWORD_RESET_TIMEOUT + 60
    )
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)
    response = _set_password(client, link, "nytt-sterkt-passord-2026")
    assert response.status_code == 200
    assert response.context["token_fail"] is True
    assert User.objects.get(pk=company_member.pk).check_password(PASSWORD)


def test_a_password_reset_link_is_still_valid_just_before_it_expires(client, company_member, monkeypatch):
    link = _reset_link(client)
    later = PasswordResetTokenGenerator._now(PasswordResetTokenGenerator()) + timedelta(
        seconds=settings.PASSWORD_RESET_TIMEOUT - 60
    )
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)
    assert _set_password(client, link, "nytt-sterkt-passord-2026").status_code == 302


def test_the_password_reset_link_gets_its_own_rate_limit(client, company_member):
    allowed = _allowed(account_settings.RATE_LIMITS["reset_password_from_key"])
    url = reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "gjett"})
    for _ in range(allowed):
        assert client.post(url, {}).status_code != 429
    assert client.post(url, {}).status_code == 429
