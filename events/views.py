"""Events: the public listing and pages, registration for members and guests, calendar feeds.

The listing and event pages are cached for anonymous visitors (core.cache.public_page) and
carry no form: the guest registration form, with its CSRF token, has its own page.
"""

from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.cache import public_page
from core.pagination import page_or_404
from events import ics, services
from events.forms import GuestRegistrationForm, MeetingNoticesForm
from events.models import CalendarFeed, Event, Registration
from members.models import Company, Representative
from workgroups import services as workgroup_services
from workgroups.models import Meeting, Participant

PAST_PER_PAGE = 10
TOKEN_MAX_LENGTH = 64
# The feeds reach this far back: calendar apps keep what they have already seen.
FEED_HISTORY = timedelta(days=90)


def _next_change():
    return Event.objects.next_change()


def _member_representative(user) -> Representative | None:
    """The user's representation of an active member company (main contact first), if any."""
    if not user.is_authenticated:
        return None
    return (
        Representative.objects.filter(user=user, company__status=Company.Status.ACTIVE)
        .select_related("company")
        .order_by("role", "created_at")
        .first()
    )


def _visible_events(user):
    """Published events; the secretariat also sees drafts (to check them before publishing)."""
    return Event.objects.all() if user.is_staff else Event.objects.published()


@require_GET
@public_page(changes_at=_next_change)
def event_list(request):
    now = timezone.now()
    events = Event.objects.published().with_counts()
    past = page_or_404(Paginator(events.past(now), PAST_PER_PAGE), request.GET.get("side"))
    upcoming = list(events.upcoming(now)) if past.number == 1 else []
    return render(request, "events/event_list.html", {"upcoming": upcoming, "past": past})


@require_GET
@public_page(changes_at=_next_change)
def event_detail(request, slug):
    event = get_object_or_404(_visible_events(request.user).with_counts(), slug=slug)
    context = {"event": event, "places_left": event.places_left(event.confirmed_count)}
    if request.user.is_authenticated:
        representative = _member_representative(request.user)
        context["representative"] = representative
        context["registration"] = event.registrations.active().filter(user=request.user).first()
        if representative and event.is_members_only and event.guests_per_company:
            context["guests"] = list(
                event.registrations.active().filter(guest_of=representative.company).order_by("created_at")
            )
            context["guests_left"] = max(event.guests_per_company - len(context["guests"]), 0)
    return render(request, "events/event_detail.html", context)


@require_http_methods(["GET", "POST"])
def guest_register(request, slug):
    """A guest registers with name, company and e-mail; the registration waits for the e-mailed link.

    Members-only events take guests only from a signed-in member company's representative,
    within the event's guests per company.
    """
    event = get_object_or_404(Event.objects.published(), slug=slug)
    representative = _member_representative(request.user)
    if event.is_members_only:
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}")
        if representative is None or not event.guests_per_company:
            return render(request, "events/register.html", {"event": event, "problem": "members_only"}, status=403)
    guest_of = representative.company if event.is_members_only else None
    context = {"event": event, "representative": representative, "guest_of": guest_of}
    if guest_of is not None:
        context["guests_left"] = services.guests_left(event=event, company=guest_of)
    if not event.registration_open:
        return render(request, "events/register.html", {**context, "problem": "closed"})
    form = GuestRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_guest_create(
                event=event,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                organisation=form.cleaned_data["organisation"],
                guest_of=guest_of,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Almost done: we have sent a link to %(email)s. The registration counts once it is "
                    "confirmed by that link."
                )
                % {"email": registration.email},
            )
            return redirect(event)
    return render(request, "events/register.html", {**context, "form": form})


@login_required
@require_POST
def member_register(request, slug):
    """A member company's representative registers in one click."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    representative = _member_representative(request.user)
    if representative is None:
        return render(request, "events/register.html", {"event": event, "problem": "not_member"}, status=403)
    try:
        registration = services.registration_member_create(event=event, representative=representative)
    except ValidationError as error:
        for message in error.messages:
            messages.warning(request, message)
    else:
        if registration.status == Registration.Status.CONFIRMED:
            messages.success(request, _("You are registered. A confirmation is on its way by e-mail."))
        else:
            messages.info(
                request,
                _("The event is full, so you are on the waiting list. We e-mail you if a place frees up."),
            )
    return redirect(event)


@login_required
@require_POST
def member_cancel(request, slug):
    event = get_object_or_404(_visible_events(request.user), slug=slug)
    registration = get_object_or_404(event.registrations.active().filter(user=request.user))
    try:
        services.registration_cancel(registration=registration)
    except ValidationError as error:
        for message in error.messages:
            messages.warning(request, message)
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect(event)


def _registration_by_token(token: str) -> Registration:
    if len(token) > TOKEN_MAX_LENGTH:
        raise Http404
    return get_object_or_404(Registration.objects.select_related("event", "user", "company"), token=token)


@never_cache
@require_http_methods(["GET", "POST"])
def registration_confirm(request, token):
    """The guest's link: GET shows what is confirmed (mail scanners follow links), POST confirms."""
    registration = _registration_by_token(token)
    problem = None
    if request.method == "POST":
        try:
            registration = services.registration_confirm(registration=registration)
        except ValidationError as error:
            problem = " ".join(error.messages)
    return render(
        request,
        "events/confirm.html",
        {"registration": registration, "event": registration.event, "problem": problem},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def registration_cancel(request, token):
    """The cancel link from the confirmation e-mail: GET asks, POST cancels."""
    registration = _registration_by_token(token)
    problem = None
    if request.method == "POST":
        try:
            registration = services.registration_cancel(registration=registration)
        except ValidationError as error:
            problem = " ".join(error.messages)
    return render(
        request,
        "events/cancel.html",
        {"registration": registration, "event": registration.event, "problem": problem},
    )


def _calendar_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
@public_page
def events_feed(request):
    """All published events as one public calendar to subscribe to."""
    since = timezone.now() - FEED_HISTORY
    events = Event.objects.published().filter(ends_at__gte=since).order_by("starts_at")
    return _calendar_response(ics.events_calendar(events, name=_("INVEKST events")), filename="invekst.ics")


@require_GET
@public_page
def event_ics(request, slug):
    event = get_object_or_404(Event.objects.published(), slug=slug)
    return _calendar_response(ics.events_calendar([event], name=event.title), filename=f"{event.slug}.ics")


@never_cache
@require_GET
def personal_feed(request, token):
    """A person's private feed: no session (calendar apps cannot log in); the token is the key.

    A wrong, renewed or deactivated token answers 404, like an address that never existed.
    """
    if len(token) > TOKEN_MAX_LENGTH:
        raise Http404
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token, user__is_active=True)
    user = feed.user
    since = timezone.now() - FEED_HISTORY
    takes_part = Participant.objects.active().filter(
        commitment__workgroup=OuterRef("workgroup"),
        representative__user=user,
        representative__company__status=Company.Status.ACTIVE,
    )
    meetings = (
        Meeting.objects.filter(Exists(takes_part), ends_at__gte=since).select_related("workgroup").order_by("starts_at")
    )
    registrations = services.registrations_in_feed(user).filter(event__ends_at__gte=since)
    content = ics.personal_calendar(meetings=meetings, registrations=registrations, name=_("INVEKST – my calendar"))
    response = _calendar_response(content, filename="invekst-min-kalender.ics")
    response["X-Robots-Tag"] = "noindex"
    return response


# --- Min side: calendar subscription and meeting notices -------------------------------------


def _subscriptions_context(request, feed: CalendarFeed) -> dict:
    url = request.build_absolute_uri(feed.get_absolute_url())
    return {
        "feed": feed,
        "feed_url": url,
        "webcal_url": "webcal://" + url.split("://", 1)[1],
        "notices_form": MeetingNoticesForm(
            initial={"meeting_notices": workgroup_services.meeting_notices_enabled(request.user)}
        ),
    }


@login_required
@require_GET
def subscriptions(request):
    feed = services.calendar_feed_for(request.user)
    return render(request, "events/subscriptions.html", _subscriptions_context(request, feed))


@login_required
@require_POST
def feed_renew(request):
    services.calendar_feed_renew(user=request.user)
    messages.success(
        request,
        _("Your calendar has a new address. The old one no longer works: add the new one to your calendar app."),
    )
    return redirect("events:subscriptions")


@login_required
@require_POST
def notices_set(request):
    form = MeetingNoticesForm(request.POST)
    form.is_valid()  # a missing or odd value means "off", like an unticked box
    enabled = bool(form.cleaned_data.get("meeting_notices"))
    workgroup_services.meeting_notices_set(user=request.user, enabled=enabled)
    if enabled:
        messages.success(request, _("You get e-mail about meetings in your workgroups."))
    else:
        messages.success(request, _("You no longer get e-mail about meetings in your workgroups."))
    return redirect("events:subscriptions")
