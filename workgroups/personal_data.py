"""What the workgroups app stores about a person: its part of the data export and of account deletion.

Registered with members.accounts.services from WorkgroupsConfig.ready(), together with the
hook that ends a company's commitments when its membership ends.
"""

from typing import Any

from django.db.models import Q
from django.utils import timezone

from members.accounts.services import anonymous_email, deletes, exports, iso, user_emails
from members.models import User
from workgroups.models import Commitment, CommitmentReminder, MeetingNoticePreference, MeetingResponse, Participant


@exports("workgroups.Participant")
def participations_section(user: User) -> tuple[str, Any]:
    participations = (
        Participant.objects.filter(representative__user=user)
        .select_related("commitment__workgroup", "representative__company")
        .order_by("joined_at")
    )
    return "workgroup_participations", [
        {
            "workgroup": participant.commitment.workgroup.name,
            "company": participant.representative.company.name,
            "role": participant.role,
            "competence": participant.competence,
            "joined": iso(participant.joined_at),
            "left": iso(participant.left_at),
        }
        for participant in participations
    ]


@exports("workgroups.Commitment")
def commitments_section(user: User) -> tuple[str, Any]:
    commitments = Commitment.objects.filter(created_by=user).select_related("company", "workgroup")
    return "commitments_created", [
        {
            "company": commitment.company.name,
            "workgroup": commitment.workgroup.name,
            "hours_per_year": commitment.hours_per_year,
            "start_date": iso(commitment.start_date),
            "end_date": iso(commitment.end_date),
            "created": iso(commitment.created_at),
        }
        for commitment in commitments.order_by("created_at")
    ]


@exports("workgroups.MeetingResponse")
def meeting_responses_section(user: User) -> tuple[str, Any]:
    responses = (
        MeetingResponse.objects.filter(representative__user=user)
        .select_related("meeting__workgroup")
        .order_by("meeting__starts_at")
    )
    return "meeting_responses", [
        {
            "meeting": response.meeting.display_title,
            "starts": iso(response.meeting.starts_at),
            "answer": response.answer,
            "answered": iso(response.answered_at),
        }
        for response in responses
    ]


def _reminders_to(emails: list[str]):
    condition = Q(pk__in=[])
    for email in emails:
        condition |= Q(recipients__icontains=email)
    return CommitmentReminder.objects.filter(condition)


@exports("workgroups.CommitmentReminder")
def reminders_section(user: User) -> tuple[str, Any]:
    reminders = _reminders_to(user_emails(user)).select_related("company").order_by("sent_at")
    return "commitment_reminders_received", [
        {"company": reminder.company.name, "week": reminder.week, "sent": iso(reminder.sent_at)}
        for reminder in reminders
    ]


@deletes("workgroups.Participant", "workgroups.MeetingResponse")
def end_participations(*, user: User, emails: list[str]) -> None:
    """A deleted person leaves every workgroup (the rows stay, with the date), and answers to
    meetings still to come are withdrawn; answers to past meetings stay as the record."""
    now = timezone.now()
    for participant in Participant.objects.filter(representative__user=user, left_at__isnull=True):
        participant.left_at = now
        participant.save(update_fields=["left_at"])
    MeetingResponse.objects.filter(representative__user=user, meeting__ends_at__gte=now).delete()


@deletes("workgroups.CommitmentReminder", "workgroups.Commitment")
def forget_addresses(*, user: User, emails: list[str]) -> None:
    """Reminders keep the company and the week, not the address. Commitments the person
    created keep `created_by`, which points at the anonymised account."""
    replacement = anonymous_email(user)
    for reminder in _reminders_to(emails):
        recipients = [
            replacement if address.strip().lower() in emails else address.strip()
            for address in reminder.recipients.split(",")
        ]
        reminder.recipients = ", ".join(recipients)
        reminder.save(update_fields=["recipients"])


@exports("workgroups.MeetingNoticePreference")
def meeting_notices_section(user: User) -> tuple[str, Any]:
    preference = MeetingNoticePreference.objects.filter(user=user).first()
    return "meeting_notices", {"email_about_meetings": preference.meeting_notices if preference else True}


@deletes("workgroups.MeetingNoticePreference")
def forget_meeting_notice_choice(*, user: User, emails: list[str]) -> None:
    """The anonymised account gets no mail at all; its choice about notices is no longer needed."""
    MeetingNoticePreference.objects.filter(user=user).delete()
