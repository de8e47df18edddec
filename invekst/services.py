from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.mail import mail_on_commit, queue_email
from invekst.forms import ContactForm
from invekst.models import AssociationProfile, ContactMessage, SegmentMailing, SegmentMailingRecipient
from members.models import Company, Representative, User
from workgroups.models import Participant, Workgroup


@transaction.atomic
def contact_message_create(*, form: ContactForm) -> ContactMessage:
    """Store a valid contact message and e-mail the secretariat once the row is committed."""
    message = form.save()
    profile = AssociationProfile.objects.current()
    recipient = profile.contact_email if profile else settings.SECRETARIAT_EMAIL
    mail_on_commit(
        template="invekst/email/contact_message", context={"message": message}, to=[recipient], reply_to=[message.email]
    )
    return message


# --- e-mail to a segment of the members ------------------------------------------------


def segment_recipients(*, segment: str, workgroup: Workgroup | None = None) -> list[User]:
    """The people a segment e-mail goes to, one per address, ordered by e-mail.

    Only active accounts of active member companies: a former member's people are no
    longer the association's to write to.
    """
    Segment = SegmentMailing.Segment
    if segment == Segment.ACTIVE_ADMINS:
        people = User.objects.filter(
            representations__role=Representative.Role.ADMIN,
            representations__company__status=Company.Status.ACTIVE,
        )
    elif segment == Segment.WORKGROUP:
        if workgroup is None:
            raise ValueError("The workgroup segment needs a workgroup.")
        people = User.objects.filter(
            Exists(
                Participant.objects.active().filter(
                    representative__user=OuterRef("pk"),
                    representative__company__status=Company.Status.ACTIVE,
                    commitment__workgroup=workgroup,
                )
            )
        )
    else:
        raise ValueError(f"Unknown segment {segment!r}")
    unique: dict[str, User] = {}
    for user in people.filter(is_active=True).exclude(email="").distinct().order_by("email"):
        unique.setdefault(user.email.casefold(), user)
    return list(unique.values())


def segment_label(*, segment: str, workgroup: Workgroup | None = None) -> str:
    """How the segment is named in the record, e.g. «Deltakere i RV4»."""
    with override(settings.LANGUAGE_CODE):
        if segment == SegmentMailing.Segment.WORKGROUP and workgroup is not None:
            return _("Everyone taking part in %(workgroup)s") % {"workgroup": workgroup.name}
        return str(SegmentMailing.Segment(segment).label)


@transaction.atomic
def segment_mailing_send(
    *, segment: str, workgroup: Workgroup | None = None, subject: str, body: str, sent_by: User
) -> SegmentMailing:
    """E-mail everyone in a segment and keep a record of what went to whom.

    One message per person, so nobody sees the others' addresses; replies go to the
    secretariat. The messages are queued with the record and leave through the worker once
    it is committed; the request never waits on the mail server. Raises
    ValidationError when the segment has nobody in it.
    """
    recipients = segment_recipients(segment=segment, workgroup=workgroup)
    if not recipients:
        raise ValidationError(_("Nobody is in this segment. Nothing was sent."), code="empty_segment")
    mailing = SegmentMailing.objects.create(
        segment=segment,
        segment_label=segment_label(segment=segment, workgroup=workgroup),
        subject=subject.strip(),
        body=body,
        sent_by=sent_by,
        recipient_count=len(recipients),
    )
    profile = AssociationProfile.objects.current()
    reply_to = [profile.contact_email if profile else settings.SECRETARIAT_EMAIL]
    # One queued message per person: each is sent and retried on its own, and the record
    # shows how far the sending has come.
    SegmentMailingRecipient.objects.bulk_create(
        SegmentMailingRecipient(
            mailing=mailing,
            email=user.email,
            user=user,
            message=queue_email(EmailMessage(subject=mailing.subject, body=body, to=[user.email], reply_to=reply_to)),
        )
        for user in recipients
    )
    return mailing
