"""Values on the change-history pages as people read them: choice labels, a dash for nothing."""

from django import template

register = template.Library()

NOTHING = "—"


@register.filter
def history_value(record, column: str):
    """A history row's `column` with its choice label (not the stored code) and «—» for empty."""
    display = getattr(record, f"get_{column}_display", None)
    value = display() if callable(display) else getattr(record, column, None)
    return NOTHING if value in (None, "") else value
