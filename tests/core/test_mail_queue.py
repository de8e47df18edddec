"""E-mail through the queue: requests store messages, the worker sends and retries them."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.mail import mail_on_commit, retry_delay, send_outgoing
from core.models import OutgoingMessage
from invekst.models import ContactMessage

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
CONTACT = {
    "name": "Kari Nordmann",
    "email": "kari@example.no",
    "subject": "Medlemskap",
    "message": "Hvordan blir vi medlem?",
    "consent": "on",
    "website": "",
}


class RefusingBackend:
    """A mail server that refuses connections."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")


class RecipientRefusingBackend(RefusingBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"nobody@example.no": (550, b"No such user")})


REFUSING = "tests.core.test_mail_queue.RefusingBackend"


@override_settings(TASKS=DATABASE_TASKS)
def test_a_request_only_stores_the_message_and_its_task(client, seeded, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("contact"), CONTACT)
    assert response.status_code == 302
    assert mail.outbox == []  # nothing was sent in the request
    outgoing = OutgoingMessage.objects.get()
    assert (outgoing.status, outgoing.to, outgoing.reply_to) == ("queued", ["line@gjovikby.no"], ["kari@example.no"])
    task = DBTaskResult.objects.get()
    assert task.task_path == "core.tasks.send_outgoing_message"
    assert task.args_kwargs["args"] == [outgoing.pk]


@override_settings(EMAIL_BACKEND=REFUSING)
def test_a_refusing_mail_server_never_fails_the_request(client, seeded, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("contact"), CONTACT, follow=True)
    assert response.status_code == 200
    assert "Takk! Meldingen er sendt" in response.content.decode()
    assert ContactMessage.objects.count() == 1
    outgoing = OutgoingMessage.objects.get()
    assert outgoing.status == "retrying"
    assert outgoing.attempts == 1
    assert "Connection refused" in outgoing.last_error
    assert outgoing.next_attempt_at > timezone.now()


def test_a_failed_attempt_is_retried_later_and_then_sent(settings, django_capture_on_commit_callbacks):
    # Through the `settings` fixture only: nesting it in override_settings would leak TASKS.
    settings.TASKS = DATABASE_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        outgoing = mail_on_commit(
            template="invekst/email/contact_message",
            context={"message": ContactMessage(name="A", email="a@b.no", subject="S", message="Tekst")},
            to=["x@example.no"],
        )
    settings.EMAIL_BACKEND = REFUSING
    before = timezone.now()
    assert send_outgoing(outgoing.pk) == "retrying"
    retry = DBTaskResult.objects.order_by("-enqueued_at").first()
    assert DBTaskResult.objects.count() == 2
    assert retry.run_after >= before + datetime.timedelta(seconds=59)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_outgoing(outgoing.pk) == "sent"
    outgoing.refresh_from_db()
    assert (outgoing.status, outgoing.attempts, outgoing.last_error) == ("sent", 2, "")
    assert outgoing.body == ""  # a sign-in link is not kept once sent
    assert len(mail.outbox) == 1 and "Tekst" in mail.outbox[0].body
    assert send_outgoing(outgoing.pk) == "sent"  # a second task for it sends nothing
    assert len(mail.outbox) == 1


def test_the_backoff_doubles_up_to_an_hour(settings):
    settings.EMAIL_RETRY_BASE_SECONDS = 60
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 6, 7, 12)] == [60, 120, 240, 1920, 3600, 3600]


def test_after_the_last_attempt_the_message_fails_and_says_so(settings, caplog):
    settings.EMAIL_BACKEND = REFUSING
    settings.EMAIL_MAX_ATTEMPTS = 2
    outgoing = OutgoingMessage.objects.create(subject="S", body="B", from_email="f@x.no", to=["t@x.no"])
    assert send_outgoing(outgoing.pk) == "retrying"
    assert send_outgoing(outgoing.pk) == "failed"
    assert any(r.levelname == "ERROR" and "failed after 2 attempt(s)" in r.getMessage() for r in caplog.records)


def test_a_refused_recipient_fails_at_once(settings):
    settings.EMAIL_BACKEND = "tests.core.test_mail_queue.RecipientRefusingBackend"
    outgoing = OutgoingMessage.objects.create(subject="S", body="B", from_email="f@x.no", to=["nobody@example.no"])
    assert send_outgoing(outgoing.pk) == "failed"


def test_allauth_mail_goes_through_the_queue(client, company_member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "member@mjosbedriften.no"})
    assert response.status_code == 302
    outgoing = OutgoingMessage.objects.get()
    assert outgoing.to == ["member@mjosbedriften.no"]
    assert outgoing.status == "sent"
    assert "/konto/password/reset/key/" in mail.outbox[0].body


def test_the_secretariat_sees_the_queue_and_sends_a_failed_message_again(
    client, login, secretariat, settings, django_capture_on_commit_callbacks
):
    failed = OutgoingMessage.objects.create(
        subject="Velkommen", body="B", from_email="f@x.no", to=["t@x.no"], status="failed", attempts=15, last_error="X"
    )
    login(secretariat)
    html = client.get("/admin/core/outgoingmessage/").content.decode()
    assert "Velkommen" in html and "t@x.no" in html
    page = client.get(f"/admin/core/outgoingmessage/{failed.pk}/change/").content.decode()
    assert "X" in page and ">B<" not in page  # status and error, never the text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/core/outgoingmessage/", {"action": "send_again", "_selected_action": [failed.pk]}
        )
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == ("sent", 1)
    assert mail.outbox[0].subject == "Velkommen"


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_the_worker_sends_what_requests_queued(client, seeded):
    response = client.post(reverse("contact"), CONTACT)
    assert response.status_code == 302
    assert mail.outbox == []
    call_command("worker", batch=True, verbosity=0)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["line@gjovikby.no"]
    assert OutgoingMessage.objects.get().status == "sent"
