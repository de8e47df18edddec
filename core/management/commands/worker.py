"""The background worker: queued tasks (e-mail, scheduled jobs) and the schedule that starts jobs."""

import logging
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from core import schedule

logger = logging.getLogger("core.worker")


def schedule_loop(interval: float, stop: threading.Event) -> None:
    """Start due jobs every `interval` seconds until `stop` is set; never dies of an error."""
    while not stop.is_set():
        close_old_connections()
        try:
            schedule.tick()
        except Exception:
            # The database may be down for a while: log, and try again next time.
            logger.exception("Scheduler tick failed")
        finally:
            close_old_connections()
        stop.wait(interval)


class Command(BaseCommand):
    help = (
        "Run background work: the tasks on the queue (e-mail, scheduled jobs) and the schedule of "
        "settings.SCHEDULED_JOBS. Run one or more per installation, on any hosts; each job runs once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls of an empty queue.")
        parser.add_argument("--schedule-interval", type=float, default=60.0, help="Seconds between schedule checks.")
        parser.add_argument("--batch", action="store_true", help="Run what is due and queued, then exit.")

    def handle(self, *args, interval: float, schedule_interval: float, batch: bool, **options):
        if batch:
            schedule.tick()
        else:
            stop = threading.Event()
            thread = threading.Thread(
                target=schedule_loop, args=(schedule_interval, stop), name="scheduler", daemon=True
            )
            thread.start()
        started = time.monotonic()
        logger.info("Worker started")
        try:
            # django-tasks-db's worker: claims each task with a row lock, so every task runs once
            # however many workers poll; SIGTERM/SIGINT finish the current task, then exit.
            call_command(
                "db_worker",
                queue_name="*",
                interval=interval,
                batch=batch,
                reload=False,
                verbosity=options["verbosity"],
            )
        finally:
            if not batch:
                stop.set()
            logger.info("Worker stopped after %.0f s", time.monotonic() - started)
