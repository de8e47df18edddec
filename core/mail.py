"""E-mail through the queue, shared by every app.

A request never speaks SMTP. `mail_on_commit` (and `queue_email` for a message already
built, such as allauth's) stores an OutgoingMessage in the caller's transaction and, once it
commits, enqueues a task that the worker runs (`manage.py worker`). The task sends the
message, retries with backoff while the mail server is unreachable, and records status,
attempts and the last error, which the secretariat sees in admin («Utgående e-post»).
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import override

from core.models import OutgoingMessage

logger = logging.getLogger(__name__)


def mail_on_commit(
    *, template: str, context: dict, to: list[str], reply_to: list[str] | None = None
) -> OutgoingMessage | None:
    """Render `<template>_subject.txt` and `<template>.txt` in the site language; send after commit.

    Nothing leaves while the transaction can still roll back, and nothing is sent to nobody.
    """
    if not to:
        return None
    with override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}.txt", context)
    return queue_email(EmailMessage(subject=subject, body=body, to=to, reply_to=reply_to))


def queue_email(message: EmailMessage) -> OutgoingMessage:
    """Store a built message and enqueue its sending once the current transaction commits."""
    html = ""
    if isinstance(message, EmailMultiAlternatives):
        html = next((content for content, mimetype in message.alternatives if mimetype == "text/html"), "")
    outgoing = OutgoingMessage.objects.create(
        # One line: a subject with a line break is refused by Django's mail.
        subject=" ".join(str(message.subject).split()),
        body=message.body,
        html_body=html,
        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
        to=list(message.to),
        reply_to=list(message.reply_to),
        headers=dict(message.extra_headers),
    )
    transaction.on_commit(lambda: enqueue_sending(outgoing))
    return outgoing


def enqueue_sending(outgoing: OutgoingMessage) -> None:
    """Put the message's sending on the task queue; called once the message is committed."""
    from core.tasks import send_outgoing_message

    try:
        send_outgoing_message.enqueue(outgoing.pk)
    except Exception:
        # The message is stored and shows as queued in admin ("Send again" re-enqueues it);
        # the request that caused it has committed and must not fail now.
        logger.exception("Could not enqueue e-mail %s", outgoing.pk)


def _enqueue_retry(outgoing: OutgoingMessage) -> None:
    """The next attempt at next_attempt_at, with a backend that can defer (the database one).

    Running tasks at once (the test settings' immediate backend) would turn the backoff into
    a loop, so there the message just stays «waiting to retry».
    """
    from core.tasks import send_outgoing_message

    if send_outgoing_message.get_backend().supports_defer:
        send_outgoing_message.using(run_after=outgoing.next_attempt_at).enqueue(outgoing.pk)


def retry_delay(attempts: int) -> datetime.timedelta:
    """Backoff after the n-th failed attempt: 1, 2, 4 … minutes, then hourly (EMAIL_RETRY_BASE_SECONDS)."""
    base = settings.EMAIL_RETRY_BASE_SECONDS
    return datetime.timedelta(seconds=min(base * 2 ** (attempts - 1), base * 60))


def build_message(outgoing: OutgoingMessage) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=outgoing.subject,
        body=outgoing.body,
        from_email=outgoing.from_email,
        to=outgoing.to,
        reply_to=outgoing.reply_to or None,
        headers=outgoing.headers or None,
    )
    if outgoing.html_body:
        message.attach_alternative(outgoing.html_body, "text/html")
    return message


@transaction.atomic
def send_outgoing(message_id: int) -> str:
    """Send one stored message now; on failure record why and schedule the next attempt.

    The row is locked while sending, so two tasks for one message cannot both send it. A
    recipient the server refuses is permanent (failed at once); anything else is retried
    until EMAIL_MAX_ATTEMPTS, then marked failed and logged as an error (which reaches the
    error reporter and ADMINS).
    """
    outgoing = OutgoingMessage.objects.select_for_update().filter(pk=message_id).first()
    if outgoing is None or outgoing.status in (OutgoingMessage.Status.SENT, OutgoingMessage.Status.FAILED):
        return outgoing.status if outgoing else "missing"
    outgoing.attempts += 1
    try:
        build_message(outgoing).send()
    except Exception as exc:
        outgoing.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        permanent = isinstance(exc, smtplib.SMTPRecipientsRefused)
        if permanent or outgoing.attempts >= settings.EMAIL_MAX_ATTEMPTS:
            outgoing.status = OutgoingMessage.Status.FAILED
            outgoing.next_attempt_at = None
            logger.error(
                "E-mail %s to %s failed after %d attempt(s): %s",
                outgoing.pk,
                ", ".join(outgoing.to),
                outgoing.attempts,
                outgoing.last_error,
            )
        else:
            outgoing.status = OutgoingMessage.Status.RETRYING
            outgoing.next_attempt_at = timezone.now() + retry_delay(outgoing.attempts)
            logger.warning(
                "E-mail %s not sent (attempt %d), retrying at %s: %s",
                outgoing.pk,
                outgoing.attempts,
                outgoing.next_attempt_at.isoformat(),
                outgoing.last_error,
            )
            # In the same transaction as the status: both are stored, or neither.
            _enqueue_retry(outgoing)
    else:
        outgoing.status = OutgoingMessage.Status.SENT
        outgoing.sent_at = timezone.now()
        outgoing.next_attempt_at = None
        outgoing.last_error = ""
        # What went to whom stays; the text may hold a sign-in link and is not kept.
        outgoing.body = ""
        outgoing.html_body = ""
    outgoing.save()
    return outgoing.status


def send_again(outgoing: OutgoingMessage) -> bool:
    """Queue an unsent or failed message once more with fresh attempts (admin action)."""
    with transaction.atomic():
        updated = (
            OutgoingMessage.objects.filter(pk=outgoing.pk)
            .exclude(status=OutgoingMessage.Status.SENT)
            .update(status=OutgoingMessage.Status.QUEUED, attempts=0, next_attempt_at=None)
        )
        if updated:
            transaction.on_commit(lambda: enqueue_sending(outgoing))
    return bool(updated)
