from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from members.accounts.services import privacy_acceptance_record
from members.models import User


class SignupForm(AllauthSignupForm):
    """allauth's signup plus the person's name and a required privacy-statement acceptance."""

    name = forms.CharField(
        label=_("Full name"),
        max_length=User._meta.get_field("name").max_length,
        error_messages={"required": _("Tell us your name.")},
    )
    accept_privacy = forms.BooleanField(
        label=_(
            "I have read the privacy statement and accept that INVEKST stores my personal data as described there."
        ),
        error_messages={"required": _("You must accept the privacy statement to create an account.")},
    )

    field_order = ("name", "email", "password1", "password2", "accept_privacy")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        # allauth's placeholders repeat the label; a label is what assistive technology needs.
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
        self.fields["accept_privacy"].help_text = format_html(
            '<a href="{}">{}</a>', reverse("privacy"), _("Read the privacy statement")
        )

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()

    def save(self, request):
        # The user, its e-mail address and the consent are stored together or not at all.
        with transaction.atomic():
            return super().save(request)

    def custom_signup(self, request, user) -> None:
        super().custom_signup(request, user)
        user.name = self.cleaned_data["name"]
        user.save(update_fields=["name"])
        privacy_acceptance_record(user=user)


class DeleteAccountForm(forms.Form):
    """Confirmation for deleting one's own account: a checkbox and, if the user has one, the password."""

    confirm = forms.BooleanField(
        label=_("I understand that my account is deleted and that this cannot be undone."),
        error_messages={"required": _("Tick the box to confirm that you want to delete your account.")},
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password to confirm.")},
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            del self.fields["password"]

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."), code="password_incorrect")
        return password
