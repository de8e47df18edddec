from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from invekst.models import ContactMessage, SegmentMailing
from workgroups.models import Workgroup


class ContactForm(forms.ModelForm):
    consent = forms.BooleanField(
        label=_("I have read the privacy statement and agree that INVEKST stores my message to answer it."),
        error_messages={"required": _("You must accept the privacy statement to send the message.")},
    )
    # Honeypot: hidden from people, filled in by naive bots.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    class Meta:
        model = ContactMessage
        fields = ("name", "email", "organisation", "subject", "message")
        widgets = {"message": forms.Textarea(attrs={"rows": 6})}
        error_messages = {
            "name": {"required": _("Tell us your name.")},
            "email": {
                "required": _("We need an e-mail address to answer you."),
                "invalid": _("Enter a valid e-mail address, like navn@firma.no."),
            },
            "subject": {"required": _("Write a short subject.")},
            "message": {"required": _("Write your message.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def save(self, commit=True):
        self.instance.consent_version = settings.PRIVACY_STATEMENT_VERSION
        return super().save(commit=commit)


class SegmentMailingForm(forms.Form):
    """Compose an e-mail to a segment of the members (admin)."""

    segment = forms.ChoiceField(label=_("Recipients"), choices=SegmentMailing.Segment.choices, widget=forms.RadioSelect)
    workgroup = forms.ModelChoiceField(
        label=_("Workgroup"),
        queryset=Workgroup.objects.active(),
        required=False,
        help_text=_("Only for “Everyone taking part in a workgroup”."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Text"), max_length=10000, widget=forms.Textarea(attrs={"rows": 14, "cols": 80}))

    def clean(self):
        data = super().clean()
        if data.get("segment") == SegmentMailing.Segment.WORKGROUP and not data.get("workgroup"):
            self.add_error("workgroup", _("Choose the workgroup whose participants should get the e-mail."))
        if data.get("segment") == SegmentMailing.Segment.ACTIVE_ADMINS:
            data["workgroup"] = None
        return data
