from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from workgroups.models import CommitmentReminder

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _commit(django_capture_on_commit_callbacks):
    """The reminders are queued e-mail: they leave when the command's transactions commit."""
    global _capture
    _capture = django_capture_on_commit_callbacks


def _run(*args) -> str:
    out = StringIO()
    with _capture(execute=True):
        call_command("remind_commitments", *args, stdout=out)
    return out.getvalue()


def test_dry_run_prints_who_would_get_it_and_sends_nothing(company_admin, participating, outsider, other_company):
    output = _run("--dry-run")
    assert "Totenbedriften AS: would remind admin@totenbedriften.no" in output
    assert "Mjøsbedriften" not in output
    assert mail.outbox == []
    assert not CommitmentReminder.objects.exists()


def test_it_mails_the_admins_once_a_week(company_admin, company_member, outsider, other_company):
    _run()
    assert sorted(m.to[0] for m in mail.outbox) == ["admin@mjosbedriften.no", "admin@totenbedriften.no"]
    assert "Påminnelse" in mail.outbox[0].subject
    assert "/min-side/arbeidsgrupper/" in mail.outbox[0].body
    assert CommitmentReminder.objects.count() == 2
    mail.outbox = []
    output = _run()
    assert mail.outbox == []
    assert "0 reminder(s) sent" in output
    assert CommitmentReminder.objects.count() == 2


def test_a_new_iso_week_sends_again(company_admin):
    _run()
    CommitmentReminder.objects.update(week="2000-W01")
    mail.outbox = []
    _run()
    assert len(mail.outbox) == 1


def test_inactive_companies_are_not_reminded(company, company_admin):
    company.status = company.Status.RESIGNED
    company.save()
    _run()
    assert mail.outbox == []
