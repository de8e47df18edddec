from django import forms
from django.utils.translation import gettext_lazy as _


class GuestRegistrationForm(forms.Form):
    """A guest's registration: who they are, and their consent to keep the details."""

    name = forms.CharField(
        label=_("Name"), max_length=150, error_messages={"required": _("Tell us the name of the person coming.")}
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("The link to confirm the registration is sent here."),
        error_messages={
            "required": _("We need an e-mail address to confirm the registration."),
            "invalid": _("Enter a valid e-mail address, like navn@firma.no."),
        },
    )
    organisation = forms.CharField(
        label=_("Company or organisation"),
        max_length=200,
        error_messages={"required": _("Tell us which company or organisation the person comes from.")},
    )
    consent = forms.BooleanField(
        label=_(
            "I have read the privacy statement and agree that INVEKST stores these details to handle the registration."
        ),
        error_messages={"required": _("You must accept the privacy statement to register.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"

    def clean_name(self):
        return _single_line(self.cleaned_data["name"])

    def clean_organisation(self):
        return _single_line(self.cleaned_data["organisation"])


def _single_line(value: str) -> str:
    """Control characters (NUL, line breaks) have no place in a name; they would break e-mail and exports."""
    if any(ord(char) < 32 or ord(char) == 127 for char in value):
        raise forms.ValidationError(_("Use letters, digits and punctuation only, on one line."))
    return value


class EventMessageForm(forms.Form):
    """The secretariat's message to an event's attendees (admin)."""

    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Text"), max_length=10000, widget=forms.Textarea(attrs={"rows": 12, "cols": 80}))
    include_waiting = forms.BooleanField(label=_("Also send to the waiting list"), required=False)

    def clean_subject(self):
        subject = self.cleaned_data["subject"]
        if "\n" in subject or "\r" in subject:
            raise forms.ValidationError(_("The subject must be on one line."))
        return subject


class MeetingNoticesForm(forms.Form):
    meeting_notices = forms.BooleanField(
        label=_("E-mail me when a meeting in my workgroups is set, moved or cancelled, and when minutes are published"),
        required=False,
    )
