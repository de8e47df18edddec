"""The history admin every app shares (it lives in plans because every app may import plans).

django-simple-history's history pages are for reading. Its revert form still saves on POST
even with SIMPLE_HISTORY_REVERT_DISABLED (the setting only hides the button), and a revert
would write an old status or value around the services that record and announce changes.
"""

from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
