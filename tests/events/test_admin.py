"""The secretariat's event admin: attendee list with counts, exports, check-in list, message to attendees."""

import csv
import io

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse

from events import services
from events.admin import neutralise
from events.models import EventMessage, Registration
from members.models import Representative


@pytest.fixture
def attendees(event, company_admin, company_member):
    """Two with a place (one a guest with a hostile name), one member on the waiting list."""
    services.registration_member_create(event=event, representative=Representative.objects.get(user=company_admin))
    guest = services.registration_guest_create(
        event=event, name='=HYPERLINK("http://x")', email="gjest@eksempel.no", organisation="@Gjest AS"
    )
    services.registration_confirm(registration=guest)
    services.registration_member_create(event=event, representative=Representative.objects.get(user=company_member))
    mail.outbox.clear()
    return event


def test_neutralise_quotes_formula_starts():
    assert [neutralise(v) for v in ("=1+1", "+47", "-2", "@SUM", "\tx", "Kari", "", None, 5)] == [
        "'=1+1",
        "'+47",
        "'-2",
        "'@SUM",
        "'\tx",
        "Kari",
        "",
        "",
        "5",
    ]


def test_the_attendee_list_shows_counts_and_people(login, secretariat, attendees):
    response = login(secretariat).get(reverse("admin:events_event_attendees", args=[attendees.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Kari Admin" in body and "Ola Medlem" in body and "gjest@eksempel.no" in body
    assert "På venteliste" in body


def test_csv_export_neutralises_formulas(login, secretariat, attendees):
    response = login(secretariat).get(reverse("admin:events_event_export", args=[attendees.pk, "csv"]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    names = [row[1] for row in rows[1:]]
    assert '\'=HYPERLINK("http://x")' in names and "Kari Admin" in names
    assert "'@Gjest AS" in [row[3] for row in rows[1:]]
    assert len(rows) == 4  # header, two with a place, one waiting


def test_xlsx_export_opens_and_neutralises(login, secretariat, attendees):
    response = login(secretariat).get(reverse("admin:events_event_export", args=[attendees.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert '\'=HYPERLINK("http://x")' in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)


def test_unknown_export_format_is_404(login, secretariat, attendees):
    assert login(secretariat).get(f"/admin/events/event/{attendees.pk}/deltakere/eksport.pdf").status_code == 404


def test_the_check_in_list_has_only_those_with_a_place(login, secretariat, attendees):
    body = login(secretariat).get(reverse("admin:events_event_checkin", args=[attendees.pk])).content.decode()
    assert "Kari Admin" in body and "HYPERLINK" in body and "Ola Medlem" not in body


def test_a_message_goes_to_each_attendee_and_is_kept(login, secretariat, attendees):
    client = login(secretariat)
    url = reverse("admin:events_event_message", args=[attendees.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"subject": "Endret rom", "body": "Vi er i sal 2."})
    assert response.status_code == 302
    message = EventMessage.objects.get()
    assert message.recipient_count == 2 and message.sent_by == secretariat
    assert sorted(m.to[0] for m in mail.outbox) == ["admin@mjosbedriften.no", "gjest@eksempel.no"]
    assert all(m.subject == "Endret rom" and "Vi er i sal 2." in m.body for m in mail.outbox)


def test_a_message_with_a_broken_subject_is_refused(login, secretariat, attendees):
    response = login(secretariat).post(
        reverse("admin:events_event_message", args=[attendees.pk]), {"subject": "a\r\nBcc: x@y", "body": "Hei"}
    )
    assert response.status_code == 200 and not EventMessage.objects.exists()


def test_members_cannot_open_the_attendee_list(login, company_admin, attendees):
    response = login(company_admin).get(reverse("admin:events_event_attendees", args=[attendees.pk]))
    assert response.status_code == 302


def test_an_event_with_registrations_cannot_be_deleted(login, superuser, attendees):
    client = login(superuser)
    client.post(reverse("admin:events_event_delete", args=[attendees.pk]), {"post": "yes"})
    assert Registration.objects.filter(event=attendees).count() == 3


def test_the_event_admin_pages_open_for_the_secretariat(login, secretariat, attendees):
    client = login(secretariat)
    for url in (
        reverse("admin:events_event_changelist"),
        reverse("admin:events_event_change", args=[attendees.pk]),
        reverse("admin:events_event_add"),
        reverse("admin:events_registration_changelist"),
        reverse("admin:events_eventmessage_changelist"),
    ):
        assert client.get(url).status_code == 200, url
