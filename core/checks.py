"""System checks for the operations settings (`manage.py check`, `check --deploy`)."""

import re

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.utils.module_loading import import_string

from core.schedule import PERIODS

_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")


@register(Tags.compatibility, deploy=True)
def check_email_host(app_configs=None, **kwargs):
    """Production must send mail: without EMAIL_HOST, Django would print it (reset links too) to the log."""
    if settings.DEBUG or settings.EMAIL_HOST:
        return []
    return [
        Error(
            "EMAIL_HOST is not set: e-mail (password resets, applications, invitations) would be "
            "written to the log instead of sent.",
            hint="Set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS) "
            "to the SMTP server the portal sends through.",
            id="core.E001",
        )
    ]


@register()
def check_scheduled_jobs(app_configs=None, **kwargs):
    """Each line of SCHEDULED_JOBS names a known period, a valid time and an importable function."""
    errors = []
    for name, entry in settings.SCHEDULED_JOBS.items():
        try:
            every, at, path = entry
        except (TypeError, ValueError):
            errors.append(Error(f"SCHEDULED_JOBS[{name!r}] must be (every, 'HH:MM', path).", id="core.E002"))
            continue
        if every not in PERIODS:
            errors.append(Error(f"SCHEDULED_JOBS[{name!r}]: every must be one of {sorted(PERIODS)}.", id="core.E002"))
        if not _TIME.fullmatch(at):
            errors.append(Error(f"SCHEDULED_JOBS[{name!r}]: time must be HH:MM, got {at!r}.", id="core.E002"))
        try:
            if not callable(import_string(path)):
                raise ImportError(path)
        except ImportError:
            errors.append(Error(f"SCHEDULED_JOBS[{name!r}]: cannot import {path!r}.", id="core.E002"))
    return errors
