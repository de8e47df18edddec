"""allauth's e-mails greet and sign off as the association, never as the host name."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_verification_mail_greets_and_signs_off_as_invekst(client, seeded, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the mail leaves after commit, through the queue
        response = client.post(
            reverse("account_signup"),
            {
                "name": "Åse Ødegård",
                "email": "ase@eksempel.no",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "accept_privacy": "on",
            },
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject.startswith("[INVEKST] ")
    assert "testserver" not in message.subject
    assert message.body.startswith("Hei fra Næringslaget INVEKST!")
    assert "Hei fra testserver" not in message.body
    assert message.body.rstrip().endswith("Vennlig hilsen\nNæringslaget INVEKST")
    assert "/konto/confirm-email/" in message.body


def test_the_password_reset_mail_too(client, company_member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": company_member.email})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].body.startswith("Hei fra Næringslaget INVEKST!")
    assert mail.outbox[0].subject.startswith("[INVEKST] ")
