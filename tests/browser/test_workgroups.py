"""Workgroups in a real browser: commit, add colleagues, RSVP, public totals; axe on every page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from members.models import Company, Representative
from plans.models import Municipality
from tests.factories import PASSWORD, make_user
from workgroups.models import Commitment, Competence, CompetenceNeed, Meeting, Workgroup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(seeded):
    company = Company.objects.create(
        orgnr="999999980",
        name="Mjøsbedriften AS",
        status=Company.Status.ACTIVE,
        municipality=Municipality.objects.get(number="3407"),
    )
    people = {}
    for key, email, name, role in [
        ("admin", "admin@mjosbedriften.no", "Kari Admin", Representative.Role.ADMIN),
        ("ola", "ola@mjosbedriften.no", "Ola Kollega", Representative.Role.MEMBER),
        ("siri", "siri@mjosbedriften.no", "Siri Kollega", Representative.Role.MEMBER),
    ]:
        people[key] = make_user(email, name=name)
        Representative.objects.create(user=people[key], company=company, role=role)
    rv4 = Workgroup.objects.get(slug="rv4")
    for order, name in enumerate(["Samferdsel", "Jus", "Økonomi"]):
        competence = Competence.objects.create(name=name, order=order)
        CompetenceNeed.objects.create(workgroup=rv4, competence=competence)
    start = (timezone.localtime() + timedelta(days=10)).replace(hour=9, minute=0, second=0, microsecond=0)
    Meeting.objects.create(
        workgroup=rv4,
        title="Arbeidsmøte RV4",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Gjøvik rådhus",
        agenda="1. Status\n2. Høring",
    )
    past = start - timedelta(days=40)
    Meeting.objects.create(
        workgroup=rv4, starts_at=past, ends_at=past + timedelta(hours=1), minutes="Vi ble enige om planen."
    )
    return {"company": company, "people": people, "rv4": rv4}


def _log_in(checker, log_in_browser, email):
    log_in_browser(checker, email, PASSWORD)
    # Login lands on /min-side/, which the members branch builds; its 404 here is not ours.
    checker.console_errors.clear()


def test_admin_commits_to_rv4_with_two_colleagues_and_a_colleague_answers(checker, world, log_in_browser):
    page = checker.page
    _log_in(checker, log_in_browser, "admin@mjosbedriften.no")
    checker.goto("/min-side/arbeidsgrupper/")
    assert page.get_by_text("Forpliktelsen er ikke oppfylt").is_visible()
    checker.assert_accessible("workgroups-member-index")

    page.select_option("#id_workgroup", label="RV4")
    page.fill("#id_hours_per_year", "60")
    page.check("label:has-text('Samferdsel') >> xpath=preceding-sibling::input")
    page.fill("#id_competence_note", "Godstransport")
    page.click("button:has-text('Forplikt bedriften')")
    page.wait_for_load_state()
    assert "er nå forpliktet til RV4" in page.content()
    checker.assert_accessible("workgroups-commitment")

    for name in ("Ola Kollega", "Siri Kollega"):
        page.select_option("#id_representative", label=name)
        page.click("button:has-text('Legg til deltaker')")
        page.wait_for_load_state()
        assert f"{name} er nå med i RV4." in page.content()
    assert Commitment.objects.get().participants.filter(left_at__isnull=True).count() == 2

    checker.goto(f"/min-side/arbeidsgrupper/forpliktelse/{Commitment.objects.get().pk}/avslutt/")
    checker.assert_accessible("workgroups-commitment-end")

    page.context.clear_cookies()
    _log_in(checker, log_in_browser, "ola@mjosbedriften.no")
    checker.goto("/min-side/arbeidsgrupper/rv4/")
    assert page.get_by_role("heading", name="RV4", level=1).is_visible()
    assert page.get_by_text("Siri Kollega").is_visible()
    checker.assert_accessible("workgroups-room")
    page.check("label:has-text('Ja, jeg kommer') >> xpath=preceding-sibling::input")
    page.click("button:has-text('Send svar')")
    page.wait_for_load_state()
    assert "Takk, svaret ditt er lagret." in page.content()
    assert "Svar: 1 ja, 0 kanskje, 0 nei" in page.content()

    checker.goto("/arbeidsgrupper/rv4/")
    totals = page.locator("dl.totals").inner_text()
    assert "1" in totals and "2" in totals and "60" in totals
    assert "Ola Kollega" not in page.locator("main").inner_html()  # the header names the signed-in user
    checker.assert_accessible("workgroups-public-detail-with-totals")
    checker.goto("/arbeidsgrupper/")
    checker.assert_accessible("workgroups-public-list-with-totals")
    assert checker.console_errors == [], checker.console_errors


def test_form_errors_and_the_closed_room_pass_axe(checker, world, log_in_browser):
    page = checker.page
    _log_in(checker, log_in_browser, "admin@mjosbedriften.no")
    checker.goto("/min-side/arbeidsgrupper/")
    page.fill("#id_hours_per_year", "-3")
    page.click("button:has-text('Forplikt bedriften')")
    page.wait_for_load_state()
    assert page.locator("#id_hours_per_year_error").is_visible()
    assert page.locator("#id_workgroup_error").is_visible()
    checker.assert_accessible("workgroups-member-index-errors")
    assert not Commitment.objects.exists()
    checker.goto("/min-side/arbeidsgrupper/rv4/", expect_status=403)
    checker.assert_accessible("workgroups-room-forbidden")
