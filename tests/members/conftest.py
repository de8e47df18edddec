"""Fixtures for the members tests: a secretariat with the company permissions, register replies."""

import pytest
from django.contrib.auth.models import Permission

from members import brreg
from tests.utils import FakeRegister


@pytest.fixture
def secretariat_staff(secretariat):
    """The secretariat persona with the permissions its group grants (the group migration comes later)."""
    perms = Permission.objects.filter(
        content_type__app_label="members",
        codename__in=["view_company", "change_company", "view_membershipevent", "view_invitation"],
    )
    secretariat.user_permissions.add(*perms)
    return secretariat


@pytest.fixture
def register(monkeypatch):
    """Brønnøysund answers from recorded replies: register.replies[orgnr] = (status, body) or an exception."""
    fake = FakeRegister()
    monkeypatch.setattr(brreg, "fetch", fake.fetch)
    return fake
