"""Calendar files (RFC 5545) for workgroup meetings, built with the icalendar package.

icalendar does the parts that are easy to get wrong by hand: TEXT escaping, folding at 75
octets without splitting a character, CRLF line ends and a VTIMEZONE for Europe/Oslo, so
calendar apps show the meeting at the right local time on both sides of a DST change.
The events app builds the personal feed from `meeting_component` too.
"""

from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings

from workgroups.models import Meeting

PRODID = "-//Næringslaget INVEKST//Portal//NO"
UID_DOMAIN = "invekst.no"


def local(value: datetime) -> datetime:
    """The moment in the site's time zone (Europe/Oslo); icalendar writes its TZID and VTIMEZONE."""
    return value.astimezone(ZoneInfo(settings.TIME_ZONE))


def new_calendar(*, name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def to_ical(calendar: icalendar.Calendar) -> bytes:
    """The calendar as text, with a VTIMEZONE for every time zone its events use.

    The VTIMEZONE covers the years of the calendar's events (with a year's margin), not
    icalendar's default 1970–2038, which would spell out seventy years of DST changes.
    """
    days = [
        component.decoded(name).date()
        for component in calendar.walk("VEVENT")
        for name in ("dtstart", "dtend")
        if name in component
    ]
    if days:
        calendar.add_missing_timezones(
            first_date=date(min(days).year - 1, 1, 1), last_date=date(max(days).year + 2, 1, 1)
        )
    return calendar.to_ical()


def meeting_component(meeting: Meeting, *, url: str = "") -> icalendar.Event:
    """One VEVENT for a meeting; url links it to the workgroup room."""
    event = icalendar.Event()
    event.add("uid", f"workgroup-meeting-{meeting.pk}@{UID_DOMAIN}")
    event.add("dtstamp", meeting.updated_at)
    event.add("last-modified", meeting.updated_at)
    event.add("dtstart", local(meeting.starts_at))
    event.add("dtend", local(meeting.ends_at))
    event.add("summary", meeting.display_title)
    if meeting.place:
        event.add("location", meeting.place)
    if meeting.agenda:
        event.add("description", meeting.agenda)
    if url:
        event.add("url", url)
    return event


def calendar(meetings: Iterable[Meeting], *, name: str, url: str = "") -> bytes:
    """A VCALENDAR with one VEVENT per meeting."""
    cal = new_calendar(name=name)
    for meeting in meetings:
        cal.add_component(meeting_component(meeting, url=url))
    return to_ical(cal)
