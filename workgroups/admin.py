import csv

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from members.models import Representative
from workgroups.models import (
    Commitment,
    CommitmentReminder,
    Competence,
    CompetenceNeed,
    Meeting,
    MeetingResponse,
    Participant,
    Workgroup,
    companies_without_valid_commitment,
)


@admin.register(Competence)
class CompetenceAdmin(admin.ModelAdmin):
    list_display = ("name", "description", "order", "needed_in", "offered_in")
    list_editable = ("order",)
    search_fields = ("name", "description")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                needed_count=Count("needs", distinct=True),
                offered_count=Count("commitments", filter=Q(commitments__end_date__isnull=True), distinct=True),
            )
        )

    @admin.display(description=_("needed in workgroups"), ordering="needed_count")
    def needed_in(self, obj):
        return obj.needed_count

    @admin.display(description=_("offered in active commitments"), ordering="offered_count")
    def offered_in(self, obj):
        return obj.offered_count


class CompetenceNeedInline(admin.TabularInline):
    model = CompetenceNeed
    extra = 1
    autocomplete_fields = ("competence",)


class CommitmentInline(admin.TabularInline):
    """Read-mostly: commitments are made by the companies; change one through its own page."""

    model = Commitment
    fields = ("company", "start_date", "end_date", "hours_per_year")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("company", "workgroup")


class MeetingInline(admin.TabularInline):
    model = Meeting
    fields = ("title", "starts_at", "ends_at", "place")
    extra = 0
    show_change_link = True


@admin.register(Workgroup)
class WorkgroupAdmin(admin.ModelAdmin):
    list_display = ("name", "status", "order", "companies", "people", "hours")
    list_filter = ("status",)
    list_editable = ("order",)
    search_fields = ("name", "summary", "mandate", "goals")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (CompetenceNeedInline, CommitmentInline, MeetingInline)

    def get_queryset(self, request):
        return super().get_queryset(request).with_totals()

    @admin.display(description=_("companies"), ordering="company_count")
    def companies(self, obj):
        return obj.company_count

    @admin.display(description=_("people"), ordering="people_count")
    def people(self, obj):
        return obj.people_count

    @admin.display(description=_("hours per year"), ordering="hours_total")
    def hours(self, obj):
        return obj.hours_total


class ParticipantInline(admin.TabularInline):
    """The secretariat assigns chair and secretary here."""

    model = Participant
    fields = ("representative", "role", "competence", "joined_at", "left_at")
    extra = 0
    can_delete = False
    raw_id_fields = ("representative",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("representative__user", "representative__company")


class ActiveFilter(admin.SimpleListFilter):
    title = _("active")
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return (("yes", _("Active")), ("no", _("Ended")))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.active()
        if self.value() == "no":
            return queryset.ended()
        return queryset


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ("company", "workgroup", "start_date", "end_date", "hours_per_year", "people")
    list_filter = (ActiveFilter, "workgroup")
    list_select_related = ("company", "workgroup")
    search_fields = ("company__name", "company__orgnr", "workgroup__name")
    date_hierarchy = "start_date"
    autocomplete_fields = ("company",)
    filter_horizontal = ("competences",)
    readonly_fields = ("created_by", "created_at", "updated_at")
    inlines = (ParticipantInline,)
    change_list_template = "admin/workgroups/commitment/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).with_people()

    @admin.display(description=_("people"), ordering="people_count")
    def people(self, obj):
        return obj.people_count

    def get_urls(self):
        return [
            path(
                "uten-gyldig-forpliktelse/",
                self.admin_site.admin_view(self.missing_view),
                name="workgroups_commitment_missing",
            ),
            *super().get_urls(),
        ]

    def missing_view(self, request):
        """Active member companies without a valid commitment, as a page or a CSV file."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        companies = (
            companies_without_valid_commitment()
            .select_related("municipality")
            .prefetch_related(
                Prefetch(
                    "representatives",
                    queryset=Representative.objects.admins().select_related("user").order_by("user__email"),
                    to_attr="admin_representatives",
                )
            )
            .order_by("name")
        )
        if request.GET.get("format") == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="bedrifter-uten-forpliktelse.csv"'
            response.write("\ufeff")  # Excel needs the BOM to read UTF-8
            writer = csv.writer(response, delimiter=";")
            writer.writerow([_("Organisation number"), _("Company"), _("Municipality"), _("Main contacts")])
            for company in companies:
                writer.writerow(
                    [
                        company.orgnr,
                        company.name,
                        company.municipality.name if company.municipality else "",
                        ", ".join(r.user.email for r in company.admin_representatives),
                    ]
                )
            return response
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Active members without a valid commitment"),
            "companies": companies,
            "csv_url": reverse("admin:workgroups_commitment_missing") + "?format=csv",
        }
        return TemplateResponse(request, "admin/workgroups/commitment/missing.html", context)


class MeetingResponseInline(admin.TabularInline):
    model = MeetingResponse
    fields = ("representative", "answer", "answered_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("representative__user", "representative__company")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("__str__", "workgroup", "starts_at", "place", "has_minutes", "yes_count")
    list_filter = ("workgroup",)
    list_select_related = ("workgroup",)
    search_fields = ("title", "place", "agenda", "minutes", "workgroup__name")
    date_hierarchy = "starts_at"
    fields = ("workgroup", "title", "starts_at", "ends_at", "place", "agenda", "minutes")
    inlines = (MeetingResponseInline,)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(yes_total=Count("responses", filter=Q(responses__answer=MeetingResponse.Answer.YES)))
        )

    @admin.display(description=_("minutes"), boolean=True)
    def has_minutes(self, obj):
        return bool(obj.minutes)

    @admin.display(description=_("coming"), ordering="yes_total")
    def yes_count(self, obj):
        return obj.yes_total


@admin.register(CommitmentReminder)
class CommitmentReminderAdmin(admin.ModelAdmin):
    list_display = ("company", "week", "sent_at", "recipients")
    list_select_related = ("company",)
    search_fields = ("company__name",)
    readonly_fields = ("company", "week", "sent_at", "recipients")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
