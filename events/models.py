import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Min, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Company


def new_token() -> str:
    """A long random token for links that work without signing in (256 bits)."""
    return secrets.token_urlsafe(32)


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def upcoming(self, now=None):
        """Events not over yet, soonest first."""
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")

    def with_counts(self):
        """Annotate confirmed_count and waiting_count in the same query."""
        return self.annotate(
            confirmed_count=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)),
            waiting_count=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITING)),
        )

    def next_change(self, now=None):
        """The next moment a published event starts, ends or closes its registration (or None).

        Public pages that say "upcoming", "registration open" or "places left" change then.
        """
        now = now or timezone.now()
        moments = self.published().aggregate(
            start=Min("starts_at", filter=Q(starts_at__gt=now)),
            end=Min("ends_at", filter=Q(ends_at__gt=now)),
            deadline=Min("registration_deadline", filter=Q(registration_deadline__gt=now)),
        )
        found = [moment for moment in moments.values() if moment is not None]
        return min(found) if found else None


class Event(models.Model):
    """An event of the association (a breakfast meeting, a seminar), with registration."""

    class Audience(models.TextChoices):
        OPEN = "open", _("open to all")
        MEMBERS = "members", _("members only")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True, help_text=_("One sentence for lists."))
    description = models.TextField(_("description"), blank=True, help_text=_("Separate paragraphs with a blank line."))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Places in all. Empty: no limit.")
    )
    audience = models.CharField(_("audience"), max_length=10, choices=Audience, default=Audience.OPEN)
    registration_deadline = models.DateTimeField(
        _("registration deadline"), null=True, blank=True, help_text=_("Empty: registration is open until the start.")
    )
    guests_per_company = models.PositiveSmallIntegerField(
        _("guests per member company"),
        default=0,
        help_text=_("For members-only events: how many guests each member company may bring."),
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Shown on the website and open for registration.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ("-starts_at", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="events_event_ends_after_start",
                violation_error_message=_("An event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(registration_deadline__isnull=True) | Q(registration_deadline__lte=models.F("starts_at")),
                name="events_event_deadline_before_start",
                violation_error_message=_("The registration deadline cannot be after the start."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="events_event_capacity_positive",
                violation_error_message=_("The capacity must be at least 1, or empty for no limit."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {timezone.localtime(self.starts_at):%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.slug])

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("An event must end after it starts.")
        if self.registration_deadline and self.starts_at and self.registration_deadline > self.starts_at:
            errors["registration_deadline"] = _("The registration deadline cannot be after the start.")
        if self.capacity is not None and self.capacity < 1:
            errors["capacity"] = _("The capacity must be at least 1, or empty for no limit.")
        if errors:
            raise ValidationError(errors)

    @property
    def closes_at(self):
        """When registration closes: the deadline, or the start."""
        return self.registration_deadline or self.starts_at

    @property
    def is_members_only(self) -> bool:
        return self.audience == self.Audience.MEMBERS

    @property
    def is_over(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def registration_open(self) -> bool:
        return self.is_published and timezone.now() < self.closes_at

    def places_left(self, confirmed: int) -> int | None:
        """Free places given the confirmed count; None when there is no limit."""
        if self.capacity is None:
            return None
        return max(self.capacity - confirmed, 0)

    @property
    def remaining(self) -> int | None:
        """Free places now, from the confirmed_count that EventQuerySet.with_counts() adds."""
        return self.places_left(self.confirmed_count)


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        """Registrations that still count: waiting for e-mail confirmation, with a place, or waiting."""
        return self.exclude(status=Registration.Status.CANCELLED)

    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waiting(self):
        """The waiting list in its order: first confirmed, first promoted."""
        return self.filter(status=Registration.Status.WAITING).order_by("confirmed_at", "pk")

    def attending(self):
        """Those with a place or on the waiting list: the people an event's messages go to."""
        return self.filter(status__in=(Registration.Status.CONFIRMED, Registration.Status.WAITING))

    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class Registration(models.Model):
    """One person's registration for an event: a member's representative, or a guest.

    A guest's registration starts as pending and takes a place (or a spot on the waiting
    list) only once the guest confirms it by the link sent to their e-mail address. The row
    is never deleted: cancelling keeps it with its time.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting e-mail confirmation")
        CONFIRMED = "confirmed", _("has a place")
        WAITING = "waiting", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("event"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    # A member's representative: the person is the user, the company the member they came for.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="event_registrations",
        verbose_name=_("user"),
        null=True,
        blank=True,
    )
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        related_name="event_registrations",
        verbose_name=_("member company"),
        null=True,
        blank=True,
    )
    # A guest: what they told us, and the member company that brought them (members-only events).
    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    organisation = models.CharField(_("company or organisation"), max_length=200, blank=True)
    guest_of = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        related_name="event_guests",
        verbose_name=_("guest of"),
        null=True,
        blank=True,
    )
    consent_version = models.CharField(_("privacy statement accepted"), max_length=20, blank=True)
    token = models.CharField(_("link token"), max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("moved from the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ("event", "created_at", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=("event", "user"),
                condition=Q(user__isnull=False) & ~Q(status="cancelled"),
                name="events_registration_one_per_user",
                violation_error_message=_("You are already registered for this event."),
            ),
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=Q(user__isnull=True) & ~Q(status="cancelled"),
                name="events_registration_one_per_guest_email",
                violation_error_message=_("This e-mail address is already registered for the event."),
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(email=""),
                name="events_registration_user_or_email",
                violation_error_message=_("A guest needs an e-mail address."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=("confirmed", "waiting")) | Q(confirmed_at__isnull=False),
                name="events_registration_confirmed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_name} – {self.event.title}"

    @property
    def is_guest(self) -> bool:
        return self.user_id is None

    @property
    def person_name(self) -> str:
        if self.user_id:
            return self.user.name or self.user.email
        return self.name

    @property
    def person_email(self) -> str:
        return self.user.email if self.user_id else self.email

    @property
    def person_organisation(self) -> str:
        if self.company_id:
            return self.company.name
        return self.organisation

    def confirm_url(self) -> str:
        return settings.SITE_URL + reverse("events:confirm", args=[self.token])

    def cancel_url(self) -> str:
        return settings.SITE_URL + reverse("events:cancel", args=[self.token])


class EventMessage(models.Model):
    """A message the secretariat sent to an event's attendees: kept as the record of what was said."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="messages", verbose_name=_("event"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), max_length=10000)
    include_waiting = models.BooleanField(_("also to the waiting list"), default=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="event_messages_sent",
        verbose_name=_("sent by"),
        null=True,
        blank=True,
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("message to attendees")
        verbose_name_plural = _("messages to attendees")
        ordering = ("-sent_at", "-pk")

    def __str__(self) -> str:
        return f"{self.event.title}: {self.subject}"


class CalendarFeed(models.Model):
    """A person's private calendar address: /kalender/<token>.ics, no session needed.

    One row per person; renewing replaces the token, so the old address answers 404.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed", verbose_name=_("user")
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ("user",)

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("events:feed", args=[self.token])
