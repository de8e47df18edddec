"""Events on pages of apps that cannot import this one (Min side belongs to members)."""

from django import template
from django.utils import timezone

from events.models import Event, Registration

register = template.Library()

UPCOMING_SHOWN = 3


@register.inclusion_tag("events/includes/my_events.html", takes_context=True)
def my_events(context):
    """The signed-in person's registrations for events still to come, the next events, and the calendar link.

    Two queries whatever the number of events or registrations.
    """
    user = context["user"]
    now = timezone.now()
    registrations = list(
        Registration.objects.for_user(user)
        .active()
        .filter(event__is_published=True, event__ends_at__gte=now)
        .select_related("event")
        .order_by("event__starts_at", "pk")
    )
    registered = {registration.event_id for registration in registrations}
    upcoming = [
        event
        for event in Event.objects.published().upcoming(now).with_counts()[: UPCOMING_SHOWN + len(registered)]
        if event.pk not in registered
    ][:UPCOMING_SHOWN]
    return {"registrations": registrations, "upcoming": upcoming, "user": user}
