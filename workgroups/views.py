from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Min, Q, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from invekst.cache import content_version, versioned_cache
from members.access import get_representative, require_active, require_admin
from members.models import Company, Representative
from workgroups import ics, services
from workgroups.forms import (
    CommitmentCreateForm,
    CommitmentUpdateForm,
    MeetingResponseForm,
    ParticipantAddForm,
    SelfSignupForm,
)
from workgroups.models import (
    Commitment,
    Meeting,
    MeetingResponse,
    Participant,
    Workgroup,
    competence_coverage,
)

PAST_MEETINGS_SHOWN = 10
# The next few meetings get an RSVP form each; the calendar feed has them all.
UPCOMING_MEETINGS_SHOWN = 5

# Public pages: totals and coverage, never a person's name.


def workgroup_list(request):
    workgroups = list(Workgroup.objects.active().with_totals())
    coverage = competence_coverage(w.pk for w in workgroups)
    for workgroup in workgroups:
        workgroup.coverage = coverage[workgroup.pk]
        workgroup.gap_count = sum(1 for row in workgroup.coverage if row.is_gap)
    return render(request, "workgroups/workgroup_list.html", {"workgroups": workgroups})


def workgroup_detail(request, slug):
    workgroup = get_object_or_404(Workgroup.objects.with_totals(), slug=slug)
    return render(
        request,
        "workgroups/workgroup_detail.html",
        {"workgroup": workgroup, "coverage": competence_coverage([workgroup.pk])[workgroup.pk]},
    )


# Member pages: everything is fetched through the signed-in user's company.


def _member(request) -> Representative:
    representative = get_representative(request.user)
    require_active(representative)
    return representative


def _commitment(representative: Representative, pk: int) -> Commitment:
    return get_object_or_404(
        Commitment.objects.for_company(representative.company).select_related("workgroup", "company"), pk=pk
    )


def _apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _say(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.warning(request, message)


@login_required
def member_index(request):
    representative = _member(request)
    company = representative.company
    commitments = list(
        Commitment.objects.for_company(company)
        .with_people()
        .select_related("workgroup")
        .prefetch_related("competences")
        .order_by("end_date", "workgroup__order", "-start_date")
    )
    valid = Commitment.objects.for_company(company).valid().exists()
    form = None
    if representative.is_admin:
        form = CommitmentCreateForm(request.POST or None, company=company)
        if request.method == "POST" and form.is_valid():
            try:
                commitment = services.commitment_create(company=company, created_by=request.user, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(company)s is now committed to %(workgroup)s. Add the people who will take part.")
                    % {"company": company.name, "workgroup": commitment.workgroup.name},
                )
                return redirect(commitment)
    elif request.method == "POST":
        require_admin(representative)
    my_participations = set(
        Participant.objects.active().filter(representative=representative).values_list("commitment_id", flat=True)
    )
    return render(
        request,
        "workgroups/member/index.html",
        {
            "representative": representative,
            "company": company,
            "active_commitments": [c for c in commitments if c.is_active],
            "ended_commitments": [c for c in commitments if not c.is_active],
            "meets_obligation": valid,
            "my_participations": my_participations,
            "form": form,
        },
    )


@login_required
def commitment_detail(request, pk):
    representative = _member(request)
    commitment = _commitment(representative, pk)
    update_form = add_form = None
    if representative.is_admin and commitment.is_active:
        update_form = CommitmentUpdateForm(
            request.POST or None,
            initial={
                "hours_per_year": commitment.hours_per_year,
                "competences": list(commitment.competences.all()),
                "competence_note": commitment.competence_note,
            },
        )
        add_form = ParticipantAddForm(commitment=commitment)
        if request.method == "POST" and update_form.is_valid():
            try:
                services.commitment_update(commitment=commitment, **update_form.cleaned_data)
            except ValidationError as error:
                _apply_errors(update_form, error)
            else:
                messages.success(request, _("The commitment is updated."))
                return redirect(commitment)
    elif request.method == "POST":
        require_admin(representative)
        _say(request, ValidationError(_("This commitment has ended.")))
        return redirect(commitment)
    return _render_commitment(request, representative, commitment, update_form=update_form, add_form=add_form)


def _render_commitment(request, representative, commitment, *, update_form=None, add_form=None, status=200):
    participants = list(commitment.participants.select_related("representative__user").order_by("left_at", "joined_at"))
    me = next(
        (p for p in participants if p.representative_id == representative.pk and p.left_at is None),
        None,
    )
    return render(
        request,
        "workgroups/member/commitment_detail.html",
        {
            "representative": representative,
            "commitment": commitment,
            "competences": list(commitment.competences.all()),
            "active_participants": [p for p in participants if p.left_at is None],
            "former_participants": [p for p in participants if p.left_at is not None],
            "me": me,
            "update_form": update_form,
            "add_form": add_form,
            "signup_form": SelfSignupForm() if commitment.is_active and me is None else None,
        },
        status=status,
    )


@login_required
@require_POST
def participant_add(request, pk):
    representative = _member(request)
    commitment = _commitment(representative, pk)
    require_admin(representative)
    form = ParticipantAddForm(request.POST, commitment=commitment)
    if form.is_valid():
        try:
            participant = services.participant_add(
                commitment=commitment,
                representative=form.cleaned_data["representative"],
                competence=form.cleaned_data["competence"],
                added_by=request.user,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(person)s now takes part in %(workgroup)s.")
                % {"person": participant.representative.user, "workgroup": commitment.workgroup.name},
            )
            return redirect(commitment)
    update_form = (
        CommitmentUpdateForm(
            initial={
                "hours_per_year": commitment.hours_per_year,
                "competences": list(commitment.competences.all()),
                "competence_note": commitment.competence_note,
            }
        )
        if commitment.is_active
        else None
    )
    return _render_commitment(request, representative, commitment, update_form=update_form, add_form=form, status=400)


@login_required
@require_POST
def participant_remove(request, pk, participant_pk):
    representative = _member(request)
    commitment = _commitment(representative, pk)
    participant = get_object_or_404(commitment.participants.select_related("representative__user"), pk=participant_pk)
    if participant.representative_id != representative.pk:
        require_admin(representative)
    try:
        services.participant_remove(participant=participant, removed_by=request.user)
    except ValidationError as error:
        _say(request, error)
    else:
        if participant.representative_id == representative.pk:
            messages.success(request, _("You have left %(workgroup)s.") % {"workgroup": commitment.workgroup.name})
        else:
            messages.success(
                request,
                _("%(person)s no longer takes part in %(workgroup)s.")
                % {"person": participant.representative.user, "workgroup": commitment.workgroup.name},
            )
    return redirect(commitment)


@login_required
@require_POST
def participant_signup(request, pk):
    representative = _member(request)
    commitment = _commitment(representative, pk)
    form = SelfSignupForm(request.POST)
    if form.is_valid():
        try:
            services.participant_self_signup(
                commitment=commitment, representative=representative, competence=form.cleaned_data["competence"]
            )
        except ValidationError as error:
            _say(request, error)
        else:
            messages.success(
                request,
                _("You now take part in %(workgroup)s.") % {"workgroup": commitment.workgroup.name},
            )
            return redirect("workgroups-member:room", slug=commitment.workgroup.slug)
    else:
        _say(request, ValidationError(list(form.errors.get("competence", []))))
    return redirect(commitment)


@login_required
def commitment_end(request, pk):
    representative = _member(request)
    commitment = _commitment(representative, pk)
    require_admin(representative)
    if request.method == "POST":
        try:
            services.commitment_end(commitment=commitment, ended_by=request.user)
        except ValidationError as error:
            _say(request, error)
        else:
            messages.success(
                request,
                _("The commitment to %(workgroup)s has ended. It stays in the company's history.")
                % {"workgroup": commitment.workgroup.name},
            )
        return redirect("workgroups-member:index")
    if not commitment.is_active:
        _say(request, ValidationError(_("This commitment has ended.")))
        return redirect(commitment)
    people = commitment.participants.filter(left_at__isnull=True).count()
    return render(
        request,
        "workgroups/member/commitment_end.html",
        {"commitment": commitment, "people": people},
    )


# The workgroup room: participants of the group (any company) and the secretariat.


def _room_access(request, slug) -> tuple[Workgroup, Representative | None]:
    """The workgroup and the user's participating representation (None for the secretariat).

    Unknown workgroup: 404. Signed in without a company and not staff: 404 (like every
    member page). A representative who does not take part: 403, with a page saying how to join.
    """
    # One query for the usual visitor, a participant: the workgroup comes along.
    participation = (
        Participant.objects.active()
        .filter(
            commitment__workgroup__slug=slug,
            representative__user=request.user,
            representative__company__status=Company.Status.ACTIVE,
        )
        .select_related("representative", "commitment__workgroup")
        .first()
    )
    if participation is not None:
        return participation.commitment.workgroup, participation.representative
    workgroup = get_object_or_404(Workgroup, slug=slug)
    if request.user.is_staff:
        return workgroup, None
    representative = get_representative(request.user)
    require_active(representative)
    raise _NotParticipant(workgroup, representative)


class _NotParticipant(Exception):
    def __init__(self, workgroup, representative):
        self.workgroup = workgroup
        self.representative = representative


def _forbidden_room(request, exc: _NotParticipant):
    commitment = Commitment.objects.active().filter(company=exc.representative.company, workgroup=exc.workgroup).first()
    return render(
        request,
        "workgroups/member/room_forbidden.html",
        {"workgroup": exc.workgroup, "commitment": commitment, "representative": exc.representative},
        status=403,
    )


ROSTER_PER_PAGE = 50
# The content version, not this, keeps the room's shared parts fresh.
ROOM_SHARED_TIMEOUT = 60 * 60 * 24


@login_required
def room(request, slug):
    try:
        workgroup, representative = _room_access(request, slug)
    except _NotParticipant as exc:
        return _forbidden_room(request, exc)
    # The version is read before the data, so a write that commits meanwhile bumps it past
    # whatever this request stores.
    key = f"workgroup-room:{workgroup.pk}:{content_version()}"
    upcoming, past = _room_meetings(workgroup, key)
    for meeting in (*upcoming, *past):
        meeting.workgroup = workgroup  # display_title falls back to the workgroup's name
    my_answers = {}
    if representative is not None and upcoming:
        my_answers = dict(
            MeetingResponse.objects.filter(meeting__in=upcoming, representative=representative)
            .order_by()
            .values_list("meeting_id", "answer")
        )
    for meeting in upcoming:
        meeting.my_answer = my_answers.get(meeting.pk)
    if representative is not None:
        # MeetingResponseForm's radios, marked up in the template: its widget would render
        # a template per radio. The form still validates what is posted (meeting_rsvp).
        field = MeetingResponseForm.base_fields["answer"]
        for meeting in upcoming:
            meeting.answer_options = [
                (f"id_m{meeting.pk}_answer_{i}", value, label, value == meeting.my_answer)
                for i, (value, label) in enumerate(field.choices)
            ]
    return render(
        request,
        "workgroups/member/room.html",
        {
            "workgroup": workgroup,
            "representative": representative,
            "shared": _room_shared(workgroup, key, request.GET.get("side")),
            "upcoming": upcoming,
            "past": past,
        },
    )


def _room_meetings(workgroup: Workgroup, key: str) -> tuple[list[Meeting], list[Meeting]]:
    """The next meetings, with their answer counts, and the last ones, cached: alike for everyone.

    A write (a new meeting, an answer) bumps the content version in `key`. The clock moves a
    meeting from the one list to the other when it ends, so the entry expires no later than
    the first upcoming meeting's end (rounded down to the second).
    """
    key = f"{key}:meetings"
    meetings = versioned_cache.get(key)
    if meetings is None:
        now = timezone.now()
        answer_counts = {
            f"{answer}_count": Count("responses", filter=Q(responses__answer=answer))
            for answer in MeetingResponse.Answer.values
        }
        of_group = Meeting.objects.filter(workgroup=workgroup)
        upcoming = list(of_group.upcoming(now).annotate(**answer_counts)[:UPCOMING_MEETINGS_SHOWN])
        past = list(of_group.past(now)[:PAST_MEETINGS_SHOWN])
        meetings = upcoming, past
        timeout = ROOM_SHARED_TIMEOUT
        if upcoming:
            # Ordered by start, the shown ones need not include the one that ends first.
            first_end = of_group.upcoming(now).aggregate(first=Min("ends_at"))["first"]
            timeout = min(timeout, int((first_end - timezone.now()).total_seconds()))
        if timeout > 0:
            versioned_cache.set(key, meetings, timeout)
    return meetings


def _room_shared(workgroup: Workgroup, key: str, page_number) -> dict[str, str]:
    """The room's totals, coverage and one page of its roster, as HTML.

    Every participant sees these alike (no RSVP form, no token, nothing of the viewer's), so
    they are rendered once per content version (in `key`) and language and kept in the shared
    cache. Names and e-mails in the roster come from members.User, whose saves do not bump
    the version in general; invekst.apps bumps it when a name, e-mail or show_email changes.
    """
    key = f"{key}:{get_language()}"
    shared = versioned_cache.get(key)
    if shared is None:
        participants = (
            Participant.objects.active()
            .filter(commitment__workgroup=workgroup)
            .aggregate(rows=Count("pk"), people=Count("representative__user", distinct=True))
        )
        commitments = (
            Commitment.objects.active()
            .filter(workgroup=workgroup)
            .aggregate(companies=Count("company", distinct=True), hours=Sum("hours_per_year"))
        )
        totals = {
            "company_count": commitments["companies"],
            "people_count": participants["people"],
            "hours_total": commitments["hours"] or 0,
        }
        coverage = competence_coverage([workgroup.pk])[workgroup.pk]
        shared = {
            "participant_count": participants["rows"],
            "totals": render_to_string("workgroups/includes/totals.html", {"workgroup": totals}),
            "coverage": render_to_string("workgroups/includes/coverage.html", {"coverage": coverage}),
        }
        versioned_cache.set(key, shared, ROOM_SHARED_TIMEOUT)
    # Paged: a large association's group can have hundreds of participants. The page number
    # is settled against the cached count, so only real pages get a cache entry.
    page = Paginator(range(shared["participant_count"]), ROSTER_PER_PAGE).get_page(page_number)
    roster_key = f"{key}:roster:{page.number}"
    roster = versioned_cache.get(roster_key)
    if roster is None:
        offset = (page.number - 1) * ROSTER_PER_PAGE
        # Plain rows, not four model instances per participant.
        page.object_list = list(
            Participant.objects.roster(workgroup).values(
                "role",
                "competence",
                company=F("representative__company__name"),
                name=F("representative__user__name"),
                email=F("representative__user__email"),
                show_email=F("representative__user__show_email"),
            )[offset : offset + ROSTER_PER_PAGE]
        )
        roles = dict(Participant.Role.choices)
        for row in page.object_list:
            row["role"] = roles.get(row["role"], row["role"])
        roster = render_to_string("workgroups/includes/roster.html", {"roster": page, "page": page})
        versioned_cache.set(roster_key, roster, ROOM_SHARED_TIMEOUT)
    # render_to_string's SafeString survives the cache's pickling: no escaping twice.
    return {"totals": shared["totals"], "roster": roster, "coverage": shared["coverage"]}


@login_required
@require_POST
def meeting_rsvp(request, slug, meeting_pk):
    try:
        workgroup, representative = _room_access(request, slug)
    except _NotParticipant as exc:
        return _forbidden_room(request, exc)
    meeting = get_object_or_404(Meeting.objects.filter(workgroup=workgroup), pk=meeting_pk)
    room_url = reverse("workgroups-member:room", args=[workgroup.slug])
    if representative is None:
        messages.warning(request, _("Only participants in the workgroup can answer."))
        return redirect(room_url)
    form = MeetingResponseForm(request.POST)
    if not form.is_valid():
        messages.warning(request, _("Choose yes, maybe or no."))
        return redirect(f"{room_url}#meeting-{meeting.pk}")
    try:
        services.meeting_rsvp(meeting=meeting, representative=representative, answer=form.cleaned_data["answer"])
    except ValidationError as error:
        _say(request, error)
    else:
        messages.success(request, _("Thank you, your answer is saved."))
    return redirect(f"{room_url}#meeting-{meeting.pk}")


def _calendar_response(request, meetings, *, name: str, filename: str, workgroup: Workgroup) -> HttpResponse:
    url = request.build_absolute_uri(reverse("workgroups-member:room", args=[workgroup.slug]))
    response = HttpResponse(ics.calendar(meetings, name=name, url=url), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def meeting_ics(request, slug, meeting_pk):
    try:
        workgroup, _representative = _room_access(request, slug)
    except _NotParticipant as exc:
        raise PermissionDenied from exc
    meeting = get_object_or_404(Meeting.objects.filter(workgroup=workgroup).select_related("workgroup"), pk=meeting_pk)
    return _calendar_response(
        request,
        [meeting],
        name=workgroup.name,
        filename=f"{workgroup.slug}-{meeting.starts_at:%Y%m%d}.ics",
        workgroup=workgroup,
    )


@login_required
def workgroup_ics(request, slug):
    try:
        workgroup, _representative = _room_access(request, slug)
    except _NotParticipant as exc:
        raise PermissionDenied from exc
    meetings = Meeting.objects.filter(workgroup=workgroup).select_related("workgroup").order_by("starts_at")
    return _calendar_response(
        request,
        meetings,
        name=f"INVEKST – {workgroup.name}",
        filename=f"{workgroup.slug}.ics",
        workgroup=workgroup,
    )
