"""Back-office fixtures: the secretariat persona in its group, and one object of every kind."""

from datetime import timedelta

import pytest
from django.utils import timezone

from invekst.models import ContactMessage, NewsPost, SegmentMailing, SegmentMailingRecipient
from members.models import Invitation, MembershipEvent, PrivacyAcceptance, Representative
from plans.models import CouncilAdoption, ImportBatch, Indicator, Municipality, StrategicPlan
from workgroups.models import (
    Commitment,
    CommitmentReminder,
    Competence,
    CompetenceNeed,
    Meeting,
    MeetingResponse,
    Participant,
    Workgroup,
)


@pytest.fixture
def staff(secretariat):
    """The secretariat persona: staff, in the «Sekretariat» group, not a superuser."""
    assert secretariat.groups.filter(name="Sekretariat").exists()
    assert not secretariat.is_superuser
    return secretariat


@pytest.fixture
def rv4(seeded):
    return Workgroup.objects.get(slug="rv4")


@pytest.fixture
def participation(company, company_admin, rv4):
    commitment = Commitment.objects.create(company=company, workgroup=rv4, hours_per_year=40)
    representative = Representative.objects.get(user=company_admin, company=company)
    return Participant.objects.create(commitment=commitment, representative=representative)


@pytest.fixture
def everything(seeded, company, company_admin, participation, rv4, staff):
    """At least one row of every model the admin shows, so every change page can be opened."""
    competence = Competence.objects.create(name="Samferdsel")
    CompetenceNeed.objects.create(workgroup=rv4, competence=competence)
    participation.commitment.competences.add(competence)
    start = timezone.now() + timedelta(days=3)
    meeting = Meeting.objects.create(workgroup=rv4, starts_at=start, ends_at=start + timedelta(hours=1))
    MeetingResponse.objects.create(meeting=meeting, representative=participation.representative, answer="yes")
    CommitmentReminder.objects.create(company=company, week="2026-W48", recipients=company_admin.email)
    Invitation.objects.create(company=company, email="ny@mjosbedriften.no", invited_by=company_admin)
    MembershipEvent.objects.create(company=company, from_status="", to_status="active", changed_by=staff)
    PrivacyAcceptance.objects.create(user=company_admin, version="2026-11")
    ContactMessage.objects.create(
        name="Nina", email="nina@example.no", subject="Spørsmål", message="Hei", consent_version="2026-11"
    )
    NewsPost.objects.create(title="Utkast", slug="utkast", lead="Kort", body="Tekst")
    CouncilAdoption.objects.get_or_create(
        plan=StrategicPlan.objects.first(), municipality=Municipality.objects.get(number="3407")
    )
    mailing = SegmentMailing.objects.create(
        segment="active-admins", segment_label="Alle", subject="Hei", body="Tekst", sent_by=staff, recipient_count=1
    )
    SegmentMailingRecipient.objects.create(mailing=mailing, email=company_admin.email, user=company_admin)
    ImportBatch.objects.create(
        indicator=Indicator.objects.get(code="population_1jan"),
        kind=ImportBatch.Kind.UPLOAD,
        created_by=staff.email,
        file_sha256="0" * 64,
        table_id="07459",
        measure="Personer1",
        source="SSB tabell 07459",
        source_url="https://www.ssb.no/statbank/table/07459",
    )
