"""What the invekst app stores about a person: contact messages and segment e-mails they received.

Registered with members.accounts.services from InvekstConfig.ready().
"""

from typing import Any

from django.db.models import Q

from invekst.models import ContactMessage, SegmentMailing, SegmentMailingRecipient
from members.accounts.services import anonymous_email, deletes, email_matches, exports, iso, user_emails
from members.models import User


@exports("invekst.ContactMessage")
def contact_messages_section(user: User) -> tuple[str, Any]:
    # Anyone may write through the contact form, so the messages are the person's by address.
    messages = ContactMessage.objects.filter(email_matches("email", user_emails(user))).order_by("created_at")
    handled = ContactMessage.objects.filter(handled_by=user).order_by("created_at")
    return "contact_messages", {
        "sent": [
            {
                "name": message.name,
                "email": message.email,
                "organisation": message.organisation,
                "subject": message.subject,
                "message": message.message,
                "received": iso(message.created_at),
            }
            for message in messages
        ],
        "handled_by_me": [{"subject": m.subject, "handled": iso(m.handled_at)} for m in handled],
    }


@exports("invekst.SegmentMailingRecipient", "invekst.SegmentMailing")
def segment_mailings_section(user: User) -> tuple[str, Any]:
    received = (
        SegmentMailingRecipient.objects.filter(Q(user=user) | email_matches("email", user_emails(user)))
        .select_related("mailing")
        .order_by("mailing__sent_at")
    )
    sent = SegmentMailing.objects.filter(sent_by=user).order_by("sent_at")
    return "segment_emails", {
        "received": [{"subject": r.mailing.subject, "sent": iso(r.mailing.sent_at), "to": r.email} for r in received],
        "sent_by_me": [{"subject": m.subject, "recipients": m.segment_label, "sent": iso(m.sent_at)} for m in sent],
    }


@deletes("invekst.ContactMessage")
def anonymise_contact_messages(*, user: User, emails: list[str]) -> None:
    """The secretariat keeps the correspondence (subject and text), not who wrote it."""
    ContactMessage.objects.filter(email_matches("email", emails)).update(
        name="", email=anonymous_email(user), organisation=""
    )


@deletes("invekst.SegmentMailingRecipient", "invekst.SegmentMailing")
def anonymise_segment_receipts(*, user: User, emails: list[str]) -> None:
    """The record of a sending keeps its count, not the deleted person's address. A sending the
    person made keeps `sent_by`, which points at the anonymised account."""
    SegmentMailingRecipient.objects.filter(Q(user=user) | email_matches("email", emails)).update(
        email=anonymous_email(user)
    )
