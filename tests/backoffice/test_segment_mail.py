"""E-mail to a segment: preview who gets it, send after commit, keep a record, reach only the segment."""

import pytest
from django.core import mail

from invekst.models import SegmentMailing
from members.models import Company, Representative
from tests.factories import make_user
from workgroups.models import Commitment, Participant, Workgroup

ADD_URL = "/admin/invekst/segmentmailing/add/"


@pytest.fixture
def people(company, company_admin, company_member, outsider, participation, rv4):
    """company_admin takes part in RV4; outsider is admin of another active company (not in RV4);
    an applicant's admin and a former member's participant must never be reached."""
    applicant = Company.objects.create(orgnr="999999964", name="Søker AS", status=Company.Status.APPLICANT)
    pending = make_user("soker@example.no")
    Representative.objects.create(user=pending, company=applicant, role="admin")
    former = Company.objects.create(orgnr="999999956", name="Tidligere AS", status=Company.Status.RESIGNED)
    gone = make_user("tidligere@example.no")
    representative = Representative.objects.create(user=gone, company=former, role="admin")
    commitment = Commitment.objects.create(company=former, workgroup=rv4, hours_per_year=5)
    Participant.objects.create(commitment=commitment, representative=representative)
    return {"rv4": rv4}


def message(segment="active-admins", **extra):
    return {"segment": segment, "subject": "Årsmøte 12. mars", "body": "Velkommen til årsmøtet.", **extra}


def test_the_preview_shows_the_count_and_the_recipients_and_sends_nothing(client, login, staff, people):
    login(staff)
    response = client.post(ADD_URL, {**message(), "preview": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 personer" in html
    assert "admin@mjosbedriften.no" in html and "admin@totenbedriften.no" in html
    assert "member@mjosbedriften.no" not in html  # not a main contact
    assert "soker@example.no" not in html and "tidligere@example.no" not in html
    assert 'name="send"' in html
    assert not SegmentMailing.objects.exists()
    assert mail.outbox == []


def test_sending_mails_each_person_after_commit_and_keeps_a_record(
    client, login, staff, people, django_capture_on_commit_callbacks
):
    login(staff)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(ADD_URL, {**message(), "send": "1"})
        assert mail.outbox == []  # nothing leaves before the record is committed
    for callback in callbacks:
        callback()
    mailing = SegmentMailing.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/invekst/segmentmailing/{mailing.pk}/change/"
    assert sorted(m.to[0] for m in mail.outbox) == ["admin@mjosbedriften.no", "admin@totenbedriften.no"]
    assert all(len(m.to) == 1 and m.subject == "Årsmøte 12. mars" for m in mail.outbox)
    assert (mailing.sent_by, mailing.recipient_count, mailing.segment) == (staff, 2, "active-admins")
    assert sorted(mailing.recipients.values_list("email", flat=True)) == [
        "admin@mjosbedriften.no",
        "admin@totenbedriften.no",
    ]
    record = client.get(response["Location"]).content.decode()
    assert "Årsmøte 12. mars" in record and "admin@totenbedriften.no" in record


def test_a_workgroup_segment_reaches_only_its_participants(
    client, login, staff, people, django_capture_on_commit_callbacks
):
    login(staff)
    rv4 = people["rv4"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ADD_URL, {**message("workgroup", workgroup=rv4.pk), "send": "1"})
    assert [m.to for m in mail.outbox] == [["admin@mjosbedriften.no"]]
    mailing = SegmentMailing.objects.get()
    assert mailing.segment_label == "Alle som deltar i RV4"
    assert list(mailing.recipients.values_list("user__email", flat=True)) == ["admin@mjosbedriften.no"]


def test_the_workgroup_segment_needs_a_workgroup(client, login, staff, people):
    response = login(staff).post(ADD_URL, {**message("workgroup"), "preview": "1"})
    assert "Velg arbeidsgruppen" in response.content.decode()
    assert not SegmentMailing.objects.exists()


def test_an_empty_segment_sends_nothing(client, login, staff, seeded, django_capture_on_commit_callbacks):
    empty = Workgroup.objects.get(slug="sykehus")
    login(staff)
    preview = client.post(ADD_URL, {**message("workgroup", workgroup=empty.pk), "preview": "1"}).content.decode()
    assert 'name="send"' not in preview
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD_URL, {**message("workgroup", workgroup=empty.pk), "send": "1"})
    assert response.status_code == 200
    assert "Ingen er i dette utvalget" in response.content.decode()
    assert not SegmentMailing.objects.exists()
    assert mail.outbox == []


def test_the_workgroup_action_opens_the_form_for_that_workgroup(client, login, staff, people):
    rv4 = people["rv4"]
    response = login(staff).post(
        "/admin/workgroups/workgroup/", {"action": "email_participants", "_selected_action": [rv4.pk]}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{ADD_URL}?segment=workgroup&workgroup={rv4.pk}"
    form = client.get(response["Location"]).context["form"]
    assert form.initial == {"segment": "workgroup", "workgroup": str(rv4.pk)}


def test_segment_mailings_are_a_read_only_record(client, login, staff, people, django_capture_on_commit_callbacks):
    login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ADD_URL, {**message(), "send": "1"})
    mailing = SegmentMailing.objects.get()
    response = client.post(f"/admin/invekst/segmentmailing/{mailing.pk}/change/", {"subject": "Endret"})
    assert response.status_code == 403
    assert client.post(f"/admin/invekst/segmentmailing/{mailing.pk}/delete/").status_code == 403
    mailing.refresh_from_db()
    assert mailing.subject == "Årsmøte 12. mars"
