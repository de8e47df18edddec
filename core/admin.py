"""Admin building blocks every app shares.

django-simple-history's history pages are for reading. Its revert form still saves on POST
even with SIMPLE_HISTORY_REVERT_DISABLED (the setting only hides the button), and a revert
would write an old status or value around the services that record and announce changes.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

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


class HistoryAdmin(SimpleHistoryAdmin):
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
            formfield.widget.attrs.setdefault("aria-label", capfirst(db_field.verbose_name))
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
