"""Fifty people press the same button at once, through HTTP: one result, calm answers, no 500.

Each test starts 50 threads that wait at a barrier and then post the same form through their
own test client (own database connection, own client address). Run against PostgreSQL:

    DJANGO_TESTING=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/trust_db \\
        TEST_DATABASE_NAME=test_trust_db .venv/bin/pytest -q tests/test_concurrency.py

The service-level races are in tests/members/test_lifecycle.py and tests/workgroups/test_services.py.
"""

import threading
from collections import Counter

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from members import services as member_services
from members.models import Company, Invitation, MembershipEvent, Representative
from tests.factories import make_company, make_user
from workgroups.models import Commitment, Participant, Workgroup

THREADS = 50
BACKEND = "django.contrib.auth.backends.ModelBackend"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises writers, so it cannot show a race; run with DATABASE_URL=postgres://…",
    ),
]


def _clients(user) -> list[Client]:
    """One signed-in client per thread, each from its own address (the rate limits are per address)."""
    clients = []
    for i in range(THREADS):
        client = Client(REMOTE_ADDR=f"10.0.{i // 250}.{i % 250 + 1}")
        client.force_login(user, backend=BACKEND)
        clients.append(client)
    return clients


def race(clients: list[Client], url: str, data: dict) -> Counter:
    """POST url from every client at the same moment; count the answers (exceptions by name)."""
    barrier = threading.Barrier(len(clients))
    answers: list = [None] * len(clients)

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            answers[i] = clients[i].post(url, data).status_code
        except Exception as exc:  # a failure must show in the assertion, not vanish in a thread
            answers[i] = f"{type(exc).__name__}: {exc}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return Counter(answers)


def test_fifty_approvals_of_one_application_record_one_event(seeded):
    company = make_company("912345602", "Kappløpet AS", status=Company.Status.APPLICANT)
    secretariat = make_user("root@invekst.no", is_staff=True, is_superuser=True)
    url = reverse("admin:members_company_membership", args=[company.pk, "approve"])
    answers = race(_clients(secretariat), url, {"note": "Godkjent"})
    # Every click lands back on the company page: one with "approved", the rest with "not allowed".
    assert answers == Counter({302: THREADS}), answers
    assert MembershipEvent.objects.filter(company=company).count() == 1
    company.refresh_from_db()
    assert company.status == Company.Status.ACTIVE


def test_fifty_commitments_to_one_workgroup_create_one(company, company_admin):
    rv4 = Workgroup.objects.get(slug="rv4")
    data = {"workgroup": rv4.pk, "hours_per_year": 40, "start_date": "2026-01-05"}
    answers = race(_clients(company_admin), reverse("workgroups-member:index"), data)
    # One is redirected to the new commitment; the others see the form again with the reason.
    assert answers[302] == 1, answers
    assert answers[200] == THREADS - 1, answers
    assert Commitment.objects.filter(company=company, workgroup=rv4).count() == 1


def test_fifty_signups_for_one_commitment_make_one_participant(company, company_admin, company_member):
    rv4 = Workgroup.objects.get(slug="rv4")
    commitment = Commitment.objects.create(company=company, workgroup=rv4, hours_per_year=40)
    url = reverse("workgroups-member:participant-signup", args=[commitment.pk])
    answers = race(_clients(company_member), url, {"competence": "Logistikk"})
    assert answers == Counter({302: THREADS}), answers
    representative = Representative.objects.get(user=company_member)
    assert Participant.objects.filter(commitment=commitment, representative=representative).count() == 1


def test_fifty_acceptances_of_one_invitation_make_one_representative(company, company_admin):
    invitation = Invitation.objects.create(
        company=company, email="ny@mjosbedriften.no", role=Representative.Role.MEMBER, invited_by=company_admin
    )
    invited = make_user("ny@mjosbedriften.no", name="Nina Ny")
    url = reverse("members:invitation-accept", args=[member_services.invitation_token(invitation)])
    answers = race(_clients(invited), url, {})
    # One welcome; the others are told the link has been used (400), never an error page.
    assert answers[302] == 1, answers
    assert answers[400] == THREADS - 1, answers
    assert Representative.objects.filter(user=invited, company=company).count() == 1
    invitation.refresh_from_db()
    assert invitation.accepted_by == invited
