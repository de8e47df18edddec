"""Capacity holds when many register for the last places at once (PostgreSQL; SQLite serialises writers)."""

from collections import Counter

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from events import services
from events.models import Registration
from invekst.seed import seed_content
from members.models import Representative
from tests.factories import make_company, make_event, make_user
from tests.utils import BACKEND, race

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises writers, so it cannot show a race; run with DATABASE_URL=postgres://…",
    ),
]

PEOPLE = 30
CAPACITY = 5


def test_thirty_members_at_once_fill_five_places_and_wait_in_line_for_the_rest():
    seed_content()
    event = make_event(capacity=CAPACITY)
    company = make_company("999999980", "Mjøsbedriften AS")
    clients = []
    for i in range(PEOPLE):
        user = make_user(f"person{i}@mjosbedriften.no", name=f"Person {i}")
        Representative.objects.create(user=user, company=company)
        client = Client(REMOTE_ADDR=f"10.1.0.{i + 1}")
        client.force_login(user, backend=BACKEND)
        clients.append(client)
    answers = race(clients, reverse("events:member-register", args=[event.slug]), {})
    assert answers == Counter({302: PEOPLE}), answers
    statuses = Counter(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses == Counter({"confirmed": CAPACITY, "waiting": PEOPLE - CAPACITY}), statuses


def test_fifty_clicks_by_one_member_make_one_registration():
    seed_content()
    event = make_event(capacity=CAPACITY)
    user = make_user("kari@mjosbedriften.no")
    Representative.objects.create(user=user, company=make_company("999999980", "Mjøsbedriften AS"))
    clients = []
    for i in range(50):
        client = Client(REMOTE_ADDR=f"10.2.0.{i + 1}")
        client.force_login(user, backend=BACKEND)
        clients.append(client)
    answers = race(clients, reverse("events:member-register", args=[event.slug]), {})
    assert answers == Counter({302: 50}), answers
    assert Registration.objects.filter(event=event, user=user).count() == 1


def test_thirty_guests_confirming_at_once_fill_five_places():
    seed_content()
    event = make_event(capacity=CAPACITY)
    tokens = [
        services.registration_guest_create(
            event=event, name=f"Gjest {i}", email=f"gjest{i}@eksempel.no", organisation="Gjest AS"
        ).token
        for i in range(PEOPLE)
    ]
    clients = [Client(REMOTE_ADDR=f"10.3.0.{i + 1}") for i in range(PEOPLE)]
    # One client per token: race() posts one URL, so give each its own by a small wrapper.
    import threading

    from django.db import connections

    barrier = threading.Barrier(PEOPLE)
    answers = [None] * PEOPLE

    def run(i):
        try:
            barrier.wait(timeout=30)
            answers[i] = clients[i].post(reverse("events:confirm", args=[tokens[i]])).status_code
        except Exception as exc:
            answers[i] = repr(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert Counter(answers) == Counter({200: PEOPLE}), answers
    statuses = Counter(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses == Counter({"confirmed": CAPACITY, "waiting": PEOPLE - CAPACITY}), statuses
