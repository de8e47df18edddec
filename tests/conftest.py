"""Shared fixtures: seed content and the personas every permission test speaks of.

Personas (as in healthchecks' alice/bob/charlie): anonymous, outsider (admin of another
company), company member, company admin, secretariat, superuser.
"""

import pytest
from django.core import mail

from invekst.seed import seed_content
from members.models import Company, Representative, User
from plans.models import Municipality

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def seeded(db):
    seed_content()


def make_user(email: str, **extra) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, **extra)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def make_company(orgnr: str, name: str, status=Company.Status.ACTIVE, **extra) -> Company:
    return Company.objects.create(
        orgnr=orgnr, name=name, status=status, municipality=Municipality.objects.filter(number="3407").first(), **extra
    )


@pytest.fixture
def company(seeded):
    return make_company("999999980", "Mjøsbedriften AS")


@pytest.fixture
def other_company(seeded):
    return make_company("999999972", "Totenbedriften AS")


@pytest.fixture
def company_admin(company):
    user = make_user("admin@mjosbedriften.no", name="Kari Admin")
    Representative.objects.create(user=user, company=company, role=Representative.Role.ADMIN)
    return user


@pytest.fixture
def company_member(company):
    user = make_user("member@mjosbedriften.no", name="Ola Medlem")
    Representative.objects.create(user=user, company=company, role=Representative.Role.MEMBER)
    return user


@pytest.fixture
def outsider(other_company):
    user = make_user("admin@totenbedriften.no", name="Per Utenfor")
    Representative.objects.create(user=user, company=other_company, role=Representative.Role.ADMIN)
    return user


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
