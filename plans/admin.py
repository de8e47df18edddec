from django import forms
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin import HistoryAdmin, LabelledModelAdmin, LabelledStackedInline, LabelledTabularInline
from plans import ssb
from plans.models import (
    CouncilAdoption,
    FocusArea,
    Indicator,
    InfrastructureProject,
    Municipality,
    Observation,
    StrategicPlan,
    Target,
    TargetRule,
)
from plans.reports import report_lines
from plans.services import observations_import

IMPORT_SALT = "plans.ssb-import"
IMPORT_MAX_AGE = 60 * 60


@admin.register(Municipality)
class MunicipalityAdmin(LabelledModelAdmin):
    list_display = ("name", "number", "former_number", "in_region", "order")
    list_filter = ("in_region",)
    search_fields = ("name", "number", "former_number")
    list_editable = ("order",)


class FocusAreaInline(LabelledTabularInline):
    model = FocusArea
    extra = 0


class TargetInline(LabelledStackedInline):
    model = Target
    extra = 0
    prepopulated_fields = {"slug": ("title",)}
    show_change_link = True


class CouncilAdoptionInline(LabelledTabularInline):
    model = CouncilAdoption
    extra = 0
    autocomplete_fields = ("municipality",)


class InfrastructureProjectInline(LabelledStackedInline):
    model = InfrastructureProject
    extra = 0


@admin.register(StrategicPlan)
class StrategicPlanAdmin(LabelledModelAdmin):
    list_display = ("title", "period_start", "period_end", "status")
    list_filter = ("status",)
    inlines = (FocusAreaInline, TargetInline, CouncilAdoptionInline, InfrastructureProjectInline)


class TargetRuleInline(LabelledTabularInline):
    model = TargetRule
    extra = 0
    fields = ("rule", "indicator", "value", "baseline_year", "order")


@admin.register(Target)
class TargetAdmin(HistoryAdmin):
    list_display = ("title", "plan", "target_year", "order")
    list_filter = ("plan",)
    list_select_related = ("plan",)
    ordering = ("plan", "order")
    search_fields = ("title", "wording")
    prepopulated_fields = {"slug": ("title",)}
    inlines = (TargetRuleInline,)


@admin.register(TargetRule)
class TargetRuleAdmin(HistoryAdmin):
    """The rules also sit inline on their target; this list is where their history is read."""

    list_display = ("target", "rule", "indicator", "value", "baseline_year", "order")
    list_filter = ("rule", "indicator")
    list_select_related = ("target", "indicator")
    search_fields = ("target__title", "indicator__name")
    ordering = ("target", "order")


@admin.register(FocusArea)
class FocusAreaAdmin(LabelledModelAdmin):
    list_display = ("name", "plan", "order")
    list_filter = ("plan",)
    list_select_related = ("plan",)


@admin.register(Indicator)
class IndicatorAdmin(LabelledModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("name", "code", "unit", "source", "aggregation")
    search_fields = ("name", "code", "source")
    prepopulated_fields = {"code": ("name",)}


@admin.register(InfrastructureProject)
class InfrastructureProjectAdmin(LabelledModelAdmin):
    list_display = ("name", "plan", "status", "adopted_on", "started_on", "completed_on", "order")
    list_filter = ("status", "plan")
    list_select_related = ("plan",)
    search_fields = ("name", "description")


@admin.register(CouncilAdoption)
class CouncilAdoptionAdmin(LabelledModelAdmin):
    list_display = ("municipality", "plan", "adopted", "adopted_on", "case_reference")
    list_filter = ("adopted", "plan")
    list_select_related = ("municipality", "plan")
    autocomplete_fields = ("municipality",)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File from SSB"),
        help_text=gettext_lazy("JSON-stat2 from PxWebApi v2, or SSB's semicolon CSV export. At most 2 MB."),
    )
    indicator = forms.ModelChoiceField(
        label=gettext_lazy("Indicator"),
        queryset=Indicator.objects.all(),
        help_text=gettext_lazy("Which statistic the figures are."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > ssb.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        content = upload.read()
        try:
            self.table = ssb.parse(content)
        except ssb.SSBFormatError as exc:
            raise forms.ValidationError(_("%(error)s Nothing was imported.") % {"error": exc}) from exc
        self.raw = content
        return upload


@admin.register(Observation)
class ObservationAdmin(HistoryAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("indicator", "municipality", "year", "value", "source", "imported_at")
    list_filter = ("indicator", "municipality__in_region", "year")
    list_select_related = ("indicator", "municipality")
    search_fields = ("municipality__name", "municipality__number", "indicator__name", "source")
    autocomplete_fields = ("municipality",)
    date_hierarchy = "imported_at"
    change_list_template = "admin/plans/observation/change_list.html"

    def get_urls(self):
        return [
            path("importer-ssb/", self.admin_site.admin_view(self.import_view), name="plans_observation_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload, preview what would change, then confirm. The confirm step carries the file
        as a signed payload, so nothing is stored before the secretariat confirms."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "title": _("Import from SSB")}
        if request.method == "POST" and "payload" in request.POST:
            try:
                data = signing.loads(request.POST["payload"], salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
                indicator = Indicator.objects.get(pk=data["indicator"])
                table = ssb.parse(data["content"].encode("latin-1"))
            except (signing.BadSignature, Indicator.DoesNotExist, KeyError, ssb.SSBFormatError):
                messages.error(request, _("The preview has expired or was changed. Upload the file again."))
                return redirect("admin:plans_observation_import")
            report = observations_import(indicator=indicator, table=table)
            for line in report_lines(report)[:1]:
                messages.success(request, line)
            return redirect("admin:plans_observation_changelist")
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            indicator = form.cleaned_data["indicator"]
            report = observations_import(indicator=indicator, table=form.table, dry_run=True)
            # latin-1 maps every byte to one character, so the signed text round-trips the exact bytes.
            payload = signing.dumps(
                {"indicator": indicator.pk, "content": form.raw.decode("latin-1")}, salt=IMPORT_SALT, compress=True
            )
            context.update(form=form, report=report, lines=report_lines(report), payload=payload)
            return TemplateResponse(request, "admin/plans/observation/import_ssb.html", context)
        context.update(form=form, changelist_url=reverse("admin:plans_observation_changelist"))
        return TemplateResponse(request, "admin/plans/observation/import_ssb.html", context)
