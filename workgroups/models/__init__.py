from workgroups.models.groups import (
    Commitment,
    CommitmentReminder,
    Competence,
    CompetenceNeed,
    CoverageRow,
    Participant,
    Workgroup,
    companies_without_valid_commitment,
    competence_coverage,
)
from workgroups.models.meetings import Meeting, MeetingNoticePreference, MeetingResponse

__all__ = [
    "Commitment",
    "CommitmentReminder",
    "Competence",
    "CompetenceNeed",
    "CoverageRow",
    "Meeting",
    "MeetingNoticePreference",
    "MeetingResponse",
    "Participant",
    "Workgroup",
    "companies_without_valid_commitment",
    "competence_coverage",
]
