"""Workgroup fixtures on top of the shared personas (company_admin, company_member, outsider, ...)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_representative, rep
from workgroups.models import Commitment, Competence, CompetenceNeed, Meeting, Participant, Workgroup


@pytest.fixture
def rv4(seeded):
    return Workgroup.objects.get(slug="rv4")


@pytest.fixture
def closed_workgroup(seeded):
    workgroup = Workgroup.objects.get(slug="stor-kommune")
    workgroup.status = Workgroup.Status.CLOSED
    workgroup.save()
    return workgroup


@pytest.fixture
def competences(db):
    names = ["Samferdsel", "Jus", "Økonomi", "Kommunikasjon"]
    return [Competence.objects.create(name=name, order=i) for i, name in enumerate(names)]


@pytest.fixture
def rv4_needs(rv4, competences):
    """RV4 needs Samferdsel, Jus and Økonomi."""
    for competence in competences[:3]:
        CompetenceNeed.objects.create(workgroup=rv4, competence=competence)
    return competences[:3]


@pytest.fixture
def commitment(company, company_admin, rv4):
    """Mjøsbedriften committed to RV4 (40 hours), no participants yet."""
    return Commitment.objects.create(company=company, workgroup=rv4, hours_per_year=40, created_by=company_admin)


@pytest.fixture
def participating(commitment, company_admin):
    """The company admin takes part in RV4."""
    return Participant.objects.create(commitment=commitment, representative=rep(company_admin), competence="Logistikk")


@pytest.fixture
def outsider_participating(other_company, outsider, rv4):
    """The other company is committed to RV4 too, with the outsider taking part."""
    commitment = Commitment.objects.create(company=other_company, workgroup=rv4, hours_per_year=10)
    return Participant.objects.create(commitment=commitment, representative=rep(outsider))


@pytest.fixture
def colleague(company):
    """A second member of the admin's company."""
    return make_representative("kollega@mjosbedriften.no", company, name="Kari Kollega").user


@pytest.fixture
def meeting(rv4):
    start = timezone.now() + timedelta(days=7)
    return Meeting.objects.create(
        workgroup=rv4,
        title="Arbeidsmøte; RV4, etappe 2",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Gjøvik rådhus",
        agenda="1. Status\n2. Høring, frister",
    )


@pytest.fixture
def past_meeting(rv4):
    start = timezone.now() - timedelta(days=30)
    return Meeting.objects.create(
        workgroup=rv4,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        agenda="Oppstart",
        minutes="Gruppen ble enig om fremdriftsplanen.",
    )
