"""Registration: members in one click, guests by e-mailed link, the waiting list, cancelling, reminders."""

import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Event, Registration
from members.models import Company, Representative
from tests.factories import make_event

GUEST = {"name": "Gro Gjest", "email": "gro@eksempel.no", "organisation": "Gjest AS", "consent": "on"}


def _link(message, name: str) -> str:
    """The path of the first link to `name` (confirm/cancel) in an e-mail."""
    prefix = {"confirm": "/arrangementer/bekreft/", "cancel": "/arrangementer/avmelding/"}[name]
    match = re.search(re.escape(prefix) + r"[\w-]+/", message.body)
    assert match, message.body
    return match.group(0)


def _guest(client, event, **data):
    return client.post(reverse("events:register", args=[event.slug]), {**GUEST, **data})


def test_a_guest_registers_confirms_by_link_and_gets_a_place(client, event, settings):
    response = _guest(client, event)
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.PENDING
    assert registration.consent_version == settings.PRIVACY_STATEMENT_VERSION
    (message,) = mail.outbox
    assert message.to == ["gro@eksempel.no"]
    confirm = _link(message, "confirm")
    # A GET (a mail scanner following the link) confirms nothing.
    assert client.get(confirm).status_code == 200
    assert Registration.objects.get().status == Registration.Status.PENDING
    response = client.post(confirm)
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert "avmelding" in mail.outbox[-1].body
    assert mail.outbox[-1].subject.startswith("Du har plass")


def test_a_pending_guest_holds_no_place(client, event, company_admin):
    _guest(client, event)
    _guest(client, event, email="to@eksempel.no")
    rep = Representative.objects.get(user=company_admin)
    registration = services.registration_member_create(event=event, representative=rep)
    assert registration.status == Registration.Status.CONFIRMED


def test_the_third_gets_the_waiting_list_and_is_promoted_when_someone_cancels(company_admin, company_member, event):
    from tests.factories import make_user

    third = make_user("tredje@mjosbedriften.no", name="Tredje")
    company = Representative.objects.get(user=company_admin).company
    reps = [
        Representative.objects.get(user=company_admin),
        Representative.objects.get(user=company_member),
        Representative.objects.create(user=third, company=company),
    ]
    first, second, waiting = (services.registration_member_create(event=event, representative=r) for r in reps)
    assert [first.status, second.status, waiting.status] == ["confirmed", "confirmed", "waiting"]
    assert "venteliste" in mail.outbox[-1].subject
    mail.outbox.clear()
    services.registration_cancel(registration=second)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert waiting.promoted_at is not None
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "ledig plass" in subjects["tredje@mjosbedriften.no"].lower()
    assert event.registrations.confirmed().count() == 2


def test_cancelling_someone_on_the_waiting_list_promotes_nobody(company_admin, company_member, event):
    event.capacity = 1
    event.save()
    first = services.registration_member_create(
        event=event, representative=Representative.objects.get(user=company_admin)
    )
    waiting = services.registration_member_create(
        event=event, representative=Representative.objects.get(user=company_member)
    )
    services.registration_cancel(registration=waiting)
    first.refresh_from_db()
    assert first.status == "confirmed" and Registration.objects.confirmed().count() == 1


def test_raising_the_capacity_in_admin_lets_the_waiting_list_in(company_admin, company_member, event):
    event.capacity = 1
    event.save()
    services.registration_member_create(event=event, representative=Representative.objects.get(user=company_admin))
    waiting = services.registration_member_create(
        event=event, representative=Representative.objects.get(user=company_member)
    )
    event.capacity = 5
    services.event_save(event=event)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


def test_a_member_registers_in_one_click_and_cancels(login, company_admin, event):
    client = login(company_admin)
    response = client.post(reverse("events:member-register", args=[event.slug]))
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.user == company_admin and registration.company.name == "Mjøsbedriften AS"
    assert registration.status == Registration.Status.CONFIRMED
    assert mail.outbox[-1].to == ["admin@mjosbedriften.no"]
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Meld meg av" in page
    # A double click does not register twice.
    client.post(reverse("events:member-register", args=[event.slug]))
    assert Registration.objects.active().count() == 1
    client.post(reverse("events:member-cancel", args=[event.slug]))
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    # ... and may register again afterwards.
    client.post(reverse("events:member-register", args=[event.slug]))
    assert Registration.objects.active().count() == 1


def test_the_cancel_link_in_the_confirmation_cancels_without_a_session(client, login, company_admin, event):
    login(company_admin).post(reverse("events:member-register", args=[event.slug]))
    cancel = _link(mail.outbox[-1], "cancel")
    client.logout()
    assert client.get(cancel).status_code == 200
    assert Registration.objects.get().status == "confirmed"
    client.post(cancel)
    assert Registration.objects.get().status == "cancelled"
    assert client.post(cancel).status_code == 200  # twice: still cancelled, no error


def test_wrong_tokens_are_404(client, event):
    for name in ("events:confirm", "events:cancel"):
        assert client.get(reverse(name, args=["finnes-ikke"])).status_code == 404
        assert client.post(reverse(name, args=["x" * 500])).status_code == 404


def test_members_only_events_take_members_and_their_guests_within_the_limit(
    client, login, company_admin, outsider, members_event
):
    url = reverse("events:register", args=[members_event.slug])
    assert client.get(url).status_code == 302  # anonymous: log in first
    assert client.post(reverse("events:member-register", args=[members_event.slug])).status_code == 302
    assert not Registration.objects.exists()
    admin = login(company_admin)
    admin.post(url, GUEST)
    guest = Registration.objects.get()
    assert guest.guest_of.name == "Mjøsbedriften AS"
    assert "Mjøsbedriften AS har meldt deg på" in mail.outbox[-1].body
    response = admin.post(url, {**GUEST, "email": "nummer2@eksempel.no"})
    assert Registration.objects.count() == 1
    assert "kan ikke ta med flere gjester" in response.content.decode()


def test_a_signed_in_non_member_cannot_register_for_a_members_only_event(login, members_event):
    from tests.factories import make_user

    client = login(make_user("privat@eksempel.no"))
    assert client.post(reverse("events:member-register", args=[members_event.slug])).status_code == 403
    assert client.get(reverse("events:register", args=[members_event.slug])).status_code == 403
    assert not Registration.objects.exists()


def test_an_inactive_member_company_cannot_register(login, company_admin, members_event):
    Company.objects.update(status=Company.Status.RESIGNED)
    assert login(company_admin).post(reverse("events:member-register", args=[members_event.slug])).status_code == 403


def test_registration_closes_at_the_deadline(client, login, company_admin, event):
    event.registration_deadline = timezone.now() - timedelta(minutes=1)
    event.save()
    response = _guest(client, event)
    assert response.status_code == 200 and "stengt" in response.content.decode()
    login(company_admin).post(reverse("events:member-register", args=[event.slug]))
    assert not Registration.objects.exists()


def test_unpublished_events_are_404_for_the_public(client, event):
    Event.objects.update(is_published=False)
    assert client.get(event.get_absolute_url()).status_code == 404
    assert _guest(client, event).status_code == 404
    assert client.get(reverse("events:event-calendar", args=[event.slug])).status_code == 404


def test_the_same_guest_registering_again_gets_the_link_again(client, event):
    _guest(client, event)
    _guest(client, event, email="GRO@eksempel.no")
    assert Registration.objects.count() == 1
    assert len(mail.outbox) == 2
    client.post(_link(mail.outbox[0], "confirm"))
    response = _guest(client, event)
    assert "allerede påmeldt" in response.content.decode()
    assert Registration.objects.count() == 1


def test_bad_guest_input_shows_errors_and_stores_nothing(client, event):
    response = _guest(client, event, email="ikke-en-adresse", consent="", name="Gro\x00", organisation="")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_email_error"' in body and 'id="id_consent_error"' in body and 'id="id_organisation_error"' in body
    assert not Registration.objects.exists() and not mail.outbox


def test_cancelling_after_the_start_is_refused(company_admin, event):
    registration = services.registration_member_create(
        event=event, representative=Representative.objects.get(user=company_admin)
    )
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(minutes=5), registration_deadline=None
    )
    registration.refresh_from_db()
    with pytest.raises(ValidationError):
        services.registration_cancel(registration=registration)


def test_reminders_go_once_to_those_with_a_place_the_day_before(company_admin, company_member, event, seeded):
    tomorrow = timezone.localtime() + timedelta(days=1)
    Event.objects.filter(pk=event.pk).update(starts_at=tomorrow, ends_at=tomorrow + timedelta(hours=1))
    event.refresh_from_db()
    event.capacity = 1
    event.save()
    services.registration_member_create(event=event, representative=Representative.objects.get(user=company_admin))
    services.registration_member_create(event=event, representative=Representative.objects.get(user=company_member))
    later = make_event(
        "senere", starts_at=timezone.now() + timedelta(days=5), ends_at=timezone.now() + timedelta(days=6)
    )
    services.registration_member_create(event=later, representative=Representative.objects.get(user=company_member))
    mail.outbox.clear()
    assert services.event_reminders_send() == 1
    (reminder,) = mail.outbox
    assert reminder.to == ["admin@mjosbedriften.no"] and "Påminnelse" in reminder.subject
    assert "avmelding" in reminder.body
    assert services.event_reminders_send() == 0
    call_command("send_event_reminders", stdout=io.StringIO())
    assert len(mail.outbox) == 1


def test_the_guest_limit_counts_only_the_companys_active_guests(login, company_admin, members_event):
    rep = Representative.objects.get(user=company_admin)
    assert services.guests_left(event=members_event, company=rep.company) == 1
    guest = services.registration_guest_create(
        event=members_event, name="A", email="a@eksempel.no", organisation="A AS", guest_of=rep.company
    )
    assert services.guests_left(event=members_event, company=rep.company) == 0
    services.registration_cancel(registration=guest)
    assert services.guests_left(event=members_event, company=rep.company) == 1


def test_a_deleted_account_gives_up_its_place_and_the_waiting_list_moves_up(event, company_member, outsider):
    """The place of a deleted person goes to the first in line; the feed address stops working."""
    from events.models import CalendarFeed
    from members.accounts.services import account_delete

    event.capacity = 1
    event.save()
    mine = services.registration_member_create(
        event=event, representative=Representative.objects.get(user=company_member)
    )
    theirs = services.registration_member_create(event=event, representative=Representative.objects.get(user=outsider))
    assert (mine.status, theirs.status) == (Registration.Status.CONFIRMED, Registration.Status.WAITING)
    token = services.calendar_feed_for(company_member).token
    account_delete(user=company_member)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == Registration.Status.CANCELLED
    assert theirs.status == Registration.Status.CONFIRMED
    assert not CalendarFeed.objects.filter(token=token).exists()
