"""Member pages under /min-side/arbeidsgrupper/, through the test client."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import rep
from workgroups.models import Commitment, Participant

pytestmark = pytest.mark.django_db

INDEX = reverse("workgroups-member:index")


def _commit_data(group, competences=(), **extra):
    data = {
        "workgroup": group.pk,
        "hours_per_year": "30",
        "competences": [c.pk for c in competences],
        "competence_note": "Erfaring med reguleringsplaner",
        "start_date": "2026-12-01",
        "note": "",
    }
    data.update(extra)
    return data


def test_anonymous_is_sent_to_login(client):
    response = client.get(INDEX)
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def test_index_says_the_company_does_not_meet_its_obligation(login, company_admin):
    response = login(company_admin).get(INDEX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Forpliktelsen er ikke oppfylt" in body
    assert 'name="hours_per_year"' in body


def test_member_sees_commitments_but_no_form(login, company_member, commitment):
    response = login(company_member).get(INDEX)
    body = response.content.decode()
    assert "RV4" in body
    assert 'name="hours_per_year"' not in body
    assert "Se forpliktelsen og delta" in body


def test_admin_commits_the_company_and_the_admins_get_mail(
    login, company_admin, rv4, competences, django_capture_on_commit_callbacks
):
    client = login(company_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(INDEX, _commit_data(rv4, competences[:2]), follow=True)
    commitment = Commitment.objects.get()
    assert response.redirect_chain[-1][0] == reverse("workgroups-member:commitment", args=[commitment.pk])
    assert "er nå forpliktet til RV4" in response.content.decode()
    assert commitment.hours_per_year == 30
    assert str(commitment.start_date) == "2026-12-01"
    assert set(commitment.competences.all()) == set(competences[:2])
    assert commitment.created_by == company_admin
    assert [m.to for m in mail.outbox] == [["admin@mjosbedriften.no"]]


@pytest.mark.parametrize(
    ("field", "change", "message"),
    [
        ("hours_per_year", {"hours_per_year": "-5"}, "Timer kan ikke være negative."),
        ("hours_per_year", {"hours_per_year": ""}, "Hvor mange timer i året setter bedriften av?"),
        ("start_date", {"start_date": "ikke en dato"}, "Skriv en gyldig dato."),
        ("workgroup", {"workgroup": ""}, "Velg en arbeidsgruppe."),
    ],
)
def test_bad_commitment_input_gives_a_field_error_and_writes_nothing(login, company_admin, rv4, field, change, message):
    response = login(company_admin).post(INDEX, _commit_data(rv4, **change))
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="id_{field}_error"' in body
    assert message in body
    assert not Commitment.objects.exists()


def test_a_closed_workgroup_cannot_be_chosen(login, company_admin, closed_workgroup):
    response = login(company_admin).post(INDEX, _commit_data(closed_workgroup))
    body = response.content.decode()
    assert 'id="id_workgroup_error"' in body
    assert "Velg en av de aktive arbeidsgruppene." in body
    assert not Commitment.objects.exists()


def test_committing_twice_gives_a_field_error(login, company_admin, commitment, rv4):
    response = login(company_admin).post(INDEX, _commit_data(rv4))
    assert 'id="id_workgroup_error"' in response.content.decode()
    assert Commitment.objects.count() == 1


def test_member_cannot_commit_the_company(login, company_member, rv4):
    response = login(company_member).post(INDEX, _commit_data(rv4))
    assert response.status_code == 403
    assert not Commitment.objects.exists()


def test_inactive_company_gets_403(login, company_admin, company):
    company.status = company.Status.APPLICANT
    company.save()
    assert login(company_admin).get(INDEX).status_code == 403


def test_admin_changes_hours_and_competences(login, company_admin, commitment, competences):
    url = reverse("workgroups-member:commitment", args=[commitment.pk])
    response = login(company_admin).post(
        url,
        {"hours_per_year": "80", "competences": [competences[2].pk], "competence_note": "Bompenger"},
        follow=True,
    )
    assert "Forpliktelsen er oppdatert." in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.hours_per_year == 80
    assert commitment.competence_note == "Bompenger"
    assert list(commitment.competences.all()) == [competences[2]]


def test_negative_hours_on_change_gives_a_field_error(login, company_admin, commitment):
    url = reverse("workgroups-member:commitment", args=[commitment.pk])
    response = login(company_admin).post(url, {"hours_per_year": "-1"})
    assert 'id="id_hours_per_year_error"' in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.hours_per_year == 40


def test_member_cannot_change_the_commitment(login, company_member, commitment):
    url = reverse("workgroups-member:commitment", args=[commitment.pk])
    assert login(company_member).post(url, {"hours_per_year": "1"}).status_code == 403
    commitment.refresh_from_db()
    assert commitment.hours_per_year == 40


def test_admin_adds_a_colleague_who_gets_mail(
    login, company_admin, commitment, colleague, django_capture_on_commit_callbacks
):
    url = reverse("workgroups-member:participant-add", args=[commitment.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = login(company_admin).post(
            url, {"representative": rep(colleague).pk, "competence": "Jus"}, follow=True
        )
    assert "Kari Kollega er nå med i RV4." in response.content.decode()
    participant = Participant.objects.get()
    assert (participant.representative.user, participant.role, participant.competence) == (colleague, "member", "Jus")
    assert [m.to for m in mail.outbox] == [["kollega@mjosbedriften.no"]]
    assert "/min-side/arbeidsgrupper/rv4/" in mail.outbox[0].body


def test_a_colleague_of_another_company_cannot_be_added(login, company_admin, commitment, outsider):
    url = reverse("workgroups-member:participant-add", args=[commitment.pk])
    response = login(company_admin).post(url, {"representative": rep(outsider).pk})
    assert response.status_code == 400
    assert 'id="id_representative_error"' in response.content.decode()
    assert not Participant.objects.exists()


def test_adding_the_same_colleague_twice_gives_a_field_error(login, company_admin, commitment, colleague):
    url = reverse("workgroups-member:participant-add", args=[commitment.pk])
    client = login(company_admin)
    client.post(url, {"representative": rep(colleague).pk})
    response = client.post(url, {"representative": rep(colleague).pk})
    assert response.status_code == 400
    assert 'id="id_representative_error"' in response.content.decode()
    assert Participant.objects.count() == 1


def test_member_cannot_add_participants(login, company_member, commitment, colleague):
    url = reverse("workgroups-member:participant-add", args=[commitment.pk])
    assert login(company_member).post(url, {"representative": rep(colleague).pk}).status_code == 403
    assert not Participant.objects.exists()


def test_member_signs_up_and_leaves_and_history_is_kept(login, company_member, commitment):
    client = login(company_member)
    response = client.post(
        reverse("workgroups-member:participant-signup", args=[commitment.pk]), {"competence": "Økonomi"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("workgroups-member:room", args=["rv4"])
    assert "Du er nå med i RV4." in response.content.decode()
    participant = Participant.objects.get()
    assert participant.representative.user == company_member
    # A double submit is calm.
    response = client.post(reverse("workgroups-member:participant-signup", args=[commitment.pk]), follow=True)
    assert response.status_code == 200
    assert "Denne personen er allerede med i forpliktelsen." in response.content.decode()
    assert Participant.objects.count() == 1
    response = client.post(
        reverse("workgroups-member:participant-remove", args=[commitment.pk, participant.pk]), follow=True
    )
    assert "Du har forlatt RV4." in response.content.decode()
    participant.refresh_from_db()
    assert participant.left_at is not None


def test_member_cannot_remove_a_colleague(login, company_member, participating):
    url = reverse("workgroups-member:participant-remove", args=[participating.commitment.pk, participating.pk])
    assert login(company_member).post(url).status_code == 403
    participating.refresh_from_db()
    assert participating.left_at is None


def test_admin_removes_a_participant(login, company_admin, commitment, colleague):
    participant = Participant.objects.create(commitment=commitment, representative=rep(colleague))
    url = reverse("workgroups-member:participant-remove", args=[commitment.pk, participant.pk])
    response = login(company_admin).post(url, follow=True)
    assert "Kari Kollega er ikke lenger med i RV4." in response.content.decode()
    participant.refresh_from_db()
    assert participant.left_at is not None


def test_ending_asks_first_then_ends_and_mails(login, company_admin, participating, django_capture_on_commit_callbacks):
    commitment = participating.commitment
    url = reverse("workgroups-member:commitment-end", args=[commitment.pk])
    client = login(company_admin)
    response = client.get(url)
    assert "Avslutte forpliktelsen til RV4?" in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.end_date is None
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "Forpliktelsen til RV4 er avsluttet." in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.end_date is not None
    assert Commitment.objects.count() == 1
    assert len(mail.outbox) == 1
    # Ending again (a double submit) is calm.
    response = client.post(url, follow=True)
    assert "Denne forpliktelsen er avsluttet." in response.content.decode()


def test_member_cannot_end_the_commitment(login, company_member, commitment):
    url = reverse("workgroups-member:commitment-end", args=[commitment.pk])
    assert login(company_member).post(url).status_code == 403
    assert login(company_member).get(url).status_code == 403
    commitment.refresh_from_db()
    assert commitment.end_date is None


def test_index_shows_the_obligation_met_with_a_participant(login, company_admin, participating):
    body = login(company_admin).get(INDEX).content.decode()
    assert "Forpliktelsen er oppfylt" in body
    assert reverse("workgroups-member:room", args=["rv4"]) in body


def test_too_long_signup_competence_is_refused_and_writes_nothing(login, company_member, commitment):
    url = reverse("workgroups-member:participant-signup", args=[commitment.pk])
    response = login(company_member).post(url, {"competence": "x" * 201}, follow=True)
    body = response.content.decode()
    assert "200 eller færre tegn" in body, body[body.find("<main") : body.find("<main") + 800]
    assert not Participant.objects.exists()


def test_ending_a_commitment_that_has_not_started_ends_on_its_start_date(login, company_admin, commitment):
    from datetime import timedelta

    from django.utils import timezone

    commitment.start_date = timezone.localdate() + timedelta(days=30)
    commitment.save()
    login(company_admin).post(reverse("workgroups-member:commitment-end", args=[commitment.pk]))
    commitment.refresh_from_db()
    assert commitment.end_date == commitment.start_date
