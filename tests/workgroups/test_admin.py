"""The secretariat's admin: pages load, chair assignment, the report of missing commitments."""

import pytest
from django.urls import reverse

from workgroups.models import Commitment, Meeting, Participant

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "admin:workgroups_competence_changelist",
        "admin:workgroups_workgroup_changelist",
        "admin:workgroups_commitment_changelist",
        "admin:workgroups_meeting_changelist",
        "admin:workgroups_commitmentreminder_changelist",
        "admin:workgroups_commitment_missing",
    ],
)
def test_admin_pages_load(login, superuser, participating, meeting, url):
    assert login(superuser).get(reverse(url)).status_code == 200


def test_change_pages_load(login, superuser, participating, meeting):
    client = login(superuser)
    assert client.get(reverse("admin:workgroups_workgroup_change", args=[meeting.workgroup.pk])).status_code == 200
    assert (
        client.get(reverse("admin:workgroups_commitment_change", args=[participating.commitment.pk])).status_code == 200
    )
    assert client.get(reverse("admin:workgroups_meeting_change", args=[meeting.pk])).status_code == 200


def test_changelist_links_to_the_report(login, superuser):
    body = login(superuser).get(reverse("admin:workgroups_commitment_changelist")).content.decode()
    assert reverse("admin:workgroups_commitment_missing") in body


def test_report_lists_active_companies_without_a_valid_commitment(
    login, superuser, participating, other_company, outsider
):
    client = login(superuser)
    body = client.get(reverse("admin:workgroups_commitment_missing")).content.decode()
    assert "Totenbedriften AS" in body
    assert "admin@totenbedriften.no" in body
    assert "Mjøsbedriften AS" not in body
    response = client.get(reverse("admin:workgroups_commitment_missing") + "?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "999999972;Totenbedriften AS;Gjøvik;admin@totenbedriften.no" in text
    assert "Mjøsbedriften" not in text


def test_report_needs_view_permission(login, secretariat):
    secretariat.groups.clear()
    assert login(secretariat).get(reverse("admin:workgroups_commitment_missing")).status_code == 403


def test_secretariat_assigns_a_chair_through_the_inline(login, superuser, participating):
    commitment = participating.commitment
    url = reverse("admin:workgroups_commitment_change", args=[commitment.pk])
    data = {
        "company": commitment.company.pk,
        "workgroup": commitment.workgroup.pk,
        "start_date": commitment.start_date.isoformat(),
        "end_date": "",
        "hours_per_year": "40",
        "competence_note": "",
        "note": "",
        "participants-TOTAL_FORMS": "1",
        "participants-INITIAL_FORMS": "1",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "1000",
        "participants-0-id": participating.pk,
        "participants-0-commitment": commitment.pk,
        "participants-0-representative": participating.representative.pk,
        "participants-0-role": "chair",
        "participants-0-competence": "Logistikk",
        "participants-0-joined_at_0": participating.joined_at.strftime("%Y-%m-%d"),
        "participants-0-joined_at_1": participating.joined_at.strftime("%H:%M:%S"),
    }
    response = login(superuser).post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Participant.objects.get().role == "chair"


def test_admin_refuses_an_end_before_the_start(login, superuser, commitment):
    url = reverse("admin:workgroups_commitment_change", args=[commitment.pk])
    data = {
        "company": commitment.company.pk,
        "workgroup": commitment.workgroup.pk,
        "start_date": "2026-05-01",
        "end_date": "2026-04-01",
        "hours_per_year": "40",
        "participants-TOTAL_FORMS": "0",
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "1000",
    }
    response = login(superuser).post(url, data)
    assert response.status_code == 200
    assert "Sluttdatoen kan ikke være før startdatoen." in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.end_date is None


def test_admin_refuses_a_meeting_that_ends_before_it_starts(login, superuser, rv4):
    data = {
        "workgroup": rv4.pk,
        "title": "",
        "starts_at_0": "2026-12-01",
        "starts_at_1": "10:00",
        "ends_at_0": "2026-12-01",
        "ends_at_1": "09:00",
        "place": "",
        "agenda": "",
        "minutes": "",
        "responses-TOTAL_FORMS": "0",
        "responses-INITIAL_FORMS": "0",
        "responses-MIN_NUM_FORMS": "0",
        "responses-MAX_NUM_FORMS": "1000",
    }
    response = login(superuser).post(reverse("admin:workgroups_meeting_add"), data)
    assert response.status_code == 200
    assert "Et møte må slutte etter at det starter." in response.content.decode()
    assert not Meeting.objects.exists()


def test_admin_refuses_a_participant_from_another_company(login, superuser, commitment, outsider):
    from tests.factories import rep

    url = reverse("admin:workgroups_commitment_change", args=[commitment.pk])
    data = {
        "company": commitment.company.pk,
        "workgroup": commitment.workgroup.pk,
        "start_date": commitment.start_date.isoformat(),
        "hours_per_year": "40",
        "participants-TOTAL_FORMS": "1",
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "1000",
        "participants-0-commitment": commitment.pk,
        "participants-0-representative": rep(outsider).pk,
        "participants-0-role": "member",
        "participants-0-joined_at_0": "2026-11-01",
        "participants-0-joined_at_1": "10:00:00",
    }
    response = login(superuser).post(url, data)
    assert response.status_code == 200
    assert "Bare folk fra bedriften som har forpliktet seg, kan delta." in response.content.decode()
    assert not Participant.objects.exists()
    assert Commitment.objects.count() == 1
