"""Logging: one JSON object per line in production, request and user ids on every record.

`RequestIdMiddleware` (first in MIDDLEWARE) gives each request an id: the proxy's
`X-Request-ID` when it sends a sane one, a fresh one otherwise; it is echoed in the
response. `UserIdMiddleware` (after authentication) adds the signed-in user's id. The
`ContextFilter` puts both on every log record made while the request runs, and
`JsonFormatter` writes a record as
{"time", "level", "logger", "message", "request_id", "user_id", "exception"}.
"""

import datetime
import json
import logging
import re
import traceback
import uuid
from contextvars import ContextVar

from django.utils.log import AdminEmailHandler

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
user_id: ContextVar[int | str | None] = ContextVar("user_id", default=None)

_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,100}")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if _SANE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = rid
        # Set, not reset afterwards: Django logs a 4xx/5xx after the middleware has returned.
        request_id.set(rid)
        user_id.set(None)
        response = self.get_response(request)
        response.headers.setdefault("X-Request-ID", rid)
        return response


class UserIdMiddleware:
    """Note the signed-in user's id for the log; only when there is a session to read.

    A visitor without a session cookie costs nothing; with one, the session and user are
    loaded here rather than a little later by the view.
    """

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.cookie = settings.SESSION_COOKIE_NAME

    def __call__(self, request):
        if self.cookie in request.COOKIES:
            from django.db import DatabaseError

            try:
                if request.user.is_authenticated:
                    user_id.set(request.user.pk)
            except DatabaseError:
                pass  # the view will meet the same error and answer it
        return self.get_response(request)


class ContextFilter(logging.Filter):
    """Adds request_id and user_id to every record (None outside a request)."""

    def filter(self, record):
        record.request_id = request_id.get()
        record.user_id = user_id.get()
        return True


class WarningWithoutTraceback(logging.Filter):
    """For loggers whose errors are the visitor's, not ours (a bad Host header): WARNING, no traceback."""

    def filter(self, record):
        if record.levelno > logging.WARNING:
            record.levelno = logging.WARNING
            record.levelname = "WARNING"
        record.exc_info = None
        record.exc_text = None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, ids, exception."""

    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in ("request_id", "user_id"):
            value = getattr(record, field, None)
            if value is not None:
                entry[field] = value
        status_code = getattr(record, "status_code", None)
        if isinstance(status_code, int):
            entry["status"] = status_code
        if record.exc_info:
            entry["exception"] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """Readable lines for development: time, level, logger, the request id when there is one."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)-7s %(name)s%(rid)s: %(message)s", datefmt="%H:%M:%S")

    def format(self, record):
        rid = getattr(record, "request_id", None)
        record.rid = f" [{rid[:8]}]" if rid else ""
        return super().format(record)


class QueuedAdminEmailHandler(AdminEmailHandler):
    """Django's AdminEmailHandler, sending through the mail queue so an error page never waits on SMTP.

    When the queue cannot take the message (the database is what failed), it falls back to
    sending at once (bounded by EMAIL_TIMEOUT): the report matters most then.
    """

    def send_mail(self, subject, message, *args, **kwargs):
        from django.conf import settings
        from django.core.mail import EmailMultiAlternatives
        from django.db import transaction

        if not settings.ADMINS:
            return
        try:
            from core.mail import queue_email

            email = EmailMultiAlternatives(
                subject=f"{settings.EMAIL_SUBJECT_PREFIX}{subject}",
                body=message,
                from_email=settings.SERVER_EMAIL,
                to=[admin[1] if isinstance(admin, list | tuple) else admin for admin in settings.ADMINS],
            )
            if kwargs.get("html_message"):
                email.attach_alternative(kwargs["html_message"], "text/html")
            with transaction.atomic():
                queue_email(email)
        except Exception:
            super().send_mail(subject, message, *args, **kwargs)
