"""Scheduled jobs of the workgroups app (listed in settings.SCHEDULED_JOBS)."""

from io import StringIO

from django.core.management import call_command


def remind_commitments() -> str:
    """The weekly reminder to companies without a valid commitment (`manage.py remind_commitments`)."""
    out = StringIO()
    call_command("remind_commitments", stdout=out)
    return out.getvalue().strip().splitlines()[-1] if out.getvalue().strip() else ""
