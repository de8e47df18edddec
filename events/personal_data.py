"""What the events app stores about a person: its part of the data export and of account deletion.

Registered with members.accounts.services from EventsConfig.ready().
"""

from typing import Any

from django.db.models import Q
from django.utils import timezone

from events import services
from events.models import CalendarFeed, EventMessage, Registration
from members.accounts.services import anonymous_email, deletes, email_matches, exports, iso


@exports("events.Registration", "events.CalendarFeed", "events.EventMessage")
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
                "starts_at": iso(registration.event.starts_at),
                "status": registration.status,
                "company": registration.company.name if registration.company_id else None,
                "name": registration.name or None,
                "email": registration.email or None,
                "organisation": registration.organisation or None,
                "registered": iso(registration.created_at),
                "confirmed": iso(registration.confirmed_at),
                "cancelled": iso(registration.cancelled_at),
            }
            for registration in registrations
        ],
        "calendar_feed_created": iso(feed.created_at) if feed else None,
        "messages_sent_to_attendees": [
            {"event": message.event.title, "subject": message.subject, "sent": iso(message.sent_at)}
            for message in EventMessage.objects.filter(sent_by=user).select_related("event")
        ],
    }


@deletes("events.Registration", "events.CalendarFeed", "events.EventMessage")
def leave_events(*, user, emails: list[str]) -> None:
    """A deleted person gives up places at events still to come (the waiting list moves up), the
    private calendar address stops working, and past registrations stay as the record of who
    came, without name or address. Messages the person sent as secretariat keep `sent_by`,
    which points at the anonymised account."""
    mine = Registration.objects.filter(Q(user=user) | email_matches("email", emails))
    freed = set()
    upcoming = mine.filter(event__starts_at__gt=timezone.now()).exclude(status=Registration.Status.CANCELLED)
    for registration in upcoming.select_related("event"):
        if registration.status == Registration.Status.CONFIRMED:
            freed.add(registration.event)
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
    for event in freed:
        services.waiting_list_promote(event=event)
    for registration in mine.exclude(email="", name=""):
        registration.email = anonymous_email(user) if registration.email else ""
        registration.name = ""
        registration.save(update_fields=["email", "name"])
    CalendarFeed.objects.filter(user=user).delete()
