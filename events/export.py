"""What the events app stores about a person, for the personal-data export on Min side."""

from typing import Any

from django.db.models import Q

from events.models import CalendarFeed, Registration


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def registrations_section(user) -> tuple[str, Any]:
    registrations = (
        Registration.objects.filter(Q(user=user) | Q(user__isnull=True, email__iexact=user.email))
        .select_related("event", "company")
        .order_by("created_at")
    )
    feed = CalendarFeed.objects.filter(user=user).first()
    return "events", {
        "registrations": [
            {
                "event": registration.event.title,
                "starts_at": _iso(registration.event.starts_at),
                "status": registration.status,
                "company": registration.company.name if registration.company_id else None,
                "name": registration.name or None,
                "email": registration.email or None,
                "organisation": registration.organisation or None,
                "registered": _iso(registration.created_at),
                "confirmed": _iso(registration.confirmed_at),
                "cancelled": _iso(registration.cancelled_at),
            }
            for registration in registrations
        ],
        "calendar_feed_created": _iso(feed.created_at) if feed else None,
    }
