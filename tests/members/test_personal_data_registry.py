"""Issue 15.5: the personal-data export and the account deletion cover every model that holds
a person's data; a new model with a user foreign key or an e-mail field fails here until it is
registered (members.accounts.services: exports/deletes) or named as a deliberate exception."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalChanges

from invekst.models import ContactMessage, SegmentMailing, SegmentMailingRecipient
from members.accounts.services import (
    DELETION_COVERS,
    EXPORT_COVERS,
    PERSONAL_DATA_EXCEPTIONS,
    account_delete,
    personal_data_export,
)
from members.models import Invitation, Representative
from workgroups.models import Commitment, Meeting, MeetingResponse, Participant, Workgroup

pytestmark = pytest.mark.django_db


def holds_personal_data(model) -> bool:
    """A model with a foreign key to the user model or an e-mail address field."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    for field in model._meta.get_fields():
        if not field.concrete:
            continue
        if isinstance(field, models.EmailField):
            return True
        if field.is_relation and field.related_model is user_model:
            return True
    return False


def personal_models() -> list[str]:
    return sorted(
        model._meta.label
        for model in apps.get_models()
        if holds_personal_data(model) and not issubclass(model, HistoricalChanges)
    )


def test_the_walk_finds_the_models_it_must():
    found = personal_models()
    for label in (
        "members.User",
        "members.Representative",
        "members.Invitation",
        "workgroups.Commitment",
        "invekst.ContactMessage",
        "invekst.SegmentMailingRecipient",
        "account.EmailAddress",
        "mfa.Authenticator",
    ):
        assert label in found


def test_every_model_with_personal_data_is_exported_or_a_named_exception():
    missing = [label for label in personal_models() if label not in EXPORT_COVERS | PERSONAL_DATA_EXCEPTIONS.keys()]
    assert missing == [], f"add an export section (members.accounts.services.exports) for {missing}"


def test_every_model_with_personal_data_is_handled_on_deletion_or_a_named_exception():
    missing = [label for label in personal_models() if label not in DELETION_COVERS | PERSONAL_DATA_EXCEPTIONS.keys()]
    assert missing == [], f"add a deletion step (members.accounts.services.deletes) for {missing}"


def test_models_reached_through_a_representative_are_covered_too():
    # Participant and MeetingResponse point at a Representative, not the user: named explicitly.
    for label in ("workgroups.Participant", "workgroups.MeetingResponse"):
        assert label in EXPORT_COVERS and label in DELETION_COVERS


def test_every_exception_says_why():
    assert all(reason.strip() for reason in PERSONAL_DATA_EXCEPTIONS.values())


@pytest.fixture
def a_full_life(company, other_company, company_admin, company_member, outsider, secretariat):
    """The member has taken part, answered a meeting, invited and been invited, written to us, been mailed."""
    rv4 = Workgroup.objects.get(slug="rv4")
    member = Representative.objects.get(user=company_member)
    commitment = Commitment.objects.create(company=company, workgroup=rv4, hours_per_year=40, created_by=company_member)
    Participant.objects.create(commitment=commitment, representative=member, competence="Samferdselsplanlegging")
    start = timezone.now() + timedelta(days=3)
    meeting = Meeting.objects.create(
        workgroup=rv4, title="Etappe 2", starts_at=start, ends_at=start + timedelta(hours=1)
    )
    MeetingResponse.objects.create(meeting=meeting, representative=member, answer="maybe")
    Invitation.objects.create(company=company, email="ny.kollega@mjosbedriften.no", invited_by=company_member)
    Invitation.objects.create(company=other_company, email="member@mjosbedriften.no", invited_by=outsider)
    ContactMessage.objects.create(
        name="Ola Medlem",
        email="MEMBER@mjosbedriften.no",
        subject="Om RV4",
        message="Når er neste møte?",
        consent_version="2026-11",
    )
    ContactMessage.objects.create(
        name="Noen andre", email="annen@example.no", subject="Annet", message="Hei", consent_version="2026-11"
    )
    mailing = SegmentMailing.objects.create(
        segment="workgroup",
        segment_label="Deltakere i RV4",
        subject="Møteinnkalling",
        body="…",
        sent_by=secretariat,
        recipient_count=1,
    )
    SegmentMailingRecipient.objects.create(mailing=mailing, email=company_member.email, user=company_member)
    return meeting


def test_the_export_holds_participations_competence_answers_invitations_messages_and_mailings(
    company_member, a_full_life
):
    data = personal_data_export(user=company_member)

    [participation] = data["workgroup_participations"]
    assert (participation["workgroup"], participation["competence"]) == ("RV4", "Samferdselsplanlegging")
    assert [(r["meeting"], r["answer"]) for r in data["meeting_responses"]] == [("Etappe 2", "maybe")]
    assert [i["email"] for i in data["invitations"]["sent"]] == ["ny.kollega@mjosbedriften.no"]
    assert [i["company"] for i in data["invitations"]["received"]] == ["Totenbedriften AS"]
    assert [m["subject"] for m in data["contact_messages"]["sent"]] == ["Om RV4"]
    assert [m["subject"] for m in data["segment_emails"]["received"]] == ["Møteinnkalling"]
    assert [c["workgroup"] for c in data["commitments_created"]] == ["RV4"]
    assert "annen@example.no" not in str(data)


def test_deletion_leaves_none_of_the_person_s_addresses_anywhere(company_member, a_full_life):
    account_delete(user=company_member)

    assert not ContactMessage.objects.filter(email__iexact="member@mjosbedriften.no").exists()
    assert ContactMessage.objects.get(subject="Om RV4").name == ""
    assert ContactMessage.objects.filter(email="annen@example.no").exists()
    assert not SegmentMailingRecipient.objects.filter(email__iexact="member@mjosbedriften.no").exists()
    assert SegmentMailingRecipient.objects.count() == 1  # the sending's record keeps its count
    assert not Invitation.objects.filter(email__iexact="member@mjosbedriften.no").exists()
    assert Participant.objects.get(representative__user=company_member).left_at is not None
