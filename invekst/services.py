from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import override

from invekst.forms import ContactForm
from invekst.models import AssociationProfile, ContactMessage


@transaction.atomic
def contact_message_create(*, form: ContactForm) -> ContactMessage:
    """Store a valid contact message and e-mail the secretariat once the row is committed."""
    message = form.save()
    profile = AssociationProfile.objects.current()
    recipient = profile.contact_email if profile else settings.SECRETARIAT_EMAIL
    with override(settings.LANGUAGE_CODE):
        body = render_to_string("invekst/email/contact_message.txt", {"message": message})
        subject = render_to_string("invekst/email/contact_message_subject.txt", {"message": message}).strip()
    email = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient],
        reply_to=[message.email],
    )
    transaction.on_commit(email.send)
    return message
