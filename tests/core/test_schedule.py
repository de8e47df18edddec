"""Periodic jobs: due once per period, once across any number of workers, added with one line."""

import datetime
import zoneinfo
from unittest import mock

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.checks import check_scheduled_jobs
from core.models import ScheduledRun
from core.schedule import due_period, tick
from members.models import Invitation
from workgroups.models import CommitmentReminder

pytestmark = pytest.mark.django_db

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
CALLS = []


def count_call():
    CALLS.append(1)
    return "counted"


def at(*args):
    return datetime.datetime(*args, tzinfo=OSLO)


@pytest.mark.parametrize(
    ("every", "when", "period"),
    [
        ("day", at(2026, 12, 1, 3, 0), "2026-12-01"),
        ("day", at(2026, 12, 1, 2, 59), "2026-11-30"),  # before today's time: yesterday's run is the latest due
        ("week", at(2026, 12, 7, 8, 0), "2026-W50"),  # Monday 08:00
        ("week", at(2026, 12, 7, 7, 59), "2026-W49"),
        ("week", at(2026, 12, 13, 23, 0), "2026-W50"),  # Sunday
    ],
)
def test_due_period(every, when, period):
    time = "03:00" if every == "day" else "08:00"
    assert due_period(every, time, when) == period


@override_settings(SCHEDULED_JOBS={"count": ("day", "03:00", "tests.core.test_schedule.count_call")})
def test_a_job_runs_once_per_period_however_often_workers_tick():
    CALLS.clear()
    now = at(2026, 12, 1, 3, 5)
    assert tick(now) == ["count"]
    assert tick(now) == []
    assert tick(now + datetime.timedelta(hours=20)) == []  # still 1 December's run
    assert CALLS == [1]
    assert tick(now + datetime.timedelta(days=1)) == ["count"]
    assert CALLS == [1, 1]
    assert list(ScheduledRun.objects.order_by("period").values_list("period", flat=True)) == [
        "2026-12-01",
        "2026-12-02",
    ]


@override_settings(
    SCHEDULED_JOBS={"count": ("day", "03:00", "tests.core.test_schedule.count_call")},
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
)
def test_two_workers_ticking_together_enqueue_one_run():
    """The second worker finds the period's run row and enqueues nothing."""
    now = at(2026, 12, 1, 3, 5)
    assert tick(now) == ["count"]
    assert tick(now) == []
    run = ScheduledRun.objects.get()
    assert str(DBTaskResult.objects.get().id) == run.task_id


def test_the_daily_jobs_clear_expired_sessions_and_invitations(company, company_admin):
    old = SessionStore()
    old.set_expiry(timezone.now() - datetime.timedelta(days=1))
    old.create()
    fresh = SessionStore()
    fresh.create()
    stale = Invitation.objects.create(company=company, email="gammel@example.no", invited_by=company_admin)
    Invitation.objects.filter(pk=stale.pk).update(created_at=timezone.now() - datetime.timedelta(days=15))
    pending = Invitation.objects.create(company=company, email="ny@example.no", invited_by=company_admin)
    assert {"clear-expired-sessions", "clear-expired-invitations"} <= set(tick(at(2030, 1, 7, 9, 0)))
    assert list(Session.objects.values_list("session_key", flat=True)) == [fresh.session_key]
    assert list(Invitation.objects.all()) == [pending]


def test_the_weekly_job_reminds_companies_without_a_commitment(
    company, company_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        started = tick(at(2030, 1, 7, 9, 0))  # a Monday
    assert "remind-commitments" in started
    assert CommitmentReminder.objects.filter(company=company).count() == 1
    assert [m.to for m in mail.outbox] == [["admin@mjosbedriften.no"]]


def test_the_daily_job_reminds_the_day_before_an_event(company, company_member, django_capture_on_commit_callbacks):
    from events import services as event_services
    from tests.factories import make_event, rep

    event = make_event(starts_at=at(2030, 1, 8, 18, 0), ends_at=at(2030, 1, 8, 20, 0))
    with mock.patch("django.utils.timezone.now", return_value=at(2030, 1, 1, 12, 0)):
        event_services.registration_member_create(event=event, representative=rep(company_member))
    mail.outbox.clear()
    with (
        django_capture_on_commit_callbacks(execute=True),
        mock.patch("django.utils.timezone.now", return_value=at(2030, 1, 7, 9, 0)),
    ):
        started = tick(at(2030, 1, 7, 9, 0))
    assert "event-reminders" in started
    assert [m.to for m in mail.outbox if event.title in m.subject] == [["member@mjosbedriften.no"]]


@override_settings(SCHEDULED_JOBS={"bad": ("month", "25:00", "no.such.function")})
def test_a_wrong_job_line_is_a_system_check_error():
    messages = [error.msg for error in check_scheduled_jobs()]
    assert len(messages) == 3
    assert any("month" in m or "every" in m for m in messages)


def test_the_configured_jobs_pass_the_check():
    assert check_scheduled_jobs() == []


@pytest.mark.django_db(transaction=True)
@override_settings(
    SCHEDULED_JOBS={"count": ("day", "03:00", "tests.core.test_schedule.count_call")},
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
)
def test_the_worker_starts_due_jobs_and_runs_them():
    CALLS.clear()
    call_command("worker", batch=True, verbosity=0)
    assert CALLS == [1]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
