import csv

import tablib
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import LabelledModelAdmin, LabelledTabularInline
from events import services
from events.forms import EventMessageForm
from events.models import CalendarFeed, Event, EventMessage, Registration

# A spreadsheet treats a cell starting with one of these as a formula (CSV/formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """A cell value a spreadsheet shows as text: a leading formula character gets a quote in front."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def attendee_rows(event: Event) -> list[Registration]:
    """Everyone with a place, then the waiting list in its order, then those awaiting confirmation."""
    order = {Registration.Status.CONFIRMED: 0, Registration.Status.WAITING: 1, Registration.Status.PENDING: 2}
    registrations = event.registrations.active().select_related("user", "company", "guest_of")
    return sorted(
        registrations,
        key=lambda r: (order[r.status], r.confirmed_at or r.created_at, r.pk),
    )


def _status_counts(event: Event) -> dict[str, int]:
    counts = dict.fromkeys(Registration.Status.values, 0)
    for status in event.registrations.values_list("status", flat=True):
        counts[status] += 1
    return counts


class RegistrationInline(LabelledTabularInline):
    """Read only: registrations change through their own page and its actions."""

    model = Registration
    fields = ("person", "organisation_name", "status", "created_at", "confirmed_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("registrations (the attendee list has exports and the check-in list)")

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "company", "event")

    @admin.display(description=_("person"))
    def person(self, obj):
        return f"{obj.person_name} <{obj.person_email}>"

    @admin.display(description=_("company or organisation"))
    def organisation_name(self, obj):
        return obj.person_organisation


class EventMessageInline(LabelledTabularInline):
    model = EventMessage
    fields = ("subject", "sent_at", "sent_by", "recipient_count")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("sent_by")


class UpcomingFilter(admin.SimpleListFilter):
    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return (("upcoming", _("Upcoming")), ("past", _("Past")))

    def queryset(self, request, queryset):
        if self.value() == "upcoming":
            return queryset.filter(ends_at__gte=timezone.now())
        if self.value() == "past":
            return queryset.filter(ends_at__lt=timezone.now())
        return queryset


@admin.register(Event)
class EventAdmin(LabelledModelAdmin):
    list_display = ("title", "starts_at", "audience", "is_published", "capacity", "confirmed", "waiting", "attendees")
    list_filter = (UpcomingFilter, "audience", "is_published")
    search_fields = ("title", "summary", "description", "place")
    date_hierarchy = "starts_at"
    ordering = ("-starts_at",)
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("attendee_summary", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "description", "is_published")}),
        (_("Time and place"), {"fields": ("starts_at", "ends_at", "place")}),
        (
            _("Registration"),
            {"fields": ("audience", "capacity", "registration_deadline", "guests_per_company", "attendee_summary")},
        ),
        (_("Changes"), {"fields": ("created_at", "updated_at")}),
    )
    inlines = (RegistrationInline, EventMessageInline)

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    def save_model(self, request, obj, form, change):
        # A raised capacity lets people in from the waiting list (and e-mails them).
        services.event_save(event=obj)

    def has_delete_permission(self, request, obj=None):
        # An event with registrations is history (and PROTECTs them); unpublish instead.
        if obj is not None and obj.registrations.exists():
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("with a place"), ordering="confirmed_count")
    def confirmed(self, obj):
        return obj.confirmed_count

    @admin.display(description=_("waiting list"), ordering="waiting_count")
    def waiting(self, obj):
        return obj.waiting_count

    @admin.display(description=_("attendees"))
    def attendees(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:events_event_attendees", args=[obj.pk]), _("Attendee list")
        )

    @admin.display(description=_("attendees"))
    def attendee_summary(self, obj):
        if obj.pk is None:
            return "–"
        counts = _status_counts(obj)
        return format_html(
            '{} · {} · {} — <a href="{}">{}</a>',
            _("%(n)s with a place") % {"n": counts[Registration.Status.CONFIRMED]},
            _("waiting list: %(n)s") % {"n": counts[Registration.Status.WAITING]},
            _("%(n)s awaiting confirmation") % {"n": counts[Registration.Status.PENDING]},
            reverse("admin:events_event_attendees", args=[obj.pk]),
            _("Attendee list, exports, check-in list and message"),
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:object_id>/deltakere/", view(self.attendees_view), name="events_event_attendees"),
            path(
                "<int:object_id>/deltakere/eksport.<str:file_format>",
                view(self.export_view),
                name="events_event_export",
            ),
            path("<int:object_id>/deltakere/innsjekk/", view(self.checkin_view), name="events_event_checkin"),
            path("<int:object_id>/deltakere/melding/", view(self.message_view), name="events_event_message"),
            *super().get_urls(),
        ]

    def _event(self, request, object_id) -> Event:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(Event, pk=object_id)

    def _context(self, request, event: Event, title) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": event,
            "event": event,
            "title": title,
        }

    def attendees_view(self, request, object_id):
        """The attendee list with counts per status, and links to the exports, check-in list and message."""
        event = self._event(request, object_id)
        context = {
            **self._context(request, event, _("Attendees: %(event)s") % {"event": event.title}),
            "rows": attendee_rows(event),
            "counts": _status_counts(event),
            "places_left": event.places_left(event.registrations.confirmed().count()),
            "can_message": self.has_change_permission(request, event),
        }
        return TemplateResponse(request, "admin/events/event/attendees.html", context)

    def export_view(self, request, object_id, file_format):
        """The attendee list as CSV or XLSX; cells that would start a formula are neutralised."""
        event = self._event(request, object_id)
        if file_format not in ("csv", "xlsx"):
            raise Http404
        headers = [
            str(_("Status")),
            str(_("Name")),
            str(_("E-mail address")),
            str(_("Company or organisation")),
            str(_("Member or guest")),
            str(_("Guest of")),
            str(_("Registered")),
            str(_("Confirmed")),
        ]
        rows = [
            [
                neutralise(value)
                for value in (
                    registration.get_status_display(),
                    registration.person_name,
                    registration.person_email,
                    registration.person_organisation,
                    _("guest") if registration.is_guest else _("member"),
                    registration.guest_of.name if registration.guest_of_id else "",
                    timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M"),
                    timezone.localtime(registration.confirmed_at).strftime("%Y-%m-%d %H:%M")
                    if registration.confirmed_at
                    else "",
                )
            ]
            for registration in attendee_rows(event)
        ]
        filename = f"deltakere-{event.slug}.{file_format}"
        if file_format == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response.write("\ufeff")  # Excel needs the BOM to read UTF-8
            writer = csv.writer(response, delimiter=";")
            writer.writerow(headers)
            writer.writerows(rows)
        else:
            dataset = tablib.Dataset(*rows, headers=headers, title=str(_("Attendees"))[:31])
            response = HttpResponse(
                dataset.export("xlsx"),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def checkin_view(self, request, object_id):
        """A printable check-in list: everyone with a place, by name, with a box to tick."""
        event = self._event(request, object_id)
        rows = sorted(
            event.registrations.confirmed().select_related("user", "company"),
            key=lambda r: (r.person_name.casefold(), r.pk),
        )
        context = {
            **self._context(request, event, _("Check-in list: %(event)s") % {"event": event.title}),
            "rows": rows,
        }
        return TemplateResponse(request, "admin/events/event/checkin.html", context)

    def message_view(self, request, object_id):
        """Write to everyone with a place (and the waiting list if chosen): one e-mail each."""
        event = self._event(request, object_id)
        if not self.has_change_permission(request, event):
            raise PermissionDenied
        form = EventMessageForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            message = services.event_message_send(
                event=event,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                include_waiting=form.cleaned_data["include_waiting"],
                sent_by=request.user,
            )
            self.message_user(
                request,
                ngettext(
                    "The message is sent to %(count)d attendee.",
                    "The message is sent to %(count)d attendees.",
                    message.recipient_count,
                )
                % {"count": message.recipient_count},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:events_event_attendees", args=[event.pk]))
        counts = _status_counts(event)
        context = {
            **self._context(request, event, _("Message to the attendees of %(event)s") % {"event": event.title}),
            "form": form,
            "counts": counts,
        }
        return TemplateResponse(request, "admin/events/event/message.html", context)


@admin.register(Registration)
class RegistrationAdmin(LabelledModelAdmin):
    list_display = ("__str__", "event", "status", "email_address", "organisation_name", "created_at", "reminded_at")
    list_filter = ("status", "event")
    list_select_related = ("event", "user", "company")
    search_fields = ("name", "email", "organisation", "user__name", "user__email", "company__name", "event__title")
    date_hierarchy = "created_at"
    fields = (
        "event",
        "status",
        "user",
        "company",
        "name",
        "email",
        "organisation",
        "guest_of",
        "consent_version",
        "created_at",
        "confirmed_at",
        "promoted_at",
        "cancelled_at",
        "reminded_at",
    )
    readonly_fields = fields
    actions = ("cancel_registrations",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # cancelling keeps the row; see the action

    @admin.display(description=_("e-mail address"))
    def email_address(self, obj):
        return obj.person_email

    @admin.display(description=_("company or organisation"))
    def organisation_name(self, obj):
        return obj.person_organisation

    @admin.action(
        description=_("Cancel the selected registrations (the waiting list moves up)"), permissions=("change",)
    )
    def cancel_registrations(self, request, queryset):
        cancelled = 0
        for registration in queryset.active().select_related("event"):
            try:
                services.registration_cancel(registration=registration)
            except ValidationError as error:
                self.message_user(request, f"{registration}: {' '.join(error.messages)}", messages.WARNING)
            else:
                cancelled += 1
        self.message_user(
            request,
            ngettext("%(count)d registration cancelled.", "%(count)d registrations cancelled.", cancelled)
            % {"count": cancelled},
            messages.SUCCESS,
        )


@admin.register(EventMessage)
class EventMessageAdmin(LabelledModelAdmin):
    list_display = ("subject", "event", "sent_at", "sent_by", "recipient_count")
    list_select_related = ("event", "sent_by")
    search_fields = ("subject", "body", "event__title")
    readonly_fields = ("event", "subject", "body", "include_waiting", "sent_by", "sent_at", "recipient_count")

    def has_add_permission(self, request):
        return False  # written from the event's attendee list

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CalendarFeed)
class CalendarFeedAdmin(LabelledModelAdmin):
    """Who has a private calendar address, and since when; the addresses themselves stay hidden."""

    list_display = ("user", "created_at")
    list_select_related = ("user",)
    search_fields = ("user__email", "user__name")
    fields = ("user", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
