"""Writes for commitments, participants and meetings.

Every rule that a double submit or two parallel requests could break is held by a
database constraint; the functions here turn a lost race into a calm ValidationError.
"""

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.mail import mail_on_commit
from members.models import Company, Representative, User
from workgroups.models import Commitment, Competence, Meeting, MeetingResponse, Participant, Workgroup

ALREADY_COMMITTED = _("The company already has an active commitment to this workgroup.")
ALREADY_PARTICIPATING = _("This person already takes part in the commitment.")


def _mail(*, to: list[str], template: str, context: dict) -> None:
    mail_on_commit(template=f"workgroups/email/{template}", context={**context, "site_url": settings.SITE_URL}, to=to)


def _check_company_active(company: Company) -> None:
    if not company.is_active:
        raise ValidationError(_("Only active member companies can take part in workgroups."), code="inactive")


def _check_commitment_active(commitment: Commitment) -> None:
    if not commitment.is_active:
        raise ValidationError(_("This commitment has ended."), code="ended")


@transaction.atomic
def commitment_create(
    *,
    company: Company,
    workgroup: Workgroup,
    hours_per_year: int,
    competences: Iterable[Competence] = (),
    competence_note: str = "",
    start_date: date | None = None,
    note: str = "",
    created_by: User | None = None,
) -> Commitment:
    """Commit the company to a workgroup and tell the company's admins.

    Raises ValidationError (keyed by form field where possible) when the company is not
    active, the workgroup is closed or the company is already committed to it.
    """
    _check_company_active(company)
    if not workgroup.is_active:
        raise ValidationError({"workgroup": _("This workgroup is closed. Choose an active workgroup.")})
    if Commitment.objects.active().filter(company=company, workgroup=workgroup).exists():
        raise ValidationError({"workgroup": ALREADY_COMMITTED}, code="duplicate")
    commitment = Commitment(
        company=company,
        workgroup=workgroup,
        hours_per_year=hours_per_year,
        competence_note=competence_note,
        start_date=start_date or timezone.localdate(),
        note=note,
        created_by=created_by,
    )
    commitment.full_clean(exclude=["created_by"])
    try:
        with transaction.atomic():
            commitment.save()
    except IntegrityError as exc:
        # A parallel request committed first: the partial unique index said no.
        raise ValidationError({"workgroup": ALREADY_COMMITTED}, code="duplicate") from exc
    commitment.competences.set(competences)
    _mail(
        to=company.admin_emails(),
        template="commitment_created",
        context={"commitment": commitment, "by": created_by},
    )
    return commitment


@transaction.atomic
def commitment_update(
    *,
    commitment: Commitment,
    hours_per_year: int,
    competences: Iterable[Competence] = (),
    competence_note: str = "",
) -> Commitment:
    """Change the hours and the competence an active commitment offers."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    _check_commitment_active(commitment)
    commitment.hours_per_year = hours_per_year
    commitment.competence_note = competence_note
    commitment.full_clean(exclude=["created_by"], validate_constraints=False)
    commitment.save(update_fields=["hours_per_year", "competence_note", "updated_at"])
    commitment.competences.set(competences)
    return commitment


@transaction.atomic
def commitment_end(*, commitment: Commitment, ended_by: User | None = None) -> Commitment:
    """End a commitment today: keep the row, set its end date, and let its participants leave.

    A commitment that has not started yet ends on its start date (the period cannot be
    negative). Ending twice raises a calm ValidationError.
    """
    commitment = Commitment.objects.select_for_update().select_related("company", "workgroup").get(pk=commitment.pk)
    _check_commitment_active(commitment)
    now = timezone.now()
    commitment.end_date = max(timezone.localdate(), commitment.start_date)
    commitment.save(update_fields=["end_date", "updated_at"])
    commitment.participants.filter(left_at__isnull=True).update(left_at=now)
    _mail(
        to=commitment.company.admin_emails(),
        template="commitment_ended",
        context={"commitment": commitment, "by": ended_by},
    )
    return commitment


@transaction.atomic
def commitments_end_for_company(*, company: Company, ended_by: User | None = None) -> int:
    """End every active commitment of a company whose membership ended (resigned or lapsed).

    Like commitment_end, the rows stay with an end date and the participants leave; no
    separate e-mail (the status e-mail says it). Returns how many commitments ended.
    """
    ended = 0
    for commitment in Commitment.objects.active().filter(company=company).select_for_update():
        commitment.end_date = max(timezone.localdate(), commitment.start_date)
        commitment.save(update_fields=["end_date", "updated_at"])
        commitment.participants.filter(left_at__isnull=True).update(left_at=timezone.now())
        ended += 1
    return ended


@transaction.atomic
def participant_add(
    *,
    commitment: Commitment,
    representative: Representative,
    competence: str = "",
    added_by: User | None = None,
) -> Participant:
    """Add a representative of the committing company as a participant (role: member).

    Chair and secretary are assigned by the secretariat in admin, never here. The person
    added is told by e-mail unless they signed up themselves.
    """
    _check_commitment_active(commitment)
    _check_company_active(commitment.company)
    if representative.company_id != commitment.company_id:
        raise ValidationError({"representative": _("Only people from the committing company can take part.")})
    if not representative.user.is_active:
        raise ValidationError({"representative": _("This account has been deleted.")}, code="inactive_user")
    if commitment.participants.filter(representative=representative, left_at__isnull=True).exists():
        raise ValidationError({"representative": ALREADY_PARTICIPATING}, code="duplicate")
    participant = Participant(
        commitment=commitment, representative=representative, competence=competence, role=Participant.Role.MEMBER
    )
    participant.full_clean()
    try:
        with transaction.atomic():
            participant.save()
    except IntegrityError as exc:
        raise ValidationError({"representative": ALREADY_PARTICIPATING}, code="duplicate") from exc
    if added_by is None or added_by.pk != representative.user_id:
        _mail(
            to=[representative.user.email],
            template="participant_added",
            context={"participant": participant, "commitment": commitment, "by": added_by},
        )
    return participant


def participant_self_signup(
    *, commitment: Commitment, representative: Representative, competence: str = ""
) -> Participant:
    """A representative signs up for the company's commitment."""
    return participant_add(
        commitment=commitment, representative=representative, competence=competence, added_by=representative.user
    )


@transaction.atomic
def participant_remove(*, participant: Participant, removed_by: User | None = None) -> Participant:
    """Let a participant leave: set left_at and keep the row as history."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.left_at is not None:
        raise ValidationError(_("This person has already left the workgroup."), code="left")
    participant.left_at = timezone.now()
    participant.save(update_fields=["left_at"])
    return participant


@transaction.atomic
def meeting_rsvp(*, meeting: Meeting, representative: Representative, answer: str) -> MeetingResponse:
    """Record (or change) a participant's answer to an upcoming meeting."""
    if answer not in MeetingResponse.Answer.values:
        raise ValidationError({"answer": _("Choose yes, maybe or no.")})
    if not meeting.is_upcoming:
        raise ValidationError(_("The meeting is over; answers are closed."), code="past")
    takes_part = Participant.objects.active().filter(
        commitment__workgroup_id=meeting.workgroup_id,
        representative=representative,
        representative__company__status=Company.Status.ACTIVE,
    )
    if not takes_part.exists():
        raise ValidationError(_("Only participants in the workgroup can answer."), code="not_participant")
    try:
        response, _created = MeetingResponse.objects.update_or_create(
            meeting=meeting, representative=representative, defaults={"answer": answer}
        )
    except IntegrityError:
        # The other request of a double submit won; store this answer on its row.
        response = MeetingResponse.objects.get(meeting=meeting, representative=representative)
        response.answer = answer
        response.save(update_fields=["answer", "answered_at"])
    return response
