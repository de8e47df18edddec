"""Event fixtures on top of the shared personas (company_admin, company_member, outsider, ...)."""

import pytest

from events.models import Event
from tests.factories import make_event


@pytest.fixture
def event(seeded):
    """An open event in a week with two places."""
    return make_event()


@pytest.fixture
def members_event(seeded):
    """A members-only event where each member company may bring one guest."""
    return make_event(
        "medlemsmote", title="Medlemsmøte", audience=Event.Audience.MEMBERS, capacity=10, guests_per_company=1
    )


@pytest.fixture(autouse=True)
def _mail_at_once(monkeypatch):
    """Send e-mail when the service asks, not after a commit the test's transaction never makes.

    The services mail last, after every check that can refuse, so nothing here is sent that a
    real rollback would have held back.
    """
    import core.mail

    monkeypatch.setattr(core.mail.transaction, "on_commit", lambda callback, using=None, robust=False: callback())
