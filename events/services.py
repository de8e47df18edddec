"""Writes for events: registration, confirmation, cancellation, the waiting list, reminders, messages.

Capacity holds under concurrent registrations: every function that can give a place locks
the event's row first (select_for_update), then counts the places taken, so two requests for
the last place are served one after the other. Double registrations are refused by partial
unique indexes, which the functions turn into a calm ValidationError.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.mail import mail_on_commit
from events.models import CalendarFeed, Event, EventMessage, Registration, new_token
from members.models import Company, Representative, User

ALREADY_REGISTERED = _("You are already registered for this event.")
GUEST_ALREADY_REGISTERED = _("This e-mail address is already registered for the event.")
REGISTRATION_CLOSED = _("Registration for this event is closed.")


def _mail(*, registration: Registration, template: str, context: dict | None = None) -> None:
    mail_on_commit(
        template=f"events/email/{template}",
        context={
            "registration": registration,
            "event": registration.event,
            "site_url": settings.SITE_URL,
            **(context or {}),
        },
        to=[registration.person_email],
    )


def _lock_event(event: Event) -> Event:
    """The event's row, locked until the transaction ends: the one place capacity is decided."""
    return Event.objects.select_for_update().get(pk=event.pk)


def _check_open(event: Event) -> None:
    if not event.registration_open:
        raise ValidationError(REGISTRATION_CLOSED, code="closed")


def _has_place(event: Event) -> bool:
    if event.capacity is None:
        return True
    return event.registrations.confirmed().count() < event.capacity


def _take_place_or_wait(registration: Registration, event: Event) -> None:
    """Give the registration a place if one is free, else put it last on the waiting list."""
    registration.status = Registration.Status.CONFIRMED if _has_place(event) else Registration.Status.WAITING
    registration.confirmed_at = timezone.now()


def _announce(registration: Registration) -> None:
    """Tell the person where they stand: a place or the waiting list, with the cancel link."""
    template = "confirmed" if registration.status == Registration.Status.CONFIRMED else "waiting"
    _mail(registration=registration, template=template)


@transaction.atomic
def registration_member_create(*, event: Event, representative: Representative) -> Registration:
    """Register a member company's representative in one click: a place, or the waiting list.

    Raises ValidationError when registration is closed, the company is not an active member
    or the person is already registered.
    """
    event = _lock_event(event)
    _check_open(event)
    if not representative.company.is_active:
        raise ValidationError(_("Only representatives of active member companies can register here."), code="inactive")
    if event.registrations.active().filter(user_id=representative.user_id).exists():
        raise ValidationError(ALREADY_REGISTERED, code="duplicate")
    registration = Registration(event=event, user=representative.user, company=representative.company)
    _take_place_or_wait(registration, event)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:
        raise ValidationError(ALREADY_REGISTERED, code="duplicate") from exc
    _announce(registration)
    return registration


def guests_left(*, event: Event, company: Company) -> int:
    """How many more guests the company may bring to the event."""
    brought = event.registrations.active().filter(guest_of=company).count()
    return max(event.guests_per_company - brought, 0)


@transaction.atomic
def registration_guest_create(
    *,
    event: Event,
    name: str,
    email: str,
    organisation: str,
    guest_of: Company | None = None,
) -> Registration:
    """Register a guest (not signed in as a member), pending until they confirm by e-mail.

    On an open event anyone may register as a guest. On a members-only event a guest must be
    brought by an active member company (guest_of), within the event's guests per company.
    The same address registering again while unconfirmed gets the link again, not an error.
    """
    event = _lock_event(event)
    _check_open(event)
    if event.is_members_only:
        if guest_of is None or not guest_of.is_active:
            raise ValidationError(_("This event is for members only."), code="members_only")
        if guests_left(event=event, company=guest_of) < 1:
            raise ValidationError(
                _("%(company)s cannot bring more guests to this event.") % {"company": guest_of.name},
                code="guest_limit",
            )
    existing = event.registrations.active().filter(user__isnull=True, email__iexact=email).first()
    if existing is not None:
        if existing.status != Registration.Status.PENDING:
            raise ValidationError({"email": GUEST_ALREADY_REGISTERED}, code="duplicate")
        _mail(registration=existing, template="confirm")
        return existing
    registration = Registration(
        event=event,
        name=name,
        email=email,
        organisation=organisation,
        guest_of=guest_of,
        consent_version=settings.PRIVACY_STATEMENT_VERSION,
    )
    registration.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:
        raise ValidationError({"email": GUEST_ALREADY_REGISTERED}, code="duplicate") from exc
    _mail(registration=registration, template="confirm")
    return registration


@transaction.atomic
def registration_confirm(*, registration: Registration) -> Registration:
    """A guest confirms by the e-mailed link: a place if one is free, else the waiting list.

    Confirming again changes nothing. A cancelled registration, or one whose event has
    closed its registration, cannot be confirmed.
    """
    event = _lock_event(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    registration.event = event
    if registration.status in (Registration.Status.CONFIRMED, Registration.Status.WAITING):
        return registration
    if registration.status == Registration.Status.CANCELLED:
        raise ValidationError(_("This registration has been cancelled."), code="cancelled")
    _check_open(event)
    _take_place_or_wait(registration, event)
    registration.save(update_fields=["status", "confirmed_at"])
    _announce(registration)
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration) -> Registration:
    """Cancel a registration and give a freed place to the first on the waiting list.

    Possible until the event starts. Cancelling twice changes nothing.
    """
    event = _lock_event(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    registration.event = event
    if registration.status == Registration.Status.CANCELLED:
        return registration
    if event.has_started:
        raise ValidationError(_("The event has started; the registration can no longer be cancelled."), code="started")
    had_place = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    if registration.confirmed_at:
        _mail(registration=registration, template="cancelled")
    if had_place:
        _promote(event)
    return registration


def _promote(event: Event) -> list[Registration]:
    """Move people from the waiting list into free places, first come first served. Event row locked."""
    if event.has_started:
        return []
    promoted = []
    waiting = event.registrations.waiting().select_for_update()
    if event.capacity is not None:
        free = event.capacity - event.registrations.confirmed().count()
        waiting = waiting[: max(free, 0)]
    now = timezone.now()
    for registration in waiting:
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        registration.event = event
        _mail(registration=registration, template="promoted")
        promoted.append(registration)
    return promoted


@transaction.atomic
def waiting_list_promote(*, event: Event) -> list[Registration]:
    """Fill free places from the waiting list (after the secretariat raised the capacity, say)."""
    return _promote(_lock_event(event))


@transaction.atomic
def event_save(*, event: Event) -> Event:
    """Save an event from the admin; a raised (or removed) capacity lets the waiting list in."""
    event.full_clean()
    event.save()
    _promote(_lock_event(event))
    return event


def _reminder_horizon(now: datetime) -> datetime:
    """The end of tomorrow, local time: reminders go out for events starting before then."""
    day_after_tomorrow = timezone.localtime(now).date() + timedelta(days=2)
    return timezone.make_aware(datetime.combine(day_after_tomorrow, time.min))


@transaction.atomic
def event_reminders_send() -> int:
    """E-mail everyone with a place a reminder the day before; answer how many were sent.

    Idempotent: each registration is marked reminded and never reminded twice, so it may run
    as often as wanted (hourly, say) and from several workers at once: rows another worker
    holds are skipped. Covers published events that have not started and start before the
    end of tomorrow, so a late run still reminds.
    """
    now = timezone.now()
    due = (
        Registration.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            status=Registration.Status.CONFIRMED,
            reminded_at__isnull=True,
            event__is_published=True,
            event__starts_at__gt=now,
            event__starts_at__lt=_reminder_horizon(now),
        )
        .exclude(user__is_active=False)  # a deleted (anonymised) account gets no mail
        .select_related("event", "user")
        .order_by("pk")
    )
    sent = 0
    for registration in due:
        registration.reminded_at = now
        registration.save(update_fields=["reminded_at"])
        _mail(registration=registration, template="reminder")
        sent += 1
    return sent


@transaction.atomic
def event_message_send(
    *, event: Event, subject: str, body: str, sent_by: User | None, include_waiting: bool = False
) -> EventMessage:
    """E-mail a message to everyone with a place (and the waiting list, if asked); keep a record.

    One e-mail per person, so nobody sees the others' addresses.
    """
    statuses = [Registration.Status.CONFIRMED]
    if include_waiting:
        statuses.append(Registration.Status.WAITING)
    registrations = list(event.registrations.filter(status__in=statuses).select_related("user", "event").order_by("pk"))
    message = EventMessage.objects.create(
        event=event,
        subject=subject,
        body=body,
        include_waiting=include_waiting,
        sent_by=sent_by,
        recipient_count=len(registrations),
    )
    for registration in registrations:
        _mail(registration=registration, template="message", context={"message": message})
    return message


# --- calendar feeds -----------------------------------------------------------------------


def calendar_feed_for(user: User) -> CalendarFeed:
    """The person's feed, made the first time it is asked for."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_renew(*, user: User) -> CalendarFeed:
    """Give the person a new feed address; the old one answers 404 from now on."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        return CalendarFeed.objects.create(user=user)
    feed.token = new_token()
    feed.created_at = timezone.now()
    feed.save(update_fields=["token", "created_at"])
    return feed


def registrations_in_feed(user: User):
    """The person's registrations a calendar should show: with a place or on the waiting list."""
    return (
        Registration.objects.attending()
        .filter(Q(user=user) | Q(user__isnull=True, email__iexact=user.email))
        .filter(event__is_published=True)
        .select_related("event")
        .order_by("event__starts_at")
    )
