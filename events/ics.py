"""Calendar files for events, the public events feed and each person's private feed (icalendar)."""

from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.urls import reverse

from events.models import Event, Registration
from workgroups.ics import UID_DOMAIN, local, meeting_component, new_calendar, to_ical
from workgroups.models import Meeting


def event_component(event: Event, *, status: str = "CONFIRMED") -> icalendar.Event:
    """One VEVENT for an event; status TENTATIVE for a spot on the waiting list."""
    component = icalendar.Event()
    component.add("uid", f"event-{event.pk}@{UID_DOMAIN}")
    component.add("dtstamp", event.updated_at)
    component.add("last-modified", event.updated_at)
    component.add("dtstart", local(event.starts_at))
    component.add("dtend", local(event.ends_at))
    component.add("summary", event.title)
    component.add("status", status)
    if event.place:
        component.add("location", event.place)
    description = "\n\n".join(part for part in (event.summary, event.description) if part)
    if description:
        component.add("description", description)
    component.add("url", settings.SITE_URL + event.get_absolute_url())
    return component


def events_calendar(events: Iterable[Event], *, name: str) -> bytes:
    cal = new_calendar(name=name)
    for event in events:
        cal.add_component(event_component(event))
    return to_ical(cal)


def personal_calendar(*, meetings: Iterable[Meeting], registrations: Iterable[Registration], name: str) -> bytes:
    """A person's feed: their workgroups' meetings and the events they registered for."""
    cal = new_calendar(name=name)
    for meeting in meetings:
        url = settings.SITE_URL + reverse("workgroups-member:room", args=[meeting.workgroup.slug])
        cal.add_component(meeting_component(meeting, url=url))
    for registration in registrations:
        status = "CONFIRMED" if registration.status == Registration.Status.CONFIRMED else "TENTATIVE"
        cal.add_component(event_component(registration.event, status=status))
    return to_ical(cal)
