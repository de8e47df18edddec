"""Issue 15.1: a deleted (anonymised) account stops representing anyone: it leaves its
workgroups (history kept), no longer counts publicly or towards a company's obligation, can
never become main contact, gets no mail, and its address leaves the invitations."""

import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from invekst.models import SegmentMailing
from invekst.services import segment_recipients
from members import services as member_services
from members.accounts.services import account_delete
from members.models import Invitation, Representative, User
from workgroups import services as workgroup_services
from workgroups.models import (
    Commitment,
    Meeting,
    MeetingResponse,
    Participant,
    Workgroup,
    companies_without_valid_commitment,
)

pytestmark = pytest.mark.django_db


def rep(user):
    return Representative.objects.get(user=user)


@pytest.fixture
def rv4(seeded):
    return Workgroup.objects.get(slug="rv4")


@pytest.fixture
def rv4_with_both(company, company_admin, company_member, rv4):
    """Mjøsbedriften in RV4 with its admin and its member taking part."""
    commitment = Commitment.objects.create(company=company, workgroup=rv4, hours_per_year=40)
    Participant.objects.create(commitment=commitment, representative=rep(company_admin))
    Participant.objects.create(commitment=commitment, representative=rep(company_member))
    return commitment


def everything_sent_to() -> list[str]:
    return [address for message in mail.outbox for address in (*message.to, *message.cc, *message.bcc)]


def test_a_deleted_person_leaves_the_workgroup_with_history_kept_and_stops_counting(
    client, company_member, rv4_with_both, rv4
):
    assert Workgroup.objects.with_totals().get(pk=rv4.pk).people_count == 2

    account_delete(user=company_member)

    participation = Participant.objects.get(representative__user=company_member)
    assert participation.left_at is not None  # ended, not deleted
    assert Workgroup.objects.with_totals().get(pk=rv4.pk).people_count == 1
    html = client.get("/arbeidsgrupper/rv4/").content.decode()
    assert re.search(r"<dt>Personer</dt>\s*<dd>1</dd>", html)


def test_an_account_deleted_before_the_fix_does_not_count_either(company_member, rv4_with_both, rv4):
    # An anonymised account whose participation was never ended (data from before).
    User.objects.filter(pk=company_member.pk).update(is_active=False, email="slettet-1@anonymisert.invalid")
    assert Workgroup.objects.with_totals().get(pk=rv4.pk).people_count == 1
    assert [p.representative.user for p in Participant.objects.roster(rv4)] == [
        User.objects.get(email="admin@mjosbedriften.no")
    ]


def test_a_commitment_met_only_by_a_deleted_person_no_longer_counts_as_met(company, company_admin, company_member, rv4):
    commitment = Commitment.objects.create(company=company, workgroup=rv4, hours_per_year=40)
    Participant.objects.create(commitment=commitment, representative=rep(company_member))
    assert not companies_without_valid_commitment().filter(pk=company.pk).exists()

    account_delete(user=company_member)

    assert companies_without_valid_commitment().filter(pk=company.pk).exists()
    assert Commitment.objects.with_people().get(pk=commitment.pk).people_count == 0


def test_a_deleted_person_is_no_colleague_and_cannot_be_made_main_contact(client, login, company_admin, company_member):
    representative = rep(company_member)
    account_delete(user=company_member)

    login(company_admin)
    page = client.get("/min-side/kolleger/").content.decode()
    assert "anonymisert.invalid" not in page
    response = client.post(f"/min-side/kolleger/{representative.pk}/rolle/", {"role": "admin"})
    assert response.status_code == 404
    representative.refresh_from_db()
    assert representative.role == Representative.Role.MEMBER
    with pytest.raises(ValidationError):
        member_services.representative_change_role(
            representative=representative, role="admin", changed_by=company_admin, base_url="http://testserver/"
        )
    assert rep(company_member).role == Representative.Role.MEMBER


def test_a_deleted_main_contact_is_nobody_s_main_contact_and_gets_no_mail(
    company, company_admin, rv4, secretariat, django_capture_on_commit_callbacks
):
    second = User.objects.create_user(email="nestleder@mjosbedriften.no", password="x", name="Nina Nestleder")
    Representative.objects.create(user=second, company=company, role=Representative.Role.ADMIN)

    account_delete(user=second)

    assert rep(second).role == Representative.Role.MEMBER
    assert list(company.representatives.admins().values_list("user__email", flat=True)) == ["admin@mjosbedriften.no"]
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        workgroup_services.commitment_create(
            company=company, workgroup=rv4, hours_per_year=10, created_by=company_admin
        )
        call_command("remind_commitments", stdout=io.StringIO())  # no participant yet: a reminder
        member_services.membership_lapse(company=company, changed_by=secretariat, base_url="http://testserver/")
    recipients = everything_sent_to()
    assert len(mail.outbox) == 3, "the commitment, the reminder and the status change each send one"
    assert not [address for address in recipients if address.endswith(".invalid")]
    segment = segment_recipients(segment=SegmentMailing.Segment.ACTIVE_ADMINS)
    assert not [user.email for user in segment if user.email.endswith(".invalid")]


def test_a_deleted_person_cannot_be_added_to_a_workgroup(company, company_admin, company_member, rv4):
    commitment = Commitment.objects.create(company=company, workgroup=rv4, hours_per_year=40)
    account_delete(user=company_member)
    with pytest.raises(ValidationError):
        workgroup_services.participant_add(
            commitment=commitment, representative=rep(company_member), added_by=company_admin
        )
    assert not Participant.objects.filter(representative__user=company_member).exists()


def test_the_deleted_address_leaves_invitations(company, other_company, company_admin, company_member, outsider):
    pending = Invitation.objects.create(company=other_company, email="Member@Mjosbedriften.no", invited_by=outsider)
    used = Invitation.objects.create(
        company=company,
        email="member@mjosbedriften.no",
        invited_by=company_admin,
        accepted_at=timezone.now(),
        accepted_by=company_member,
    )
    other = Invitation.objects.create(company=company, email="someone@mjosbedriften.no", invited_by=company_admin)

    account_delete(user=company_member)

    assert not Invitation.objects.filter(pk=pending.pk).exists()
    used.refresh_from_db()
    assert used.email == f"slettet-{company_member.pk}@anonymisert.invalid"
    assert used.accepted_by_id == company_member.pk  # the company's record of who joined stays
    assert Invitation.objects.get(pk=other.pk).email == "someone@mjosbedriften.no"
    assert not Invitation.objects.filter(email__icontains="member@mjosbedriften.no").exists()


def test_answers_to_coming_meetings_are_withdrawn_and_past_ones_kept(company_member, rv4_with_both, rv4):
    now = timezone.now()
    coming = Meeting.objects.create(
        workgroup=rv4, starts_at=now + timedelta(days=2), ends_at=now + timedelta(days=2, hours=1)
    )
    past = Meeting.objects.create(
        workgroup=rv4, starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=2, hours=-1)
    )
    for meeting in (coming, past):
        MeetingResponse.objects.create(meeting=meeting, representative=rep(company_member), answer="yes")

    account_delete(user=company_member)

    assert list(
        MeetingResponse.objects.filter(representative__user=company_member).values_list("meeting", flat=True)
    ) == [past.pk]
