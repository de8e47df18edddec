"""Fixtures for the members tests: a secretariat with the company permissions, register replies."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission

from members import brreg

FIXTURES = Path(__file__).parent / "fixtures"
NOT_FOUND = (404, b'{"timestamp":"2026-11-29T05:00:00.000+00:00","status":404,"error":"Not Found"}')


def recorded(status: int) -> tuple[int, bytes]:
    """A reply recorded from data.brreg.no: (HTTP status, body)."""
    return status, (FIXTURES / f"brreg_{status}.json").read_bytes()


@pytest.fixture
def secretariat_staff(secretariat):
    """The secretariat persona with the permissions its group grants (the group migration comes later)."""
    perms = Permission.objects.filter(
        content_type__app_label="members",
        codename__in=["view_company", "change_company", "view_membershipevent", "view_invitation"],
    )
    secretariat.user_permissions.add(*perms)
    return secretariat


class FakeRegister:
    def __init__(self):
        self.replies: dict[str, tuple[int, bytes] | Exception] = {}
        self.calls: list[str] = []

    def fetch(self, orgnr: str) -> tuple[int, bytes]:
        self.calls.append(orgnr)
        reply = self.replies.get(orgnr, NOT_FOUND)
        if isinstance(reply, Exception):
            raise reply
        return reply


@pytest.fixture
def register(monkeypatch):
    """Brønnøysund answers from recorded replies: register.replies[orgnr] = (status, body) or an exception."""
    fake = FakeRegister()
    monkeypatch.setattr(brreg, "fetch", fake.fetch)
    return fake
