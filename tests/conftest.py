"""Shared fixtures: seed content and the personas every permission test speaks of.

The test database is migrated and seeded once per session (django_db_setup); each test
runs in a transaction rolled back on top of it, so every test sees the seed content
(municipalities, plan, targets, observations, workgroups) and nothing else. A
transactional test (transaction=True, live_server) ends by emptying every table, so the
next one puts back what migrate and the seed made before it starts.

Personas (as in healthchecks' alice/bob/charlie): anonymous, outsider (admin of another
company), company member, company admin, secretariat, superuser.
"""

import importlib

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail

from invekst.seed import seed_content
from members.models import Representative
from tests.factories import make_company, make_representative, make_user

group_migration = importlib.import_module("invekst.migrations.0004_sekretariat_group")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, migrated, with the seed content: made once per session."""
    with django_db_blocker.unblock():
        seed_content()


@pytest.fixture
def seeded(db):
    """The seed content; there since the session began (see django_db_setup)."""


def _transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences") or marker.args[:1] == (True,)
    ):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _seeded_after_a_flush(request):
    """Before a transactional test: the seed content and the «Sekretariat» group, put back after the last flush."""
    if _transactional(request):
        request.getfixturevalue("transactional_db")
        seed_content()
        group_migration.assign(Group, Permission)


@pytest.fixture
def company(seeded):
    return make_company("999999980", "Mjøsbedriften AS")


@pytest.fixture
def other_company(seeded):
    return make_company("999999972", "Totenbedriften AS")


@pytest.fixture
def company_admin(company):
    return make_representative("admin@mjosbedriften.no", company, Representative.Role.ADMIN, name="Kari Admin").user


@pytest.fixture
def company_member(company):
    return make_representative("member@mjosbedriften.no", company, name="Ola Medlem").user


@pytest.fixture
def outsider(other_company):
    return make_representative(
        "admin@totenbedriften.no", other_company, Representative.Role.ADMIN, name="Per Utenfor"
    ).user


@pytest.fixture
def secretariat(seeded):
    from django.contrib.auth.models import Group

    user = make_user("sekretariat@invekst.no", name="Sekretariatet", is_staff=True)
    group = Group.objects.filter(name="Sekretariat").first()
    if group:
        user.groups.add(group)
    return user


@pytest.fixture
def superuser(seeded):
    return make_user("root@invekst.no", is_staff=True, is_superuser=True)


@pytest.fixture
def login(client):
    """Log the test client in as a user: login(user)."""

    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


@pytest.fixture(autouse=True)
def _clear_cache_and_mail():
    from django.core.cache import cache

    cache.clear()
    mail.outbox = []
    yield
    cache.clear()
