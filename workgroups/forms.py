from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Representative
from workgroups.models import Commitment, Competence, MeetingResponse, Workgroup

MAX_HOURS_PER_YEAR = 5000


class CompetenceChoiceField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=Competence.objects.all(),
            widget=forms.CheckboxSelectMultiple,
            required=False,
            label=_("Competence offered"),
            help_text=_("Tick what the company's people bring to the workgroup."),
            **kwargs,
        )

    def _check_values(self, value):
        # An id beyond a 64-bit integer overflows the database driver (SQLite raises
        # OverflowError, a 500) before Django can say "not one of the choices".
        for pk in value:
            try:
                number = int(str(pk))
            except ValueError:
                continue  # not a number: Django's own check refuses it
            if not -(2**63) <= number < 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


def _hours_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Hours per year"),
        min_value=0,
        max_value=MAX_HOURS_PER_YEAR,
        help_text=_("Hours the company sets aside for the workgroup each year, for all its participants together."),
        error_messages={
            "min_value": _("Hours cannot be negative."),
            "required": _("How many hours a year does the company set aside?"),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


def _competence_note_field() -> forms.CharField:
    return forms.CharField(
        label=_("Other competence"),
        required=False,
        max_length=2000,
        help_text=_("Competence the list does not cover."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CommitmentCreateForm(forms.Form):
    """An admin commits the company to one of the active workgroups."""

    workgroup = forms.ModelChoiceField(
        queryset=Workgroup.objects.active(),
        label=_("Workgroup"),
        empty_label=_("Choose a workgroup"),
        error_messages={
            "required": _("Choose a workgroup."),
            "invalid_choice": _("Choose one of the active workgroups."),
        },
    )
    hours_per_year = _hours_field()
    competences = CompetenceChoiceField()
    competence_note = _competence_note_field()
    start_date = forms.DateField(
        label=_("Start date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Give the date the commitment starts."), "invalid": _("Enter a valid date.")},
    )
    note = forms.CharField(
        label=_("Note to the secretariat"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        self.company = company
        self.fields["start_date"].initial = timezone.localdate()

    def clean_workgroup(self):
        workgroup = self.cleaned_data["workgroup"]
        if Commitment.objects.active().filter(company=self.company, workgroup=workgroup).exists():
            raise forms.ValidationError(_("The company already has an active commitment to this workgroup."))
        return workgroup

    def clean_start_date(self):
        start = self.cleaned_data["start_date"]
        if start.year < 2000 or (start - timezone.localdate()).days > 366:
            raise forms.ValidationError(_("Choose a start date within the next year."))
        return start


class CommitmentUpdateForm(forms.Form):
    """An admin changes the hours and the competence offered."""

    hours_per_year = _hours_field()
    competences = CompetenceChoiceField()
    competence_note = _competence_note_field()


class RepresentativeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Representative) -> str:
        return obj.user.name or obj.user.email


class ParticipantAddForm(forms.Form):
    """An admin adds a colleague to the company's commitment."""

    representative = RepresentativeChoiceField(
        queryset=Representative.objects.none(),
        label=_("Colleague"),
        empty_label=_("Choose a colleague"),
        error_messages={
            "required": _("Choose a colleague."),
            "invalid_choice": _("Choose one of the company's people who is not already taking part."),
        },
    )
    competence = forms.CharField(
        label=_("Their competence in the workgroup"),
        required=False,
        max_length=200,
        help_text=_("For example: transport planning, law, communication."),
    )

    def __init__(self, *args, commitment: Commitment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["representative"].queryset = (
            Representative.objects.current()
            .filter(company_id=commitment.company_id)
            .exclude(participations__commitment=commitment, participations__left_at__isnull=True)
            .select_related("user")
            .order_by("user__name", "user__email")
        )


class SelfSignupForm(forms.Form):
    """A representative signs themself up for the company's commitment."""

    competence = forms.CharField(
        label=_("Your competence in the workgroup"),
        required=False,
        max_length=200,
        help_text=_("For example: transport planning, law, communication."),
    )


class MeetingResponseForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Will you come?"),
        choices=MeetingResponse.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes, maybe or no."), "invalid_choice": _("Choose yes, maybe or no.")},
    )
