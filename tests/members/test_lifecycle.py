import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection

from members import services
from members.models import Company, MembershipEvent, Representative
from tests.factories import make_company

Status = Company.Status
ALLOWED = {
    (Status.APPLICANT, Status.ACTIVE),
    (Status.APPLICANT, Status.REJECTED),
    (Status.ACTIVE, Status.RESIGNED),
    (Status.ACTIVE, Status.LAPSED),
    (Status.REJECTED, Status.ACTIVE),
    (Status.RESIGNED, Status.ACTIVE),
    (Status.LAPSED, Status.ACTIVE),
}
ALL_PAIRS = [(a, b) for a in Status for b in Status]


@pytest.fixture
def applicant_company(company, company_admin):
    company.status = Status.APPLICANT
    company.save()
    return company


@pytest.mark.parametrize(("from_status", "to_status"), sorted(ALLOWED))
def test_an_allowed_transition_changes_the_status_records_it_and_mails_the_admins(
    company, company_admin, company_member, secretariat, from_status, to_status, django_capture_on_commit_callbacks
):
    Company.objects.filter(pk=company.pk).update(status=from_status)
    with django_capture_on_commit_callbacks(execute=True):
        event = services.membership_change_status(
            company=company,
            to_status=to_status,
            changed_by=secretariat,
            note="Vedtatt i styret",
            base_url="https://invekst.no",
        )
    company.refresh_from_db()
    assert company.status == to_status
    assert (event.from_status, event.to_status, event.changed_by, event.note) == (
        from_status,
        to_status,
        secretariat,
        "Vedtatt i styret",
    )
    (message,) = mail.outbox
    assert message.to == ["admin@mjosbedriften.no"]  # admins only, not the member
    assert "Vedtatt i styret" in message.body
    assert "https://invekst.no/min-side/" in message.body


@pytest.mark.parametrize(("from_status", "to_status"), [pair for pair in ALL_PAIRS if pair not in ALLOWED])
def test_an_illegal_transition_is_refused_and_changes_nothing(company, secretariat, from_status, to_status):
    Company.objects.filter(pk=company.pk).update(status=from_status)
    with pytest.raises(ValidationError) as excinfo:
        services.membership_change_status(
            company=company, to_status=to_status, changed_by=secretariat, base_url="https://invekst.no"
        )
    assert excinfo.value.code == "illegal_transition"
    company.refresh_from_db()
    assert company.status == from_status
    assert not MembershipEvent.objects.exists()
    assert mail.outbox == []


def test_the_named_services_move_along_the_lifecycle(applicant_company, secretariat):
    kwargs = {"company": applicant_company, "changed_by": secretariat, "base_url": "https://invekst.no"}
    services.membership_approve(**kwargs)
    services.membership_lapse(**kwargs)
    services.membership_approve(**kwargs)
    services.membership_resign(**kwargs)
    with pytest.raises(ValidationError):
        services.membership_reject(**kwargs)
    history = list(MembershipEvent.objects.order_by("pk").values_list("from_status", "to_status"))
    assert history == [("applicant", "active"), ("active", "lapsed"), ("lapsed", "active"), ("active", "resigned")]


def test_the_database_refuses_an_event_that_changes_nothing(company):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipEvent.objects.create(company=company, from_status="active", to_status="active")


def test_a_company_with_history_cannot_be_deleted(applicant_company, secretariat):
    from django.db.models import ProtectedError

    services.membership_approve(company=applicant_company, changed_by=secretariat, base_url="https://invekst.no")
    Representative.objects.filter(company=applicant_company).delete()
    with pytest.raises(ProtectedError):
        applicant_company.delete()


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_approvals_leave_exactly_one_event(seeded):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers and ignores SELECT ... FOR UPDATE; the race needs PostgreSQL")
    company = make_company("912345602", "Kappløpet AS", status=Status.APPLICANT)
    threads_count = 50
    barrier = threading.Barrier(threads_count)
    outcomes: list[str] = []
    lock = threading.Lock()

    def approve():
        try:
            barrier.wait(timeout=30)
            services.membership_approve(company=Company(pk=company.pk), changed_by=None, base_url="https://invekst.no")
            result = "approved"
        except ValidationError:
            result = "refused"
        except Exception as exc:  # a failure must show in the assertion, not vanish in a thread
            result = repr(exc)
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=approve) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["approved"] + ["refused"] * (threads_count - 1)
    assert MembershipEvent.objects.filter(company=company).count() == 1
    company.refresh_from_db()
    assert company.status == Status.ACTIVE
