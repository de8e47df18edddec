"""Housekeeping jobs of the infrastructure itself (listed in settings.SCHEDULED_JOBS)."""

import datetime

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.models import OutgoingMessage, ScheduledRun


def clear_expired_sessions() -> str:
    """Delete sessions past their expiry date (what `manage.py clearsessions` does)."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return f"{deleted} expired session(s) deleted"


def prune_background_records() -> str:
    """Forget finished background work after BACKGROUND_RECORDS_DAYS: sent mail, task results, runs.

    Unsent and failed messages are kept until someone acts on them.
    """
    before = timezone.now() - datetime.timedelta(days=settings.BACKGROUND_RECORDS_DAYS)
    messages, _ = OutgoingMessage.objects.filter(status=OutgoingMessage.Status.SENT, sent_at__lt=before).delete()
    tasks, _ = DBTaskResult.objects.finished().filter(finished_at__lt=before).delete()
    runs, _ = ScheduledRun.objects.filter(started_at__lt=before).delete()
    return f"{messages} sent e-mail(s), {tasks} task result(s), {runs} scheduled run(s) deleted"
