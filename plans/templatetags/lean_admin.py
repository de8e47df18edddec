"""Django's changelist table, rendered with the per-column work done once per page.

admin_list.items_for_result() decides afresh for every cell what the column is (a field
lookup, the link and CSS class rules, the choices dict, the empty-value text) and renders
each cell with format_html: about 150 µs a row for the company list, most of the page's
time at 50 rows. `lean_result_list` makes those decisions once per column and then only
reads, formats and escapes the values. The markup is Django's own, byte for byte (a test
compares them). Columns it does not know (display methods, properties, list_editable)
send the whole page back to Django's renderer.
"""

from html import escape

from django import template
from django.contrib.admin.templatetags.admin_list import ResultList, result_headers, result_list
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.contrib.admin.utils import FieldIsAForeignKeyColumnName, _get_non_gfk_field, display_for_field, quote
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

from plans.admin_base import LeanChangeList, LeanChangeListMixin

register = template.Library()


# Fields Django shows as their text (admin.utils.display_for_value's last branch) when they
# have no choices: the escaped value, or the empty-value text for blanks.
TEXT_FIELDS = (models.CharField, models.TextField)
LINKED_TEXT_FIELDS = (models.URLField, models.FileField)  # a link, unless the cell is the row's


def _action_checkbox(model_admin):
    """The checkbox cell of LeanChangeListMixin.action_checkbox, its label translated once."""
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
    from django.utils.translation import gettext

    label = gettext("Select this object for an action - {}")

    def render(obj):
        return (
            f'<input type="checkbox" name="{ACTION_CHECKBOX_NAME}" value="{escape(str(obj.pk))}" '
            f'class="action-select" aria-label="{label.format(escape(str(obj)))}">'
        )

    return render


def _column(cl, field_name, is_link, is_first):
    """(render, opening tag, closing tag) of one column, or None when Django must render it.

    render(obj) answers the cell's content, escaped.
    """
    model_admin = cl.model_admin
    empty = conditional_escape(model_admin.get_empty_value_display())
    if field_name == "action_checkbox":
        if is_link or type(model_admin).action_checkbox is not LeanChangeListMixin.action_checkbox:
            return None
        return _action_checkbox(model_admin), '<td class="action-checkbox">', "</td>"
    if not isinstance(field_name, str):
        return None
    try:
        field = _get_non_gfk_field(cl.lookup_opts, field_name)
    except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
        return None
    if field.auto_created or field.many_to_many:
        return None
    classes = f"field-{field_name}"
    if isinstance(field, (models.DateField, models.TimeField, models.ForeignKey)):
        classes += " nowrap"
    tag = ("th" if is_first else "td") if is_link else "td"
    attname = field.attname

    def blank_to_empty(value):
        return "" if isinstance(value, str) and value.strip() == "" else value

    if isinstance(field.remote_field, models.ManyToOneRel):
        name = field.name

        def render(obj):
            related = getattr(obj, name)
            return empty if related is None else escape(str(related))

    elif field.flatchoices:
        try:
            # The labels in the active language, translated once for the page.
            labels = {value: conditional_escape(label) for value, label in field.flatchoices}
        except TypeError:
            return None

        def render(obj):
            return labels.get(blank_to_empty(getattr(obj, attname)), empty)

    elif isinstance(field, TEXT_FIELDS) and not isinstance(field, LINKED_TEXT_FIELDS):

        def render(obj):
            value = getattr(obj, attname)
            return escape(value) if value and value.strip() else empty

    else:

        def render(obj):
            value = blank_to_empty(getattr(obj, attname))
            return conditional_escape(display_for_field(value, field, empty, avoid_link=is_link))

    return render, f'<{tag} class="{classes}">', f"</{tag}>"


def _link_template(cl):
    """The escaped change URL of a row, with the preserved filters, split around the primary key."""
    url = add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": cl.opts}, cl.change_url_template())
    head, _marker, tail = url.partition(cl.PK)
    return escape(head), escape(tail)


def lean_rows(cl):
    """Each row as one list of cells, like admin_list.results(), or None to leave it to Django."""
    if not isinstance(cl, LeanChangeList) or cl.formset or cl.is_popup or cl.to_field or cl.list_display_links is None:
        return None
    link_names = cl.list_display_links
    columns, first = [], True
    for field_name in cl.list_display:
        is_link = (first and not link_names) or field_name in link_names
        column = _column(cl, field_name, is_link, first)
        if column is None:
            return None
        columns.append((*column, is_link))
        if is_link:
            first = False
    head, tail = _link_template(cl)
    pk_attname = cl.pk_attname
    rows = []
    for obj in cl.result_list:
        cells = []
        for render, opening, closing, is_link in columns:
            text = render(obj)
            if is_link:
                text = f'<a href="{head}{escape(str(quote(getattr(obj, pk_attname))))}{tail}">{text}</a>'
            cells.append(f"{opening}{text}{closing}")
        rows.append(ResultList(None, [SafeString("".join(cells))]))
    return rows


def lean_result_list(cl):
    """admin_list.result_list() with lean_rows() when the columns allow it."""
    rows = lean_rows(cl)
    if rows is None:
        return result_list(cl)
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": [],  # only a list_editable formset has them, and it is Django's
        "result_headers": headers,
        "num_sorted_fields": sum(1 for header in headers if header["sortable"] and header["sorted"]),
        "results": rows,
    }


@register.tag(name="lean_result_list")
def lean_result_list_tag(parser, token):
    return InclusionAdminNode(
        parser, token, func=lean_result_list, template_name="change_list_results.html", takes_context=False
    )
