"""Meeting notices: participants hear of new, moved and cancelled meetings and published minutes."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.models import Representative
from tests.factories import make_user
from workgroups import services
from workgroups.models import Commitment, Meeting, Participant, Workgroup


@pytest.fixture
def rv4_people(company_admin, company_member, outsider):
    """Admin and member take part in RV4; the outsider does not."""
    rv4 = Workgroup.objects.get(slug="rv4")
    company = Representative.objects.get(user=company_admin).company
    commitment = Commitment.objects.create(company=company, workgroup=rv4, hours_per_year=10)
    for user in (company_admin, company_member):
        Participant.objects.create(commitment=commitment, representative=Representative.objects.get(user=user))
    return rv4


def _meeting(rv4, days=5, **extra):
    start = (timezone.now() + timedelta(days=days)).replace(microsecond=0)
    return Meeting(workgroup=rv4, title="Arbeidsmøte", starts_at=start, ends_at=start + timedelta(hours=2), **extra)


def _to(outbox):
    return sorted(address for message in outbox for address in message.to)


def test_participants_hear_of_a_new_meeting_one_mail_each(rv4_people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_save(meeting=_meeting(rv4_people, place="Rådhuset"))
    assert _to(mail.outbox) == ["admin@mjosbedriften.no", "member@mjosbedriften.no"]
    assert all(len(message.to) == 1 for message in mail.outbox)
    assert "Nytt møte i RV4" in mail.outbox[0].subject
    assert "Rådhuset" in mail.outbox[0].body and "/min-side/kalender/" in mail.outbox[0].body


def test_a_change_of_time_names_what_changed_and_a_note_change_sends_nothing(
    rv4_people, django_capture_on_commit_callbacks
):
    meeting = _meeting(rv4_people)
    meeting.save()
    with django_capture_on_commit_callbacks(execute=True):
        meeting.starts_at += timedelta(hours=1)
        meeting.ends_at += timedelta(hours=1)
        services.meeting_save(meeting=meeting)
    assert len(mail.outbox) == 2
    assert "Møte endret" in mail.outbox[0].subject and "starter" in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_save(meeting=Meeting.objects.get(pk=meeting.pk))  # saved unchanged
    assert mail.outbox == []


def test_publishing_minutes_notifies_once(rv4_people, django_capture_on_commit_callbacks):
    meeting = _meeting(rv4_people, days=-3)
    meeting.save()
    with django_capture_on_commit_callbacks(execute=True):
        meeting.minutes = "Vi ble enige."
        services.meeting_save(meeting=meeting)
    assert len(mail.outbox) == 2 and "Referat publisert" in mail.outbox[0].subject
    assert "Vi ble enige." in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        meeting.minutes = "Vi ble enige. Rettet."
        services.meeting_save(meeting=meeting)
    assert len(mail.outbox) == 2


def test_cancelling_deletes_and_tells_and_opted_out_people_get_nothing(
    rv4_people, company_member, django_capture_on_commit_callbacks
):
    services.meeting_notices_set(user=company_member, enabled=False)
    meeting = _meeting(rv4_people)
    meeting.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(meeting=meeting)
    assert not Meeting.objects.exists()
    assert _to(mail.outbox) == ["admin@mjosbedriften.no"]
    assert "Møte avlyst" in mail.outbox[0].subject


def test_the_admin_goes_through_the_service(rv4_people, secretariat, login, django_capture_on_commit_callbacks):
    client = login(secretariat)
    start = timezone.localtime() + timedelta(days=4)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:workgroups_meeting_add"),
            {
                "workgroup": rv4_people.pk,
                "title": "Admin-møte",
                "starts_at_0": start.strftime("%d.%m.%Y"),
                "starts_at_1": "09:00:00",
                "ends_at_0": start.strftime("%d.%m.%Y"),
                "ends_at_1": "11:00:00",
                "place": "",
                "agenda": "",
                "minutes": "",
                "responses-TOTAL_FORMS": "0",
                "responses-INITIAL_FORMS": "0",
            },
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting = Meeting.objects.get()
    assert len(mail.outbox) == 2
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:workgroups_meeting_delete", args=[meeting.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Meeting.objects.exists() and len(mail.outbox) == 2


def test_people_who_left_or_are_inactive_get_nothing(rv4_people, company_member, django_capture_on_commit_callbacks):
    Participant.objects.filter(representative__user=company_member).update(left_at=timezone.now())
    make_user("ekstra@eksempel.no")
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_save(meeting=_meeting(rv4_people))
    assert _to(mail.outbox) == ["admin@mjosbedriften.no"]
