"""The workgroup room on Min side: for the group's participants (any company) and the secretariat."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import company_pk, get_representative, require_active
from members.models import Company, Representative
from workgroups import ics, services
from workgroups.forms import MeetingResponseForm
from workgroups.models import Commitment, Meeting, MeetingResponse, Participant, Workgroup, competence_coverage

PAST_MEETINGS_SHOWN = 10
# The next few meetings get an RSVP form each; the calendar feed has them all.
UPCOMING_MEETINGS_SHOWN = 5
ROSTER_PER_PAGE = 50


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
    representative = get_representative(request.user, company_pk=company_pk(request), active_first=True)
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


@login_required
def room(request, slug):
    try:
        workgroup, representative = _room_access(request, slug)
    except _NotParticipant as exc:
        return _forbidden_room(request, exc)
    now = timezone.now()
    answer_counts = {
        f"{answer}_count": Count("responses", filter=Q(responses__answer=answer))
        for answer in MeetingResponse.Answer.values
    }
    of_group = Meeting.objects.filter(workgroup=workgroup)
    upcoming = list(of_group.upcoming(now).annotate(**answer_counts)[:UPCOMING_MEETINGS_SHOWN])
    past = list(of_group.past(now)[:PAST_MEETINGS_SHOWN])
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
    return render(
        request,
        "workgroups/member/room.html",
        {
            "workgroup": workgroup,
            "representative": representative,
            "totals": _room_totals(workgroup),
            "coverage": competence_coverage([workgroup.pk])[workgroup.pk],
            "roster": _roster_page(workgroup, request.GET.get("side")),
            "upcoming": upcoming,
            "past": past,
            "answer_choices": MeetingResponseForm.base_fields["answer"].choices,
        },
    )


def _room_totals(workgroup: Workgroup) -> dict:
    """Companies, people and hours over the group's active commitments (two queries)."""
    people = Participant.objects.active().filter(commitment__workgroup=workgroup)
    commitments = (
        Commitment.objects.active()
        .filter(workgroup=workgroup)
        .aggregate(companies=Count("company", distinct=True), hours=Sum("hours_per_year"))
    )
    return {
        "company_count": commitments["companies"],
        "people_count": people.aggregate(n=Count("representative__user", distinct=True))["n"],
        "hours_total": commitments["hours"] or 0,
    }


def _roster_page(workgroup: Workgroup, number):
    """One page of the roster as plain rows: a large group has hundreds of participants."""
    rows = Participant.objects.roster(workgroup).values(
        "role",
        "competence",
        company=F("representative__company__name"),
        name=F("representative__user__name"),
        email=F("representative__user__email"),
        show_email=F("representative__user__show_email"),
    )
    page = Paginator(rows, ROSTER_PER_PAGE).get_page(number)
    roles = dict(Participant.Role.choices)
    page.object_list = [{**row, "role": roles.get(row["role"], row["role"])} for row in page.object_list]
    return page


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
        for message in error.messages:
            messages.warning(request, message)
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
