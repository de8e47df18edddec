"""Periodic jobs without cron, safe on any number of hosts.

The jobs are listed in settings.SCHEDULED_JOBS, one line each:

    "name": ("day" | "week", "HH:MM", "dotted.path.to.function"),

A "day" job is due every day at HH:MM (local time); a "week" job every Monday at HH:MM.
Each worker calls `tick()` about once a minute. For every job it works out the latest
moment the job fell due, names that period (the date, or the ISO week) and inserts a
ScheduledRun row for (job, period). The row is unique, so among all workers on all hosts
exactly one insert succeeds, and only that worker enqueues the job; the task queue then
gives the job to one worker. A worker that was down at the due time starts the job when it
comes back (once). The function takes no arguments and may return a short summary.
"""

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from core.models import ScheduledRun

logger = logging.getLogger(__name__)

PERIODS = {"day": datetime.timedelta(days=1), "week": datetime.timedelta(days=7)}


def due_period(every: str, at: str, now: datetime.datetime) -> str:
    """The period whose run is due at `now`: '2026-12-01' for a day job, '2026-W49' for a week job."""
    hour, minute = (int(part) for part in at.split(":"))
    local = timezone.localtime(now)
    start = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if every == "week":
        start -= datetime.timedelta(days=local.weekday())
    if start > local:
        start -= PERIODS[every]
    if every == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    return start.date().isoformat()


def tick(now: datetime.datetime | None = None) -> list[str]:
    """Start every job that is due and not yet started for its period; answer their names."""
    from core.tasks import run_scheduled_job

    now = now or timezone.now()
    started = []
    for name, (every, at, _path) in settings.SCHEDULED_JOBS.items():
        period = due_period(every, at, now)
        if ScheduledRun.objects.filter(job=name, period=period).exists():
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(job=name, period=period, started_at=now)
                # With the database task backend the task row commits with the run row.
                result = run_scheduled_job.enqueue(name)
                ScheduledRun.objects.filter(pk=run.pk).update(task_id=str(result.id))
        except IntegrityError:
            continue  # another worker started it
        logger.info("Scheduled job %s started for %s", name, period)
        started.append(name)
    return started


def run_job(name: str) -> str:
    """Call the job's function; its summary (if any) is kept as the task's result."""
    _every, _at, path = settings.SCHEDULED_JOBS[name]
    result = import_string(path)()
    summary = "" if result is None else str(result)
    logger.info("Scheduled job %s done%s", name, f": {summary}" if summary else "")
    return summary
