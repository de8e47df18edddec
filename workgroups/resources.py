"""The member list as a file: export companies with their people and commitments, import the
secretariat's own spreadsheet (CSV or XLSX).

The column headings are the file format the secretariat already uses, so they are fixed
Norwegian words rather than translated labels: a file exported in English must still import.
Representatives, commitments and status are exported for reading and ignored on import:
people get accounts through invitations, commitments are made by the companies, and a
status changes only through the membership lifecycle. A new company in the file becomes an
active member, recorded in its membership history (members.services.membership_import).
"""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from core import spreadsheet
from members import services as member_services
from members.models import Company, Representative
from plans.models import Municipality
from workgroups.models import Commitment

COLUMNS = {
    "orgnr": "organisasjonsnummer",
    "name": "navn",
    "municipality": "kommune",
    "industry_code": "næringskode",
    "industry": "bransje",
    "employees": "ansatte",
    "visiting_address": "besøksadresse",
    "postal_code": "postnummer",
    "postal_place": "poststed",
    "website": "nettside",
    "show_in_directory": "vis i medlemslisten",
}


class MunicipalityWidget(widgets.ForeignKeyWidget):
    """A municipality by its number (current or pre-2020) or its name; exported by name."""

    def __init__(self):
        super().__init__(Municipality, field="name")

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if text.endswith(".0"):  # a number typed into a spreadsheet cell
            text = text[:-2]
        if not text:
            return None
        match = Municipality.objects.filter(Q(number=text) | Q(former_number=text) | Q(name__iexact=text)).first()
        if match is None:
            raise ValueError(
                _("Unknown municipality “%(value)s”. Use its name or four-digit number.") % {"value": text}
            )
        return match


def _orgnr(value) -> str:
    """Organisation numbers as typed in spreadsheets: spaces, or a number cell (999999980.0)."""
    text = str(value if value is not None else "").replace(" ", "").replace("\u00a0", "").strip()
    if text.endswith(".0"):
        text = text[:-2]
    return text


class TextWidget(widgets.CharWidget):
    """Text as typed; the quote our export puts before a formula character is taken off again."""

    def clean(self, value, row=None, **kwargs):
        return super().clean(spreadsheet.restore(value), row, **kwargs)


# Empty spreadsheet cells arrive as None; the text columns store "".
TEXT = TextWidget(allow_blank=True)

YES = frozenset({"ja", "j", "yes", "y", "true", "sann", "1", "x"})
NO = frozenset({"nei", "n", "no", "false", "usann", "0"})


class YesNoWidget(widgets.BooleanWidget):
    """«ja»/«nei» (and yes/no, true/false, 1/0) as the secretariat types them; anything else is a row error.

    django-import-export's own BooleanWidget reads every word it does not know, «ja» too, as
    false. An empty cell keeps the model's default. Exported as «ja»/«nei».
    """

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = str(value if value is not None else "").strip().casefold()
        if text.endswith(".0"):  # 1 or 0 typed into a number cell
            text = text[:-2]
        if text == "":
            return None
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValueError(_("“%(value)s” is not a yes/no value. Write «ja» or «nei».") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return "ja" if value else "nei"


class CompanyResource(resources.ModelResource):
    orgnr = fields.Field(attribute="orgnr", column_name=COLUMNS["orgnr"], widget=widgets.CharWidget())
    name = fields.Field(attribute="name", column_name=COLUMNS["name"], widget=TEXT)
    municipality = fields.Field(
        attribute="municipality", column_name=COLUMNS["municipality"], widget=MunicipalityWidget()
    )
    industry_code = fields.Field(attribute="industry_code", column_name=COLUMNS["industry_code"], widget=TEXT)
    industry = fields.Field(attribute="industry", column_name=COLUMNS["industry"], widget=TEXT)
    employees = fields.Field(attribute="employees", column_name=COLUMNS["employees"], widget=widgets.IntegerWidget())
    visiting_address = fields.Field(attribute="visiting_address", column_name=COLUMNS["visiting_address"], widget=TEXT)
    postal_code = fields.Field(attribute="postal_code", column_name=COLUMNS["postal_code"], widget=TEXT)
    postal_place = fields.Field(attribute="postal_place", column_name=COLUMNS["postal_place"], widget=TEXT)
    website = fields.Field(attribute="website", column_name=COLUMNS["website"], widget=TEXT)
    show_in_directory = fields.Field(
        attribute="show_in_directory",
        column_name=COLUMNS["show_in_directory"],
        widget=YesNoWidget(),
        saves_null_values=False,  # an empty cell keeps the company shown (new) or as it was (update)
    )
    status = fields.Field(column_name="status", readonly=True)
    representatives = fields.Field(column_name="representanter", readonly=True)
    commitments = fields.Field(column_name="arbeidsgrupper", readonly=True)

    class Meta:
        model = Company
        import_id_fields = ("orgnr",)
        fields = (*COLUMNS, "status", "representatives", "commitments")
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    # --- export ---------------------------------------------------------------------

    def filter_export(self, queryset, **kwargs):
        # Two extra queries for the whole file, whatever its length.
        return queryset.select_related("municipality").prefetch_related(
            Prefetch(
                "representatives",
                queryset=Representative.objects.select_related("user").order_by("-role", "user__email"),
                to_attr="export_representatives",
            ),
            Prefetch(
                "commitments",
                queryset=Commitment.objects.active().select_related("workgroup").order_by("workgroup__name"),
                to_attr="export_commitments",
            ),
        )

    def dehydrate_status(self, company):
        return company.get_status_display()

    def dehydrate_representatives(self, company):
        people = getattr(company, "export_representatives", None)
        if people is None:
            people = company.representatives.select_related("user").order_by("-role", "user__email")
        return "; ".join(f"{r.user.name or r.user.email} <{r.user.email}> ({r.get_role_display()})" for r in people)

    def dehydrate_commitments(self, company):
        commitments = getattr(company, "export_commitments", None)
        if commitments is None:
            commitments = company.commitments.active().select_related("workgroup").order_by("workgroup__name")
        return "; ".join(
            _("%(workgroup)s: %(hours)s hours/year") % {"workgroup": c.workgroup.name, "hours": c.hours_per_year}
            for c in commitments
        )

    # --- import ---------------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        self._seen: dict[str, int] = {}
        self._user = kwargs.get("user")

    def before_import_row(self, row, **kwargs):
        column = COLUMNS["orgnr"]
        if column not in row:
            raise ValidationError({"orgnr": _("The column “%(column)s” is missing.") % {"column": column}})
        orgnr = row[column] = _orgnr(row[column])
        number = kwargs.get("row_number")
        if orgnr in self._seen:
            raise ValidationError(
                {
                    "orgnr": _("Organisation number %(orgnr)s is also on row %(row)s of the file.")
                    % {"orgnr": orgnr, "row": self._seen[orgnr]}
                }
            )
        self._seen[orgnr] = number

    def do_instance_save(self, instance, is_create):
        if is_create:
            member_services.membership_import(company=instance, imported_by=self._user)
        else:
            instance.save()
