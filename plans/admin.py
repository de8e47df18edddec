from django import forms
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
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
    ImportBatch,
    ImportChange,
    Indicator,
    InfrastructureProject,
    Municipality,
    Observation,
    StrategicPlan,
    Target,
    TargetRule,
)
from plans.reports import report_lines
from plans.services import ImportRefused, UndoRefused, import_batch_undo, observations_import

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
    fields = ("part", "rule", "indicator", "value", "baseline_year", "order")


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

    list_display = ("target", "part", "rule", "indicator", "value", "baseline_year", "order")
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
    list_display = ("name", "code", "unit", "source", "table_id", "measure", "aggregation")
    search_fields = ("name", "code", "source")
    prepopulated_fields = {"code": ("name",)}


@admin.register(InfrastructureProject)
class InfrastructureProjectAdmin(LabelledModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("name", "plan", "status", "verified", "counts_for_target", "source", "source_date", "order")
    list_filter = ("status", "verified", "counts_for_target", "plan")
    list_select_related = ("plan",)
    search_fields = ("name", "description", "source")


@admin.register(CouncilAdoption)
class CouncilAdoptionAdmin(LabelledModelAdmin):
    list_display = ("municipality", "plan", "adopted", "adopted_on", "case_reference")
    list_filter = ("adopted", "plan")
    list_select_related = ("municipality", "plan")
    autocomplete_fields = ("municipality",)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "JSON-stat2 from SSB's PxWebApi v2, or a semicolon CSV with the columns kilde and kilde_url. At most 2 MB."
        ),
    )
    indicator = forms.ModelChoiceField(
        label=gettext_lazy("Indicator"),
        queryset=Indicator.objects.all(),
        help_text=gettext_lazy("Which statistic the figures are. The file's table and measure must be this one's."),
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
    list_display = ("indicator", "municipality", "year", "value", "source", "table_id", "batch", "imported_at")
    list_filter = ("indicator", "municipality__in_region", "year")
    list_select_related = ("indicator", "municipality", "batch__indicator")
    search_fields = ("municipality__name", "municipality__number", "indicator__name", "source")
    autocomplete_fields = ("municipality",)
    readonly_fields = ("batch",)
    date_hierarchy = "imported_at"
    change_list_template = "admin/plans/observation/change_list.html"

    def save_model(self, request, obj, form, change):
        # A figure typed in admin is no longer the import's: undoing that import must not overwrite it.
        if change and form.changed_data:
            obj.batch = None
        super().save_model(request, obj, form, change)

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
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "title": _("Import figures")}
        if request.method == "POST" and "payload" in request.POST:
            try:
                data = signing.loads(request.POST["payload"], salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
                indicator = Indicator.objects.get(pk=data["indicator"])
                content = data["content"].encode("latin-1")
                table = ssb.parse(content)
            except (signing.BadSignature, Indicator.DoesNotExist, KeyError, ssb.SSBFormatError):
                messages.error(request, _("The preview has expired or was changed. Upload the file again."))
                return redirect("admin:plans_observation_import")
            try:
                report = observations_import(
                    indicator=indicator,
                    table=table,
                    content=content,
                    created_by=request.user.get_username(),
                    kind=ImportBatch.Kind.UPLOAD,
                    file_name=data.get("name", ""),
                )
            except ImportRefused as exc:
                messages.error(request, _("%(error)s Nothing was imported.") % {"error": exc})
                return redirect("admin:plans_observation_import")
            for line in report_lines(report)[:1]:
                messages.success(request, line)
            return redirect("admin:plans_importbatch_change", report.batch.pk)
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            indicator = form.cleaned_data["indicator"]
            try:
                report = observations_import(
                    indicator=indicator,
                    table=form.table,
                    content=form.raw,
                    created_by=request.user.get_username(),
                    kind=ImportBatch.Kind.UPLOAD,
                    file_name=form.cleaned_data["file"].name,
                    dry_run=True,
                )
            except ImportRefused as exc:
                # The file is readable but is not this indicator's: the error belongs next to the file field.
                form.add_error("file", _("%(error)s Nothing was imported.") % {"error": exc})
            else:
                # latin-1 maps every byte to one character, so the signed text round-trips the exact bytes.
                payload = signing.dumps(
                    {
                        "indicator": indicator.pk,
                        "content": form.raw.decode("latin-1"),
                        "name": form.cleaned_data["file"].name,
                    },
                    salt=IMPORT_SALT,
                    compress=True,
                )
                context.update(form=form, report=report, lines=report_lines(report), payload=payload)
                return TemplateResponse(request, "admin/plans/observation/import_ssb.html", context)
        context.update(form=form, changelist_url=reverse("admin:plans_observation_changelist"))
        return TemplateResponse(request, "admin/plans/observation/import_ssb.html", context)


class ImportChangeInline(LabelledTabularInline):
    model = ImportChange
    fk_name = "batch"
    extra = 0
    can_delete = False
    fields = ("municipality", "year", "old_value", "new_value", "old_source", "old_source_url")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("municipality")


@admin.register(ImportBatch)
class ImportBatchAdmin(LabelledModelAdmin):
    """Every import, read-only; a batch that is not undone can be undone from its page."""

    list_display = (
        "created_at",
        "indicator",
        "kind",
        "created_by",
        "table_id",
        "measure",
        "added",
        "changed",
        "skipped",
        "is_undone_display",
    )
    list_filter = ("kind", "indicator", ("undone_at", admin.EmptyFieldListFilter))
    list_select_related = ("indicator",)
    search_fields = ("file_name", "file_sha256", "created_by", "source", "source_url", "indicator__name")
    date_hierarchy = "created_at"
    inlines = (ImportChangeInline,)
    fields = (
        "indicator",
        "kind",
        "created_at",
        "created_by",
        "file_name",
        "file_sha256",
        "table_id",
        "measure",
        "source",
        "source_url",
        "added",
        "changed",
        "skipped",
        "undone_at",
        "undone_by",
    )
    readonly_fields = fields
    change_form_template = "admin/plans/importbatch/change_form.html"

    @admin.display(description=gettext_lazy("undone"), boolean=True, ordering="undone_at")
    def is_undone_display(self, obj):
        return obj.is_undone

    # Batches are the observations' history: who may see the observations may see how they
    # came, and who may change them may undo an import. No separate group grants needed.
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("plans.view_observation") or request.user.has_perm("plans.change_observation")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "<int:object_id>/angre/",
                self.admin_site.admin_view(self.undo_view),
                name="plans_importbatch_undo",
            ),
            *super().get_urls(),
        ]

    def undo_view(self, request, object_id):
        """Confirm, then undo: the batch's rows removed, the values it replaced restored."""
        if not request.user.has_perm("plans.change_observation"):
            raise PermissionDenied
        batch = ImportBatch.objects.select_related("indicator").filter(pk=object_id).first()
        if batch is None:
            raise Http404
        if request.method == "POST":
            try:
                import_batch_undo(batch=batch, undone_by=request.user.get_username())
            except UndoRefused as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request,
                    _("The import is undone: %(added)d rows removed, %(changed)d earlier values restored.")
                    % {"added": batch.added, "changed": batch.changed},
                )
            return redirect("admin:plans_importbatch_change", batch.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Undo this import?"),
            "batch": batch,
        }
        return TemplateResponse(request, "admin/plans/importbatch/undo.html", context)
