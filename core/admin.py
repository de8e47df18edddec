"""Admin building blocks every app shares.

django-simple-history's history pages are for reading. Its revert form still saves on POST
even with SIMPLE_HISTORY_REVERT_DISABLED (the setting only hides the button), and a revert
would write an old status or value around the services that record and announce changes.
"""

from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import PermissionDenied
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from core.models import OutgoingMessage, ScheduledRun

NOTHING = "—"


class ReadableHistoryHelper(HistoricalRecordContextHelper):
    """Changes as people read them: «Søker → Aktivt medlem», not «applicant → active»; «—», not «None»."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if value is None or value == "":
            return NOTHING
        if getattr(field, "choices", None) and not isinstance(value, list):
            return dict(field.flatchoices).get(value, value)
        return super().prepare_delta_change_value(change, value)


def _name_parts(formfield, label) -> bool:
    """Give each half of a date-and-time field a name of its own: "Starts at, date".

    Django's split widget shows "Date:" and "Time:" as bare text beside two inputs, and its
    field label points at neither, so the inputs have no accessible name (axe: label).
    """
    if isinstance(formfield.widget, AdminSplitDateTime):
        date, time = formfield.widget.widgets
        date.attrs["aria-label"] = _("%(field)s, date") % {"field": label}
        time.attrs["aria-label"] = _("%(field)s, time") % {"field": label}
        return True
    return False


class _RowLabels:
    """A changelist formset whose inputs are named by column and row: "Order, Gjøvik"."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name, field in form.fields.items():
            if not field.widget.is_hidden and not isinstance(field.widget, AdminSplitDateTime):
                label = field.label or capfirst(name)
                field.widget.attrs["aria-label"] = _("%(field)s, %(row)s") % {"field": label, "row": form.instance}


class LabelledModelAdmin(admin.ModelAdmin):
    """The base of every ModelAdmin: inputs that Django leaves without a name get one.

    The list-editable inputs of a changelist sit under a column heading only, so each gets
    "column, row" as its name; the date and time halves of a date-and-time field get theirs.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            _name_parts(formfield, capfirst(db_field.verbose_name))
        return formfield

    def get_changelist_formset(self, request, **kwargs):
        formset = super().get_changelist_formset(request, **kwargs)
        return type(formset.__name__, (_RowLabels, formset), {})


class HistoryAdmin(LabelledModelAdmin, SimpleHistoryAdmin):
    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistoryHelper(self.model, historical_record)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline whose inputs carry their column's name for screen readers.

    Django labels the columns with <th> only, so axe (and a screen reader) finds selects
    and inputs without an accessible name.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            label = capfirst(db_field.verbose_name)
            # A name on the pair would override its halves' own names.
            if not _name_parts(formfield, label):
                formfield.widget.attrs.setdefault("aria-label", label)
        return formfield


class LabelledStackedInline(admin.StackedInline):
    """A stacked inline whose date-and-time fields name their two inputs."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            _name_parts(formfield, capfirst(db_field.verbose_name))
        return formfield


class SelectListFilter(admin.SimpleListFilter):
    """A list filter shown as a drop-down with a button, for lists too long for links.

    Hundreds of links (one per municipality) make a sidebar nobody can scan; one <select> in
    a GET form carries the other parameters of the list as hidden fields. Subclasses give
    the (value, label) pairs in choice_rows().
    """

    template = "admin/select_filter.html"

    def choice_rows(self, model_admin):
        """(value, label) pairs for the filter, from the database."""
        raise NotImplementedError

    def lookups(self, request, model_admin):
        return [(str(value), label) for value, label in self.choice_rows(model_admin)]

    def choices(self, changelist):
        value = self.value() or ""
        counts = self.get_facet_queryset(changelist) if changelist.add_facets else None
        yield {
            "name": self.parameter_name,
            "all": format_html('<option value=""{}>{}</option>', "" if value else " selected", _("All")),
            "options": format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (
                        lookup,
                        " selected" if lookup == value else "",
                        f"{title} ({counts.get(f'{i}__c', '-')})" if counts is not None else title,
                    )
                    for i, (lookup, title) in enumerate(self.lookup_choices)
                ),
            ),
            "hidden": format_html_join(
                "",
                '<input type="hidden" name="{}" value="{}">',
                (
                    (name, item)
                    for name, values in changelist.filter_params.items()
                    if name != self.parameter_name
                    for item in values
                ),
            ),
        }


# --- the outgoing e-mail queue and the scheduled jobs -----------------------------------


@admin.register(OutgoingMessage)
class OutgoingMessageAdmin(LabelledModelAdmin):
    """Every e-mail the portal sends, with its status; failed ones can be sent again.

    Read-only: the text is not shown (it may hold someone's sign-in or reset link) and is
    emptied once sent.
    """

    list_display = ("subject", "recipients", "status", "attempts", "created_at", "sent_at", "next_attempt_at")
    list_filter = ("status",)
    search_fields = ("subject", "to")
    date_hierarchy = "created_at"
    fields = (
        "subject",
        "recipients",
        "reply_to",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
    )
    readonly_fields = fields
    actions = ("send_again",)

    @admin.display(description=_l("to"))
    def recipients(self, obj):
        return ", ".join(obj.to)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # The change permission allows the action; the page itself stays read-only.
        return obj is None and super().has_change_permission(request, obj)

    @admin.action(description=_l("Send again"), permissions=["change"])
    def send_again(self, request, queryset):
        from core.mail import send_again

        count = sum(send_again(message) for message in queryset.exclude(status=OutgoingMessage.Status.SENT))
        self.message_user(
            request,
            ngettext("%(count)d e-mail queued again.", "%(count)d e-mails queued again.", count) % {"count": count},
            messages.SUCCESS,
        )


@admin.register(ScheduledRun)
class ScheduledRunAdmin(LabelledModelAdmin):
    """When each scheduled job ran, per period (core.schedule); the task's outcome is under Tasks."""

    list_display = ("job", "period", "started_at", "task_id")
    list_filter = ("job",)
    fields = list_display
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
