import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from invekst.models import ContactMessage

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Kari Nordmann",
    "email": "kari@example.no",
    "organisation": "Eksempel AS",
    "subject": "Medlemskap",
    "message": "Hvordan blir vi medlem?",
    "consent": "on",
    "website": "",
}


def test_valid_message_is_stored_and_mailed_to_the_secretariat(client, seeded, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("contact"), VALID, follow=True)
    assert response.status_code == 200
    assert "Takk! Meldingen er sendt" in response.content.decode()
    message = ContactMessage.objects.get()
    assert message.subject == "Medlemskap"
    assert message.consent_version
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["line@gjovikby.no"]
    assert mail.outbox[0].reply_to == ["kari@example.no"]
    assert "Hvordan blir vi medlem?" in mail.outbox[0].body


def test_mail_is_sent_only_after_commit(client, seeded, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("contact"), VALID)
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("name", "", "Skriv navnet ditt."),
        ("email", "", "Vi trenger en e-postadresse for å kunne svare deg."),
        ("email", "ikke-en-adresse", "Skriv en gyldig e-postadresse"),
        ("subject", "", "Skriv et kort emne."),
        ("message", "", "Skriv meldingen din."),
        ("consent", "", "Du må godta personvernerklæringen for å sende meldingen."),
        ("subject", "x" * 201, "Sørg for at denne verdien har 200 eller færre tegn"),
        ("message", "hei\x00der", "Null-tegn er ikke tillatt."),
    ],
)
def test_invalid_input_shows_error_at_the_field_and_stores_nothing(client, seeded, field, value, error):
    data = {**VALID, field: value}
    if field == "consent" and not value:
        del data["consent"]
    response = client.post(reverse("contact"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert error in html
    assert f'id="id_{field}_error"' in html
    assert ContactMessage.objects.count() == 0
    assert mail.outbox == []


def test_honeypot_stores_nothing_but_looks_like_success(client, seeded):
    response = client.post(reverse("contact"), {**VALID, "website": "http://spam.example"}, follow=True)
    assert response.status_code == 200
    assert ContactMessage.objects.count() == 0
    assert mail.outbox == []


@override_settings(CONTACT_RATE_LIMIT="3/h")
def test_rate_limit_answers_429_and_stores_nothing(client, seeded):
    for _ in range(3):
        assert client.post(reverse("contact"), VALID).status_code == 302
    response = client.post(reverse("contact"), VALID)
    assert response.status_code == 429
    assert "mange meldinger" in response.content.decode()
    assert ContactMessage.objects.count() == 3


def test_contact_form_requires_csrf(seeded):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("contact"), VALID)
    assert response.status_code == 403
    assert ContactMessage.objects.count() == 0


@override_settings(CONTACT_RATE_LIMIT="2/h", TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_limit_counts_each_visitor_not_the_proxy(client, seeded):
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(2):
        assert client.post(reverse("contact"), VALID, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 302
    assert client.post(reverse("contact"), VALID, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 429
    # Another visitor through the same proxy is not blocked.
    assert client.post(reverse("contact"), VALID, HTTP_X_FORWARDED_FOR="198.51.100.9", **proxy).status_code == 302
    # A forged left-most address does not help: the proxy appends the real one on the right.
    spoofed = "1.2.3.4, 203.0.113.7"
    assert client.post(reverse("contact"), VALID, HTTP_X_FORWARDED_FOR=spoofed, **proxy).status_code == 429
