from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.factories import rep
from workgroups.models import (
    Commitment,
    Meeting,
    Participant,
    Workgroup,
    companies_without_valid_commitment,
    competence_coverage,
)

pytestmark = pytest.mark.django_db


def test_the_database_refuses_a_second_active_commitment(commitment):
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.create(company=commitment.company, workgroup=commitment.workgroup, hours_per_year=1)


def test_an_ended_commitment_does_not_block_a_new_one(commitment):
    commitment.end_date = commitment.start_date
    commitment.save()
    Commitment.objects.create(company=commitment.company, workgroup=commitment.workgroup, hours_per_year=1)
    assert Commitment.objects.for_company(commitment.company).count() == 2
    assert Commitment.objects.for_company(commitment.company).active().count() == 1


def test_the_database_refuses_negative_hours_and_an_end_before_the_start(company, rv4):
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.create(company=company, workgroup=rv4, hours_per_year=-1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.create(
            company=company, workgroup=rv4, hours_per_year=1, start_date=date(2026, 5, 1), end_date=date(2026, 4, 1)
        )


def test_clean_explains_an_end_before_the_start(company, rv4):
    commitment = Commitment(
        company=company, workgroup=rv4, hours_per_year=1, start_date=date(2026, 5, 1), end_date=date(2026, 4, 1)
    )
    with pytest.raises(ValidationError) as excinfo:
        commitment.full_clean()
    assert "end_date" in excinfo.value.message_dict


def test_the_database_refuses_the_same_person_twice_in_a_commitment(participating):
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.create(commitment=participating.commitment, representative=participating.representative)


def test_a_person_who_left_can_join_again(participating):
    participating.left_at = timezone.now()
    participating.save()
    Participant.objects.create(commitment=participating.commitment, representative=participating.representative)
    assert participating.commitment.participants.count() == 2


def test_clean_refuses_a_participant_from_another_company(commitment, outsider):
    participant = Participant(commitment=commitment, representative=rep(outsider))
    with pytest.raises(ValidationError) as excinfo:
        participant.full_clean()
    assert "representative" in excinfo.value.message_dict


def test_the_database_refuses_a_meeting_that_ends_before_it_starts(meeting):
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(ends_at=meeting.starts_at - timedelta(minutes=1))


def test_with_totals_counts_active_commitments_only(
    rv4, commitment, participating, outsider_participating, colleague, django_assert_num_queries
):
    Participant.objects.create(commitment=commitment, representative=rep(colleague))
    ended = Commitment.objects.create(
        company=commitment.company, workgroup=Workgroup.objects.get(slug="sykehus"), hours_per_year=99
    )
    ended.end_date = ended.start_date
    ended.save()
    with django_assert_num_queries(1):
        totals = {w.slug: w for w in Workgroup.objects.with_totals()}
    assert (totals["rv4"].company_count, totals["rv4"].people_count, totals["rv4"].hours_total) == (2, 3, 50)
    assert (totals["sykehus"].company_count, totals["sykehus"].hours_total) == (0, 0)


def test_coverage_marks_needed_competence_nobody_offers_as_a_gap(rv4, rv4_needs, competences, commitment):
    commitment.competences.set([competences[0], competences[3]])
    rows = competence_coverage([rv4.pk])[rv4.pk]
    assert [(r.name, r.needed, r.offered_by, r.is_gap) for r in rows] == [
        ("Samferdsel", True, 1, False),
        ("Jus", True, 0, True),
        ("Økonomi", True, 0, True),
        ("Kommunikasjon", False, 1, False),
    ]


def test_a_company_meets_its_obligation_only_with_an_active_participant(company, other_company, commitment):
    assert company in companies_without_valid_commitment()
    participant = Participant.objects.create(commitment=commitment, representative=company.representatives.first())
    assert company not in companies_without_valid_commitment()
    assert other_company in companies_without_valid_commitment()
    participant.left_at = timezone.now()
    participant.save()
    assert company in companies_without_valid_commitment()
