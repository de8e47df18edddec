"""The workgroup room: roster, coverage, meetings, RSVP and calendar files."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import grow_room, rep
from workgroups import ics
from workgroups.models import MeetingResponse, Participant

pytestmark = pytest.mark.django_db

ROOM = reverse("workgroups-member:room", args=["rv4"])


def test_participant_sees_roster_meetings_and_minutes(login, company_admin, participating, meeting, past_meeting):
    body = login(company_admin).get(ROOM).content.decode()
    assert "Kari Admin" in body
    assert "Mjøsbedriften AS" in body
    assert "Logistikk" in body
    assert "Arbeidsmøte; RV4, etappe 2" in body
    assert "Gruppen ble enig om fremdriftsplanen." in body
    assert 'name="answer"' in body


def test_a_participant_of_another_company_is_in_the_same_room(login, outsider, outsider_participating, participating):
    body = login(outsider).get(ROOM).content.decode()
    assert "Kari Admin" in body
    assert "Totenbedriften AS" in body


def test_email_is_shown_only_to_those_who_allow_it(login, company_admin, participating, outsider_participating):
    outsider_participating.representative.user.show_email = True
    outsider_participating.representative.user.save()
    body = login(company_admin).get(ROOM).content.decode()
    assert "admin@totenbedriften.no" in body
    assert "admin@mjosbedriften.no" not in body


def test_the_secretariat_sees_the_room_without_an_rsvp_form(login, secretariat, participating, meeting):
    response = login(secretariat).get(ROOM)
    assert response.status_code == 200
    assert "Kari Admin" in response.content.decode()
    assert 'name="answer"' not in response.content.decode()


def test_a_colleague_who_does_not_take_part_is_told_how_to_join(login, company_member, commitment):
    response = login(company_member).get(ROOM)
    assert response.status_code == 403
    body = response.content.decode()
    assert "bare åpent for dem som deltar" in body
    assert reverse("workgroups-member:commitment", args=[commitment.pk]) in body


def test_unknown_workgroup_is_404(login, company_admin, participating):
    assert login(company_admin).get("/min-side/arbeidsgrupper/finnes-ikke/").status_code == 404


def test_rsvp_is_saved_and_can_be_changed(login, company_admin, participating, meeting):
    client = login(company_admin)
    url = reverse("workgroups-member:meeting-rsvp", args=["rv4", meeting.pk])
    response = client.post(url, {"answer": "yes"}, follow=True)
    assert "Takk, svaret ditt er lagret." in response.content.decode()
    assert "Svar: 1 ja, 0 kanskje, 0 nei" in response.content.decode()
    client.post(url, {"answer": "maybe"})
    assert list(MeetingResponse.objects.values_list("answer", flat=True)) == ["maybe"]


def test_bad_rsvp_answer_writes_nothing(login, company_admin, participating, meeting):
    url = reverse("workgroups-member:meeting-rsvp", args=["rv4", meeting.pk])
    response = login(company_admin).post(url, {"answer": "kanskje-ikke"}, follow=True)
    assert "Velg ja, kanskje eller nei." in response.content.decode()
    assert not MeetingResponse.objects.exists()


def test_rsvp_to_a_past_meeting_is_refused(login, company_admin, participating, past_meeting):
    url = reverse("workgroups-member:meeting-rsvp", args=["rv4", past_meeting.pk])
    response = login(company_admin).post(url, {"answer": "yes"}, follow=True)
    assert "Møtet er over" in response.content.decode()
    assert not MeetingResponse.objects.exists()


def test_rsvp_from_a_non_participant_is_403(login, company_member, commitment, meeting):
    url = reverse("workgroups-member:meeting-rsvp", args=["rv4", meeting.pk])
    assert login(company_member).post(url, {"answer": "yes"}).status_code == 403
    assert not MeetingResponse.objects.exists()


def test_meeting_calendar_file_is_valid_rfc5545(login, company_admin, participating, meeting):
    response = login(company_admin).get(reverse("workgroups-member:meeting-calendar", args=["rv4", meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert "SUMMARY:Arbeidsmøte\\; RV4\\, etappe 2\r\n" in text
    assert "DESCRIPTION:1. Status\\n2. Høring\\, frister\r\n" in text
    assert f"UID:workgroup-meeting-{meeting.pk}@invekst.no" in text
    assert "DTSTART:" in text and text.count("BEGIN:VEVENT") == 1
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75


def test_workgroup_feed_holds_every_meeting(login, company_admin, participating, meeting, past_meeting):
    response = login(company_admin).get(reverse("workgroups-member:calendar", args=["rv4"]))
    assert response["Content-Type"].startswith("text/calendar")
    assert response.content.decode().count("BEGIN:VEVENT") == 2


def test_calendar_files_are_closed_to_non_participants(login, company_member, commitment, meeting):
    client = login(company_member)
    assert client.get(reverse("workgroups-member:calendar", args=["rv4"])).status_code == 403
    assert client.get(reverse("workgroups-member:meeting-calendar", args=["rv4", meeting.pk])).status_code == 403


def test_long_lines_fold_without_splitting_characters():
    line = "DESCRIPTION:" + ics.escape_text("Ærlig talt, " * 20)
    folded = ics.fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode("utf-8")) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert "".join(piece[1:] if i else piece for i, piece in enumerate(pieces)) == line


def test_escape_text_escapes_backslash_first():
    assert ics.escape_text("a\\b;c,d\r\ne") == "a\\\\b\\;c\\,d\\ne"


def test_room_query_count_is_flat_with_3_and_300_participants(login, secretariat, rv4):
    # Guards against a query per participant (user, company) or per competence or meeting.
    client = login(secretariat)
    grow_room(rv4, 3)
    client.get(ROOM)  # warms process-wide caches (content types, translations)
    # Both rendered afresh: the room's shared parts would otherwise come from the cache.
    cache.clear()
    with CaptureQueriesContext(connection) as small:
        assert client.get(ROOM).status_code == 200
    grow_room(rv4, 300)
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        response = client.get(ROOM)
    html = response.content.decode()
    assert "Side 1 av 6" in html  # 300 participants, 50 a page
    assert html.count(">Person ") == 50
    assert len(small) == len(large)


def test_room_roster_pages_through_everyone(login, secretariat, rv4):
    client = login(secretariat)
    grow_room(rv4, 120)
    seen = set()
    for page in (1, 2, 3):
        html = client.get(ROOM, {"side": page}).content.decode()
        seen |= {line for line in html.splitlines() if "Person " in line}
    assert len(seen) == 120


def test_room_query_count_is_flat_for_a_participant_too(login, company_admin, participating, rv4):
    # The RSVP form and the user's own answers must not cost a query per meeting.
    client = login(company_admin)
    grow_room(rv4, 4)
    client.get(ROOM)  # warms process-wide caches (content types, translations)
    cache.clear()
    with CaptureQueriesContext(connection) as small:
        client.get(ROOM)
    grow_room(rv4, 40)
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        client.get(ROOM)
    assert len(small) == len(large)


def test_self_signup_leads_into_the_room(login, company_member, commitment):
    client = login(company_member)
    client.post(reverse("workgroups-member:participant-signup", args=[commitment.pk]))
    assert client.get(ROOM).status_code == 200
    assert Participant.objects.get().representative == rep(company_member)


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'<section aria-labelledby="{heading_id}">')
    return html[start : html.index("</section>", start)]


def test_the_shared_parts_are_alike_for_everyone(
    login, company_admin, outsider, secretariat, participating, outsider_participating, rv4_needs, meeting
):
    mine = login(company_admin).get(ROOM).content.decode()
    for other in (outsider, secretariat):
        body = login(other).get(ROOM).content.decode()
        for part in ("people-title", "coverage-title"):
            assert _section(body, part) == _section(mine, part)


def test_regression_a_renamed_user_appears_in_the_room_however_the_row_is_written(login, company_admin, participating):
    """The room is not cached: no list of user fields that some page shows to keep in step."""
    client = login(company_admin)
    assert "Kari Admin" in client.get(ROOM).content.decode()
    type(company_admin).objects.filter(pk=company_admin.pk).update(name="Kari Nordmann")  # no signals
    roster = _section(client.get(ROOM).content.decode(), "people-title")
    assert "Kari Nordmann" in roster
    assert "Kari Admin" not in roster


@pytest.mark.parametrize("update_fields", [None, ["name"]], ids=["full save", "name only"])
def test_a_renamed_user_appears_in_the_room_at_once(
    login, company_admin, participating, django_capture_on_commit_callbacks, update_fields
):
    client = login(company_admin)
    assert "Kari Admin" in client.get(ROOM).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        company_admin.name = "Kari Nordmann"
        company_admin.save(update_fields=update_fields)
    roster = _section(client.get(ROOM).content.decode(), "people-title")
    assert "Kari Nordmann" in roster
    assert "Kari Admin" not in roster


def test_showing_ones_email_appears_in_the_room_at_once(
    login, company_admin, participating, django_capture_on_commit_callbacks
):
    client = login(company_admin)
    assert "mailto:admin@mjosbedriften.no" not in client.get(ROOM).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        company_admin.show_email = True
        company_admin.save(update_fields=["show_email"])
    assert "mailto:admin@mjosbedriften.no" in client.get(ROOM).content.decode()


def test_the_room_speaks_the_visitors_language(login, company_admin, participating):
    client = login(company_admin)
    assert "vises ikke" in _section(client.get(ROOM).content.decode(), "people-title")
    english = client.get(ROOM, headers={"accept-language": "en"}).content.decode()
    assert "not shown" in _section(english, "people-title")


def test_a_page_number_out_of_range_shows_the_nearest_page(login, secretariat, rv4):
    client = login(secretariat)
    grow_room(rv4, 60)
    assert "Side 2 av 2" in client.get(ROOM, {"side": 999}).content.decode()
    assert "Side 1 av 2" in client.get(ROOM, {"side": "ikke-et-tall"}).content.decode()


def test_an_answer_shows_in_the_counts_at_once(
    login, company_admin, participating, meeting, django_capture_on_commit_callbacks
):
    client = login(company_admin)
    assert "Svar: 0 ja, 0 kanskje, 0 nei" in client.get(ROOM).content.decode()
    url = reverse("workgroups-member:meeting-rsvp", args=["rv4", meeting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"answer": "yes"})
    body = client.get(ROOM).content.decode()
    assert "Svar: 1 ja, 0 kanskje, 0 nei" in body
    assert f'value="yes" id="id_m{meeting.pk}_answer_0" required checked>' in body


def test_a_meeting_that_ends_moves_to_the_past_without_any_write(
    login, company_admin, participating, rv4, meeting, monkeypatch
):
    now = timezone.now()
    rv4.meetings.create(title="Snart over", starts_at=now - timedelta(hours=1), ends_at=now + timedelta(minutes=10))
    client = login(company_admin)
    body = client.get(ROOM).content.decode()
    assert "Snart over" in _section(body, "meetings-title")
    assert "Arbeidsmøte; RV4, etappe 2" in _section(body, "meetings-title")
    # Eleven minutes on, nothing written.
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(minutes=11))
    body = client.get(ROOM).content.decode()
    assert "Snart over" not in _section(body, "meetings-title")
    assert "Snart over" in _section(body, "past-title")
    assert "Arbeidsmøte; RV4, etappe 2" in _section(body, "meetings-title")
