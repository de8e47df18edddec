from django import template

from plans.verdicts import fmt

register = template.Library()


@register.filter
def num(value, decimals=None):
    """A figure in the active language's format: 70 185, 0,5."""
    if value is None or value == "":
        return "–"
    return fmt(value, None if decimals in (None, "") else int(decimals))
