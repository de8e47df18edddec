"""E-mail after commit, shared by every app (members sits to the right of the others)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import override


def mail_on_commit(*, template: str, context: dict, to: list[str], reply_to: list[str] | None = None) -> None:
    """Render `<template>_subject.txt` and `<template>.txt` in the site language; send after commit.

    Nothing leaves while the transaction can still roll back, and nothing is sent to nobody.
    """
    if not to:
        return
    with override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}.txt", context)
    message = EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to, reply_to=reply_to)
    transaction.on_commit(message.send)
