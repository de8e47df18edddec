"""The background tasks (django-tasks, the backport of Django 6's Tasks API).

Tasks take JSON arguments only (ids, names) and look everything else up when they run.
"""

from django_tasks import task


@task()
def send_outgoing_message(message_id: int) -> str:
    """Send one stored e-mail (core.mail.send_outgoing)."""
    from core.mail import send_outgoing

    return send_outgoing(message_id)


@task()
def run_scheduled_job(name: str) -> str:
    """Run one job of settings.SCHEDULED_JOBS (core.schedule)."""
    from core.schedule import run_job

    return run_job(name)
