"""Logs: JSON lines with request and user ids in production; a bad Host is a warning."""

import json
import logging

import pytest

from core.logs import ContextFilter, JsonFormatter


def test_a_json_line_has_time_level_logger_message_and_the_exception_in_one_field():
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = logging.LogRecord("invekst.views", logging.ERROR, __file__, 1, "Failed %s", ("here",), sys.exc_info())
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "invekst.views"
    assert entry["message"] == "Failed here"
    assert entry["time"].endswith("+00:00")
    assert "ValueError: boom" in entry["exception"]


class ListHandler(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []
        self.addFilter(ContextFilter())
        self.setFormatter(JsonFormatter())

    def emit(self, record):
        self.lines.append(json.loads(self.format(record)))


@pytest.mark.django_db
def test_records_made_during_a_request_carry_its_id_and_the_users(client, login, company_member):
    handler = ListHandler()
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        login(company_member)
        response = client.get("/min-side/finnes-ikke/", HTTP_X_REQUEST_ID="abc-123")
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 404
    assert response["X-Request-ID"] == "abc-123"
    during = handler.lines[0]
    assert during["message"].startswith("Not Found")
    assert (during["request_id"], during["user_id"]) == ("abc-123", company_member.pk)


@pytest.mark.django_db
def test_an_unsafe_request_id_is_replaced(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert response["X-Request-ID"] != "bad id\nwith newline"
    assert len(response["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_a_bad_host_header_is_a_warning_without_traceback(client, caplog):
    with caplog.at_level(logging.INFO, logger="django.security.DisallowedHost"):
        response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    records = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert records and all(r.levelname == "WARNING" and r.exc_info is None for r in records)
