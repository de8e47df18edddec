from django import forms
from django.core.validators import MaxValueValidator, RegexValidator
from django.utils.translation import gettext_lazy as _
from stdnum.no import orgnr as stdnum_orgnr

from members.models import Company, Representative, validate_orgnr
from plans.models import Municipality

postal_code_validator = RegexValidator(r"^[0-9]{4}$", _("A postal code has four digits."), code="postal_code")


def municipality_choices():
    """All municipalities, the region's own first."""
    return Municipality.objects.order_by("-in_region", "order", "name")


def clean_orgnr_value(value: str) -> str:
    """Accept '912 345 602' and '912345602'; validate the MOD11 check digit."""
    value = stdnum_orgnr.compact(value or "")
    validate_orgnr(value)
    return value


class CompanyFieldsMixin:
    """Labels, widgets and autocomplete shared by the application and the profile form."""

    def _style_fields(self):
        autocomplete = {
            "name": "organization",
            "visiting_address": "street-address",
            "postal_code": "postal-code",
            "postal_place": "address-level2",
            "website": "url",
        }
        for name, value in autocomplete.items():
            if name in self.fields:
                self.fields[name].widget.attrs["autocomplete"] = value
        if "postal_code" in self.fields:
            self.fields["postal_code"].validators.append(postal_code_validator)
            self.fields["postal_code"].widget.attrs.update({"inputmode": "numeric", "maxlength": "4"})
        if "municipality" in self.fields:
            self.fields["municipality"].queryset = municipality_choices()
            self.fields["municipality"].empty_label = _("Choose municipality")
        if "employees" in self.fields:
            self.fields["employees"].widget.attrs["inputmode"] = "numeric"
            self.fields["employees"].validators.append(MaxValueValidator(1_000_000))


class ApplicationForm(CompanyFieldsMixin, forms.ModelForm):
    website = forms.URLField(
        label=_("website"),
        max_length=200,
        required=False,
        assume_scheme="https",
        help_text=_("For example https://firma.no"),
    )

    class Meta:
        model = Company
        fields = (
            "orgnr",
            "name",
            "visiting_address",
            "postal_code",
            "postal_place",
            "municipality",
            "industry_code",
            "industry",
            "employees",
            "website",
            "motivation",
        )
        widgets = {
            "industry_code": forms.HiddenInput,
            "motivation": forms.Textarea(attrs={"rows": 6}),
            "orgnr": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        }
        labels = {"motivation": _("Why do you want to join INVEKST, and what can your company contribute?")}
        help_texts = {
            "motivation": _("For example which workgroup you are interested in, and which competence you can offer."),
        }
        error_messages = {
            "orgnr": {
                "required": _("Write the company's organisation number."),
                "unique": _(
                    "This organisation number is already registered with INVEKST. "
                    "Ask the company's main contact to invite you as a colleague."
                ),
            },
            "name": {"required": _("Write the company's name.")},
            "municipality": {"required": _("Choose the municipality.")},
            "motivation": {"required": _("Tell us briefly why you want to join.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The field is a plain text input: Brønnøysund writes "912 345 602" with spaces.
        self.fields["orgnr"].max_length = 20
        self.fields["orgnr"].widget.attrs.pop("maxlength", None)
        self.fields["orgnr"].validators = []
        self.fields["municipality"].required = True
        self.fields["motivation"].required = True
        self._style_fields()

    def clean_orgnr(self):
        value = clean_orgnr_value(self.cleaned_data["orgnr"])
        existing = Company.objects.filter(orgnr=value).exclude(pk=self.instance.pk).first()
        if existing is None:
            return value
        if existing.status == Company.Status.APPLICANT:
            raise forms.ValidationError(
                _("An application for this organisation number is already waiting for the secretariat."),
                code="pending",
            )
        if existing.is_active and not existing.representatives.admins().exists():
            raise forms.ValidationError(
                _(
                    "%(company)s is already a member of INVEKST, but nobody is its main contact on the portal yet. "
                    "Ask the secretariat to make you main contact with the button above the form."
                ),
                code="no_main_contact",
                params={"company": existing.name},
            )
        raise forms.ValidationError(self.fields["orgnr"].error_messages["unique"], code="unique")


class OrgnrForm(forms.Form):
    """Only the organisation number, for the Brønnøysund lookup."""

    orgnr = forms.CharField(
        label=_("Organisation number"),
        max_length=20,
        error_messages={"required": _("Write the company's organisation number.")},
    )

    def clean_orgnr(self):
        return clean_orgnr_value(self.cleaned_data["orgnr"])


class CompanyProfileForm(CompanyFieldsMixin, forms.ModelForm):
    website = forms.URLField(
        label=_("website"),
        max_length=200,
        required=False,
        assume_scheme="https",
        help_text=_("For example https://firma.no"),
    )
    hide_from_directory = forms.BooleanField(
        label=_("Hide the company from the public member list"),
        required=False,
        help_text=_("The company is still a member; it is just not shown at /medlemmer/."),
    )

    class Meta:
        model = Company
        fields = (
            "name",
            "visiting_address",
            "postal_code",
            "postal_place",
            "municipality",
            "industry",
            "employees",
            "website",
        )
        error_messages = {"name": {"required": _("Write the company's name.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hide_from_directory"].initial = not self.instance.show_in_directory
        self._style_fields()

    def save(self, commit=True):
        self.instance.show_in_directory = not self.cleaned_data["hide_from_directory"]
        return super().save(commit=commit)


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        error_messages={
            "required": _("Write the colleague's e-mail address."),
            "invalid": _("Enter a valid e-mail address, like navn@firma.no."),
        },
    )
    role = forms.ChoiceField(label=_("Role"), choices=Representative.Role.choices, initial=Representative.Role.MEMBER)

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        self.company = company
        self.fields["email"].widget.attrs["autocomplete"] = "off"

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if self.company.representatives.filter(user__email__iexact=email).exists():
            raise forms.ValidationError(_("%(email)s already represents the company."), params={"email": email})
        return email


class MainContactInvitationForm(InvitationForm):
    """The secretariat invites a company's main contact: the address only, the role is admin."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["role"]
        self.fields["email"].help_text = _(
            "The person gets an e-mail with a link that works once, for 14 days, and becomes main contact."
        )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Representative.Role.choices)


class StatusNoteForm(forms.Form):
    """The secretariat's note on a membership decision (shown to nobody outside admin)."""

    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Why: kept in the membership history and included in the e-mail to the company."),
    )
