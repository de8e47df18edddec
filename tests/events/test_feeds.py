"""Calendar feeds: the private feed per person (no session, renewable), the public feed, one event's file."""

from datetime import timedelta

import icalendar
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import CalendarFeed, Registration
from members.models import Representative
from tests.factories import make_event
from workgroups.models import Commitment, Meeting, Participant, Workgroup


def _parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def _summaries(calendar) -> set[str]:
    return {str(component["summary"]) for component in calendar.walk("VEVENT")}


def test_the_private_feed_needs_no_session_and_holds_meetings_and_registrations(company_admin, event):
    rep = Representative.objects.get(user=company_admin)
    rv4 = Workgroup.objects.get(slug="rv4")
    commitment = Commitment.objects.create(company=rep.company, workgroup=rv4, hours_per_year=10)
    Participant.objects.create(commitment=commitment, representative=rep)
    start = timezone.now() + timedelta(days=3)
    Meeting.objects.create(workgroup=rv4, title="Arbeidsmøte RV4", starts_at=start, ends_at=start + timedelta(hours=1))
    other = Workgroup.objects.exclude(pk=rv4.pk).first()
    Meeting.objects.create(workgroup=other, title="Ikke mitt møte", starts_at=start, ends_at=start + timedelta(hours=1))
    services.registration_member_create(event=event, representative=rep)
    cancelled = make_event("avmeldt", title="Avmeldt arrangement")
    services.registration_cancel(registration=services.registration_member_create(event=cancelled, representative=rep))
    feed = services.calendar_feed_for(company_admin)
    response = Client().get(feed.get_absolute_url())  # no cookies at all
    calendar = _parse(response)
    assert _summaries(calendar) == {"Arbeidsmøte RV4", "Frokostmøte om RV4"}
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Oslo"]
    assert "Set-Cookie" not in response.headers and not response.cookies


def test_renewing_the_feed_makes_the_old_address_404(login, company_admin):
    client = login(company_admin)
    page = client.get(reverse("events:subscriptions"))
    old = CalendarFeed.objects.get(user=company_admin)
    assert old.token in page.content.decode()
    assert Client().get(old.get_absolute_url()).status_code == 200
    assert client.post(reverse("events:feed-renew")).status_code == 302
    new = CalendarFeed.objects.get(user=company_admin)
    assert new.token != old.token and len(new.token) >= 43
    assert Client().get(f"/kalender/{old.token}.ics").status_code == 404
    assert Client().get(new.get_absolute_url()).status_code == 200


def test_wrong_and_deactivated_feeds_are_404(company_admin):
    assert Client().get("/kalender/finnes-ikke.ics").status_code == 404
    assert Client().get("/kalender/" + "a" * 300 + ".ics").status_code == 404
    feed = services.calendar_feed_for(company_admin)
    company_admin.is_active = False
    company_admin.save()
    assert Client().get(feed.get_absolute_url()).status_code == 404


def test_the_waiting_list_shows_as_tentative(company_admin, company_member, event):
    event.capacity = 1
    event.save()
    services.registration_member_create(event=event, representative=Representative.objects.get(user=company_admin))
    services.registration_member_create(event=event, representative=Representative.objects.get(user=company_member))
    feed = services.calendar_feed_for(company_member)
    (component,) = _parse(Client().get(feed.get_absolute_url())).walk("VEVENT")
    assert str(component["status"]) == "TENTATIVE"


def test_the_public_feed_and_event_file_hold_published_events(client, event):
    make_event("utkast", title="Utkast", is_published=False)
    calendar = _parse(client.get(reverse("events:calendar")))
    assert _summaries(calendar) == {"Frokostmøte om RV4"}
    (component,) = calendar.walk("VEVENT")
    assert component.decoded("dtstart") == event.starts_at
    assert str(component["location"]) == "Gjøvik rådhus"
    assert str(component["url"]).endswith("/arrangementer/frokostmote/")
    assert _summaries(_parse(client.get(reverse("events:event-calendar", args=[event.slug])))) == {"Frokostmøte om RV4"}


def test_meeting_notices_can_be_turned_off_on_min_side(login, company_admin):
    client = login(company_admin)
    client.post(reverse("events:notices"), {})
    from workgroups.services import meeting_notices_enabled

    assert not meeting_notices_enabled(company_admin)
    client.post(reverse("events:notices"), {"meeting_notices": "on"})
    assert meeting_notices_enabled(company_admin)


def test_the_personal_data_export_lists_registrations(login, company_admin, event):
    services.registration_member_create(event=event, representative=Representative.objects.get(user=company_admin))
    data = login(company_admin).get(reverse("accounts:my-data-export")).json()
    (row,) = data["events"]["registrations"]
    assert row["event"] == "Frokostmøte om RV4" and row["status"] == Registration.Status.CONFIRMED
