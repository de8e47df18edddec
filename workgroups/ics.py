"""Calendar files (RFC 5545) for workgroup meetings, written with the standard library.

A dependency (icalendar) would be more than we need: one VEVENT per meeting with a few
text properties. The rules that matter are here: CRLF line ends, TEXT escaping
(backslash, semicolon, comma, newline) and folding at 75 octets without splitting a
UTF-8 character.
"""

from collections.abc import Iterable
from datetime import UTC, datetime

from workgroups.models import Meeting

PRODID = "-//Næringslaget INVEKST//Arbeidsgrupper//NO"
UID_DOMAIN = "invekst.no"


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets, continuation lines start with a space."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    pieces = []
    current = ""
    limit = 75
    for char in line:
        if len((current + char).encode("utf-8")) > limit:
            pieces.append(current)
            current = ""
            limit = 74  # the leading space of a continuation line counts
        current += char
    pieces.append(current)
    return "\r\n ".join(pieces)


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _event(meeting: Meeting, *, url: str) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:workgroup-meeting-{meeting.pk}@{UID_DOMAIN}",
        f"DTSTAMP:{_utc(meeting.updated_at)}",
        f"DTSTART:{_utc(meeting.starts_at)}",
        f"DTEND:{_utc(meeting.ends_at)}",
        f"SUMMARY:{escape_text(meeting.display_title)}",
    ]
    if meeting.place:
        lines.append(f"LOCATION:{escape_text(meeting.place)}")
    if meeting.agenda:
        lines.append(f"DESCRIPTION:{escape_text(meeting.agenda)}")
    if url:
        lines.append(f"URL:{url}")
    lines.append("END:VEVENT")
    return lines


def calendar(meetings: Iterable[Meeting], *, name: str, url: str = "") -> str:
    """A VCALENDAR with one VEVENT per meeting; url links each event to the workgroup room."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for meeting in meetings:
        lines.extend(_event(meeting, url=url))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
