"""Helpers shared by the tests (fixtures live in the conftest files; test data in factories.py)."""

import os
from pathlib import Path

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

BRREG_REPLIES = Path(__file__).parent / "members" / "fixtures"
NOT_FOUND = (404, b'{"timestamp":"2026-11-29T05:00:00.000+00:00","status":404,"error":"Not Found"}')


def count_queries(client, url: str, *, status: int = 200) -> int:
    """Queries one request for `url` issues, rendered afresh (not from the page cache)."""
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == status, f"{url} answered {response.status_code}"
    return len(ctx)


def recorded(status: int) -> tuple[int, bytes]:
    """A reply recorded from data.brreg.no: (HTTP status, body)."""
    return status, (BRREG_REPLIES / f"brreg_{status}.json").read_bytes()


class FakeRegister:
    """Brønnøysund answering from `replies[orgnr]` (status, body) or raising the exception stored there."""

    def __init__(self):
        self.replies: dict[str, tuple[int, bytes] | Exception] = {}
        self.calls: list[str] = []

    def fetch(self, orgnr: str) -> tuple[int, bytes]:
        self.calls.append(orgnr)
        reply = self.replies.get(orgnr, NOT_FOUND)
        if isinstance(reply, Exception):
            raise reply
        return reply


def production_env(**extra) -> dict[str, str]:
    """The environment of a production process: no DJANGO_* from this one, a real secret key, one host."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SECRET_KEY="a-production-like-secret-key-of-sufficient-length-and-entropy-9f8e7d6c5b4a",
        DJANGO_ALLOWED_HOSTS="invekst.no",
        DATABASE_URL="sqlite:///:memory:",
        **extra,
    )
    return env
