from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core import spreadsheet
from core.admin import HistoryAdmin, LabelledModelAdmin, LabelledTabularInline
from members.models import Representative
from workgroups import (
    company_admin,  # noqa: F401 (registers the back office's company admin)
    services,
)
from workgroups.models import (
    Commitment,
    CommitmentReminder,
    Competence,
    CompetenceNeed,
    Meeting,
    MeetingNoticePreference,
    MeetingResponse,
    Participant,
    Workgroup,
    companies_without_valid_commitment,
)


@admin.register(Competence)
class CompetenceAdmin(LabelledModelAdmin):
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


class CompetenceNeedInline(LabelledTabularInline):
    model = CompetenceNeed
    extra = 1
    autocomplete_fields = ("competence",)


class CommitmentInline(LabelledTabularInline):
    """Read-mostly: commitments are made by the companies; change one through its own page."""

    model = Commitment
    view_on_site = False  # the commitment's page is on Min side, for the company's own people
    fields = ("company", "start_date", "end_date", "hours_per_year")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("company", "workgroup")


class MeetingInline(LabelledTabularInline):
    """Saved through WorkgroupAdmin.save_formset, so participants hear of new, moved and cancelled meetings."""

    model = Meeting
    fields = ("title", "starts_at", "ends_at", "place")
    extra = 0
    show_change_link = True


@admin.register(Workgroup)
class WorkgroupAdmin(LabelledModelAdmin):
    list_display = ("name", "status", "order", "companies", "people", "hours")
    list_filter = ("status",)
    list_editable = ("order",)
    search_fields = ("name", "summary", "mandate", "goals")
    ordering = ("order", "name")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("roster",)
    inlines = (CompetenceNeedInline, CommitmentInline, MeetingInline)
    actions = ("email_participants",)

    def get_queryset(self, request):
        return super().get_queryset(request).with_totals()

    def save_formset(self, request, form, formset, change):
        if formset.model is not Meeting:
            return super().save_formset(request, form, formset, change)
        # Meetings go through the service, which tells the participants (see MeetingAdmin).
        for meeting in formset.save(commit=False):
            services.meeting_save(meeting=meeting)
        for meeting in formset.deleted_objects:
            services.meeting_cancel(meeting=meeting)
        return None

    @admin.display(description=_("people taking part"))
    def roster(self, obj):
        """Everyone taking part today, with company and role; each links to the participation."""
        if obj.pk is None:
            return "–"
        rows = Participant.objects.roster(obj)
        if not rows:
            return _("Nobody takes part yet.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> ({}, {})</li>',
                (
                    (
                        reverse("admin:workgroups_participant_change", args=[p.pk]),
                        p.representative.user,
                        p.representative.company.name,
                        p.get_role_display(),
                    )
                    for p in rows
                ),
            ),
        )

    @admin.action(description=_("E-mail everyone taking part in the selected workgroup"), permissions=("view",))
    def email_participants(self, request, queryset):
        workgroups = list(queryset[:2])
        if len(workgroups) != 1:
            self.message_user(request, _("Choose exactly one workgroup to e-mail."), messages.WARNING)
            return None
        query = urlencode({"segment": "workgroup", "workgroup": workgroups[0].pk})
        return HttpResponseRedirect(f"{reverse('admin:invekst_segmentmailing_add')}?{query}")

    @admin.display(description=_("companies"), ordering="company_count")
    def companies(self, obj):
        return obj.company_count

    @admin.display(description=_("people"), ordering="people_count")
    def people(self, obj):
        return obj.people_count

    @admin.display(description=_("hours per year"), ordering="hours_total")
    def hours(self, obj):
        return obj.hours_total


class ParticipantInline(LabelledTabularInline):
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
class CommitmentAdmin(HistoryAdmin):
    list_display = ("company", "workgroup", "start_date", "end_date", "hours_per_year", "people")
    list_filter = (ActiveFilter, "workgroup", "company__municipality", "company__status")
    list_select_related = ("company", "workgroup")
    search_fields = (
        "company__name",
        "company__orgnr",
        "workgroup__name",
        "participants__representative__user__name",
        "participants__representative__user__email",
    )
    ordering = ("-start_date", "-pk")
    date_hierarchy = "start_date"
    autocomplete_fields = ("company",)
    filter_horizontal = ("competences",)
    readonly_fields = ("created_by", "created_at", "updated_at")
    inlines = (ParticipantInline,)
    change_list_template = "admin/workgroups/commitment/change_list.html"

    def view_on_site(self, obj):
        # The commitment's own page is for the company's people; the secretariat sees the room.
        return reverse("workgroups-member:room", args=[obj.workgroup.slug])

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
            writer = spreadsheet.csv_writer(response, delimiter=";")
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


class ParticipantActiveFilter(admin.SimpleListFilter):
    title = _("taking part")
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return (("yes", _("Taking part")), ("no", _("Left")))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.active()
        if self.value() == "no":
            return queryset.exclude(pk__in=Participant.objects.active().values("pk"))
        return queryset


@admin.register(Participant)
class ParticipantAdmin(HistoryAdmin):
    """Who takes part where. People join from Min side; the secretariat assigns roles here."""

    list_display = ("person", "email", "company", "workgroup", "role", "competence", "joined_at", "left_at")
    list_filter = (ParticipantActiveFilter, "commitment__workgroup", "role", "representative__company__municipality")
    list_select_related = ("representative__user", "representative__company", "commitment__workgroup")
    search_fields = (
        "representative__user__name",
        "representative__user__email",
        "representative__company__name",
        "representative__company__orgnr",
        "competence",
    )
    ordering = ("commitment__workgroup__order", "representative__company__name", "representative__user__name")
    date_hierarchy = "joined_at"
    raw_id_fields = ("commitment", "representative")
    fields = ("commitment", "representative", "role", "competence", "joined_at", "left_at")

    @admin.display(description=_("person"), ordering="representative__user__name")
    def person(self, obj):
        return obj.representative.user

    @admin.display(description=_("e-mail address"), ordering="representative__user__email")
    def email(self, obj):
        return obj.representative.user.email

    @admin.display(description=_("company"), ordering="representative__company__name")
    def company(self, obj):
        return obj.representative.company

    @admin.display(description=_("workgroup"), ordering="commitment__workgroup__name")
    def workgroup(self, obj):
        return obj.commitment.workgroup

    def has_delete_permission(self, request, obj=None):
        return False  # leaving sets "left"; the participation stays in the history


class MeetingResponseInline(LabelledTabularInline):
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
class MeetingAdmin(LabelledModelAdmin):
    list_display = ("__str__", "workgroup", "starts_at", "place", "has_minutes", "yes_count")
    list_filter = ("workgroup",)
    list_select_related = ("workgroup",)
    search_fields = ("title", "place", "agenda", "minutes", "workgroup__name")
    date_hierarchy = "starts_at"
    fields = ("workgroup", "title", "starts_at", "ends_at", "place", "agenda", "minutes")
    inlines = (MeetingResponseInline,)

    # Creating, moving, cancelling (deleting) a meeting and publishing its minutes e-mail the
    # workgroup's participants: every write goes through workgroups.services.
    def save_model(self, request, obj, form, change):
        services.meeting_save(meeting=obj)

    def delete_model(self, request, obj):
        services.meeting_cancel(meeting=obj)

    def delete_queryset(self, request, queryset):
        for meeting in queryset:
            services.meeting_cancel(meeting=meeting)

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


@admin.register(MeetingNoticePreference)
class MeetingNoticePreferenceAdmin(LabelledModelAdmin):
    """Read only: each person turns meeting notices on and off on Min side."""

    list_display = ("user", "meeting_notices", "updated_at")
    list_filter = ("meeting_notices",)
    list_select_related = ("user",)
    search_fields = ("user__email", "user__name")
    readonly_fields = ("user", "meeting_notices", "updated_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CommitmentReminder)
class CommitmentReminderAdmin(LabelledModelAdmin):
    list_display = ("company", "week", "sent_at", "recipients")
    list_select_related = ("company",)
    search_fields = ("company__name",)
    readonly_fields = ("company", "week", "sent_at", "recipients")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
