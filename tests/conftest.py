"""Shared fixtures: seed content and the personas every permission test speaks of.

Personas (as in healthchecks' alice/bob/charlie): anonymous, outsider (admin of another
company), company member, company admin, secretariat, superuser.
"""

import pytest
from django.core import mail

from invekst.seed import seed_content
from members.models import Representative
from tests.factories import make_company, make_representative, make_user


@pytest.fixture
def seeded(db):
    seed_content()


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
