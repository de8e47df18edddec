"""Admin building blocks every app shares (they live in plans because every app may import plans).

django-simple-history's history pages are for reading. Its revert form still saves on POST
even with SIMPLE_HISTORY_REVERT_DISABLED (the setting only hides the button), and a revert
would write an old status or value around the services that record and announce changes.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
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
