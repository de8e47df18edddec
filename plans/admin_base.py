"""Admin building blocks every app shares (they live in plans because every app may import plans).

django-simple-history's history pages are for reading. Its revert form still saves on POST
even with SIMPLE_HISTORY_REVERT_DISABLED (the setting only hides the button), and a revert
would write an old status or value around the services that record and announce changes.
"""

import hashlib

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.utils import quote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

CHOICES_TIMEOUT = 60 * 60 * 24  # the version bump, not this, makes the choices fresh


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


class CachedLookupsFilter(admin.SimpleListFilter):
    """A list filter whose choices are read from the database once per content version.

    Every write of our models bumps the version (invekst.apps), so the choices are fresh as
    soon as a change is committed, and a changelist view does not pay a query (or a DISTINCT
    over the whole table) for its sidebar. The choices must be the same for every user and
    language: database values only, no translated labels.
    """

    def choice_rows(self, model_admin):
        """(value, label) pairs for the filter, from the database."""
        raise NotImplementedError

    def lookups(self, request, model_admin):
        choices, self.options_html = self._cached(model_admin)
        return choices

    def _cached(self, model_admin):
        from invekst.cache import content_version, versioned_cache

        key = f"admin-filter:{type(self).__module__}.{type(self).__qualname__}:{content_version()}"
        cached = versioned_cache.get(key)
        if cached is None:
            choices = [(str(value), label) for value, label in self.choice_rows(model_admin)]
            cached = (choices, format_html_join("", '<option value="{}">{}</option>', choices))
            versioned_cache.set(key, cached, CHOICES_TIMEOUT)
        return cached


class SelectListFilter(CachedLookupsFilter):
    """A cached list filter shown as a drop-down with a button, for lists too long for links.

    Hundreds of links (one per municipality) make a sidebar nobody can scan and cost a query
    string each to build; one <select> in a GET form carries the other parameters of the
    list as hidden fields, and its options are built once per content version.
    """

    template = "admin/select_filter.html"

    def choices(self, changelist):
        value = self.value() or ""
        if changelist.add_facets:
            counts = self.get_facet_queryset(changelist)
            options = format_html_join(
                "",
                '<option value="{}">{} ({})</option>',
                ((lookup, title, counts.get(f"{i}__c", "-")) for i, (lookup, title) in enumerate(self.lookup_choices)),
            )
        else:
            options = self.options_html
        if value:
            marker = format_html('<option value="{}"', value)
            options = mark_safe(options.replace(f"{marker}>", f"{marker} selected>", 1))  # noqa: S308 — both escaped
        yield {
            "name": self.parameter_name,
            "all": format_html('<option value=""{}>{}</option>', "" if value else " selected", _("All")),
            "options": options,
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


class LeanChangeList(ChangeList):
    """Django's ChangeList with the change URL reversed once per page instead of once per row."""

    PK = "__pk__"  # the change URL's <path:object_id> takes it as it is

    def change_url_template(self) -> str:
        """The change URL with PK in place of the quoted primary key."""
        if not hasattr(self, "_change_url"):
            self._change_url = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                args=(self.PK,),
                current_app=self.model_admin.admin_site.name,
            )
        return self._change_url

    def url_for_result(self, result):
        # quote() leaves only characters that reverse() would not escape further.
        return self.change_url_template().replace(self.PK, str(quote(getattr(result, self.pk_attname))), 1)


class LeanChangeListMixin:
    """Costs of Django's changelist that do not depend on the user, paid once.

    Django renders each row's action checkbox through the form template engine (a template
    render per row); the same markup from one format_html() costs a fraction of it. The
    action drop-down is the same for everyone with the same actions in the same language:
    templates/admin/actions.html keeps it in the cache under action_form_key.
    """

    def get_changelist(self, request, **kwargs):
        return LeanChangeList

    def changelist_view(self, request, extra_context=None):
        # Django builds the action form unbound on every view: its markup follows from the
        # actions' names (their labels are fixed per name) and the language alone.
        key = ",".join(self.get_actions(request))
        return super().changelist_view(request, {**(extra_context or {}), "action_form_key": key})

    def action_checkbox(self, obj):
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            format_html(_("Select this object for an action - {}"), str(obj)),
        )


class VersionedCountPaginator(Paginator):
    """A paginator that counts each distinct query once per content version.

    The count is the one part of a changelist whose cost grows with the table: PostgreSQL
    scans the 9,000 active members of a 10,000-company register for it, about 2 ms on every
    page view. Every write of our models bumps the version (invekst.apps), so the count is
    fresh after each commit. Only for querysets that read nothing but our content models
    (not every save of a user bumps the version) and come in a bounded number of shapes:
    filters, not free-text searches.
    """

    @cached_property
    def count(self):
        from invekst.cache import content_version, versioned_cache

        try:
            sql, params = self.object_list.query.sql_with_params()
        except EmptyResultSet:  # queryset.none(): nothing to count
            return 0
        digest = hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()[:32]
        key = f"admin-count:{content_version()}:{digest}"
        count = versioned_cache.get(key)
        if count is None:
            count = self.object_list.count()
            versioned_cache.set(key, count, CHOICES_TIMEOUT)
        return count
