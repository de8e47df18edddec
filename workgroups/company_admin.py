"""The company admin of the back office: members.admin's CompanyAdmin plus what needs workgroups.

Company lives in members, which may not import workgroups (the layers run downward); this
registration is the one place that knows both, so the secretariat has one company page with
commitments, workgroup filters and the member list as a CSV/XLSX file.
"""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX

from core import spreadsheet
from core.admin import LabelledTabularInline, SelectListFilter
from members.admin import CompanyAdmin
from members.models import Company
from workgroups.models import Commitment, Workgroup
from workgroups.resources import CompanyResource


class CompanyCommitmentInline(LabelledTabularInline):
    """The company's commitments; change one through its own page."""

    model = Commitment
    fields = ("workgroup", "start_date", "end_date", "hours_per_year")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("commitments to workgroups")
    view_on_site = False  # the commitment's page is on Min side, for the company's own people

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("workgroup", "company")


class WorkgroupFilter(SelectListFilter):
    """Companies with an active commitment to a workgroup."""

    title = _("workgroup")
    parameter_name = "workgroup"

    def choice_rows(self, model_admin):
        return Workgroup.objects.values_list("pk", "name")

    def queryset(self, request, queryset):
        if self.value():
            if not self.value().isdigit():
                return queryset.none()
            return queryset.filter(
                Exists(Commitment.objects.active().filter(company=OuterRef("pk"), workgroup_id=self.value()))
            )
        return queryset


class ObligationFilter(admin.SimpleListFilter):
    """Whether a company meets its obligation to take part in a workgroup."""

    title = _("workgroup obligation")
    parameter_name = "obligation"

    def lookups(self, request, model_admin):
        return (("met", _("Valid commitment")), ("missing", _("No valid commitment")))

    def queryset(self, request, queryset):
        if self.value() not in ("met", "missing"):
            return queryset
        valid = Exists(Commitment.objects.valid().filter(company=OuterRef("pk")))
        return queryset.filter(valid) if self.value() == "met" else queryset.exclude(valid)


class CompanyBackOfficeAdmin(ImportExportMixin, CompanyAdmin):
    """The company admin of members.admin with commitments, workgroup filters and the member list as a file."""

    resource_classes = (CompanyResource,)
    import_formats = (CSV, XLSX)
    export_formats = (spreadsheet.CSV, spreadsheet.XLSX)
    list_filter = (*CompanyAdmin.list_filter, WorkgroupFilter, ObligationFilter)
    inlines = (*CompanyAdmin.inlines[:1], CompanyCommitmentInline, *CompanyAdmin.inlines[1:])
    change_list_template = "admin/members/company/change_list.html"

    def get_import_data_kwargs(self, **kwargs):
        # Belt and braces with IMPORT_EXPORT_USE_TRANSACTIONS: one bad row stores nothing.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def get_export_filename(self, request, queryset, file_format):
        return f"medlemmer.{file_format.get_extension()}"


admin.site.unregister(Company)
admin.site.register(Company, CompanyBackOfficeAdmin)
