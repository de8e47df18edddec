"""Services: the rules, and what a double submit or two parallel requests do."""

import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, connections

from members.models import Company
from tests.factories import rep
from workgroups import services
from workgroups.models import Commitment, MeetingResponse, Participant

pytestmark = pytest.mark.django_db


def test_commitment_create_mails_the_company_admins_after_commit(
    company, company_admin, rv4, competences, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        commitment = services.commitment_create(
            company=company, workgroup=rv4, hours_per_year=20, competences=competences[:2], created_by=company_admin
        )
    assert set(commitment.competences.all()) == set(competences[:2])
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["admin@mjosbedriften.no"]
    assert "Mjøsbedriften AS" in mail.outbox[0].subject
    assert f"/min-side/arbeidsgrupper/forpliktelse/{commitment.pk}/" in mail.outbox[0].body


def test_a_double_submit_gives_a_calm_error_and_one_commitment(company, company_admin, rv4):
    services.commitment_create(company=company, workgroup=rv4, hours_per_year=20, created_by=company_admin)
    with pytest.raises(ValidationError) as excinfo:
        services.commitment_create(company=company, workgroup=rv4, hours_per_year=20, created_by=company_admin)
    assert "workgroup" in excinfo.value.message_dict
    assert Commitment.objects.active().filter(company=company).count() == 1


def test_an_inactive_company_cannot_commit(company, company_admin, rv4):
    company.status = Company.Status.LAPSED
    company.save()
    with pytest.raises(ValidationError):
        services.commitment_create(company=company, workgroup=rv4, hours_per_year=1)
    assert not Commitment.objects.exists()


def test_a_closed_workgroup_cannot_be_chosen(company, company_admin, closed_workgroup):
    with pytest.raises(ValidationError) as excinfo:
        services.commitment_create(company=company, workgroup=closed_workgroup, hours_per_year=1)
    assert "workgroup" in excinfo.value.message_dict


def test_commitment_end_keeps_the_row_and_lets_participants_leave(
    participating, company_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        commitment = services.commitment_end(commitment=participating.commitment, ended_by=company_admin)
    assert commitment.end_date is not None
    participating.refresh_from_db()
    assert participating.left_at is not None
    assert len(mail.outbox) == 1
    with pytest.raises(ValidationError):
        services.commitment_end(commitment=commitment, ended_by=company_admin)


def test_participant_add_refuses_a_colleague_of_another_company(commitment, outsider):
    with pytest.raises(ValidationError) as excinfo:
        services.participant_add(commitment=commitment, representative=rep(outsider))
    assert "representative" in excinfo.value.message_dict
    assert not Participant.objects.exists()


def test_participant_add_twice_is_a_calm_error(commitment, colleague, company_admin):
    services.participant_add(commitment=commitment, representative=rep(colleague), added_by=company_admin)
    with pytest.raises(ValidationError):
        services.participant_add(commitment=commitment, representative=rep(colleague), added_by=company_admin)
    assert commitment.participants.count() == 1


def test_meeting_rsvp_changes_the_answer_instead_of_adding_a_row(participating, meeting, company_admin):
    services.meeting_rsvp(meeting=meeting, representative=rep(company_admin), answer="yes")
    services.meeting_rsvp(meeting=meeting, representative=rep(company_admin), answer="no")
    assert list(MeetingResponse.objects.values_list("answer", flat=True)) == ["no"]


def test_only_participants_can_answer(commitment, meeting, colleague):
    with pytest.raises(ValidationError):
        services.meeting_rsvp(meeting=meeting, representative=rep(colleague), answer="yes")
    assert not MeetingResponse.objects.exists()


def _race(times: int, action) -> list:
    """Run action in parallel threads that start together; answer each result or exception."""
    barrier = threading.Barrier(times)
    results = [None] * times

    def run(i):
        try:
            barrier.wait()
            results[i] = action()
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread got
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers, so it cannot show a race; run with DATABASE_URL=postgres://…",
)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_parallel_commitments_create_one_row_and_a_calm_error(company, company_admin, rv4):
    results = _race(
        4, lambda: services.commitment_create(company=company, workgroup=rv4, hours_per_year=5, created_by=None)
    )
    assert sum(isinstance(r, Commitment) for r in results) == 1
    assert all(isinstance(r, Commitment | ValidationError) for r in results), results
    assert Commitment.objects.active().filter(company=company, workgroup=rv4).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_parallel_signups_create_one_participant(commitment, company_member):
    representative = rep(company_member)
    results = _race(4, lambda: services.participant_self_signup(commitment=commitment, representative=representative))
    assert sum(isinstance(r, Participant) for r in results) == 1
    assert all(isinstance(r, Participant | ValidationError) for r in results), results
    assert commitment.participants.filter(left_at__isnull=True).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_parallel_rsvps_keep_one_answer(participating, meeting, company_admin):
    representative = rep(company_admin)
    results = _race(4, lambda: services.meeting_rsvp(meeting=meeting, representative=representative, answer="yes"))
    assert all(isinstance(r, MeetingResponse) for r in results), results
    assert MeetingResponse.objects.filter(meeting=meeting).count() == 1
