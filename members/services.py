"""Writes of the members app: applications, the membership lifecycle, colleagues and invitations.

Every function is keyword-only and atomic; mail leaves only after the transaction commits.
`base_url` ("https://invekst.no") is the site's address for links in e-mails; views pass
`request.build_absolute_uri("/")`.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.mail import mail_on_commit
from members.models import Company, Invitation, MembershipEvent, Representative, User

Status = Company.Status

# The lifecycle: which status may follow which. Everything else is refused.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.APPLICANT: frozenset({Status.ACTIVE, Status.REJECTED}),
    Status.ACTIVE: frozenset({Status.RESIGNED, Status.LAPSED}),
    Status.REJECTED: frozenset({Status.ACTIVE}),
    Status.RESIGNED: frozenset({Status.ACTIVE}),
    Status.LAPSED: frozenset({Status.ACTIVE}),
}

INVITATION_MAX_AGE = timedelta(days=14)
_INVITATION_SALT = "members.invitation"


# --- mail -----------------------------------------------------------------------------


def _mail_on_commit(*, template: str, context: dict, to: list[str], reply_to: list[str] | None = None) -> None:
    mail_on_commit(template=f"members/email/{template}", context=context, to=to, reply_to=reply_to)


def _url(base_url: str, name: str, *args) -> str:
    return base_url.rstrip("/") + reverse(name, args=args)


# --- application and lifecycle ---------------------------------------------------------


@transaction.atomic
def membership_apply(*, company: Company, applicant: User, base_url: str) -> Company:
    """Store an application: the company as applicant, the applicant as its admin.

    `company` is an unsaved, validated Company (from the application form). The
    secretariat is told, and the applicant gets a confirmation, once it is committed.
    """
    company.status = Status.APPLICANT
    company.save()
    Representative.objects.create(user=applicant, company=company, role=Representative.Role.ADMIN)
    MembershipEvent.objects.create(company=company, from_status="", to_status=Status.APPLICANT, changed_by=applicant)
    context = {
        "company": company,
        "applicant": applicant,
        "admin_url": _url(base_url, "admin:members_company_change", company.pk),
        "dashboard_url": _url(base_url, "members:dashboard"),
    }
    _mail_on_commit(
        template="application_received",
        context=context,
        to=[settings.SECRETARIAT_EMAIL],
        reply_to=[applicant.email],
    )
    _mail_on_commit(template="application_confirmation", context=context, to=[applicant.email])
    return company


@transaction.atomic
def membership_change_status(
    *, company: Company, to_status: str, changed_by: User | None, note: str = "", base_url: str
) -> MembershipEvent:
    """Move a company to `to_status` if the lifecycle allows it, and record the change.

    The company row is locked first, so of many simultaneous identical requests exactly
    one succeeds and the others see the new status and are refused. The company's admins
    are e-mailed after commit. Raises ValidationError for a transition not in TRANSITIONS.
    """
    locked = Company.objects.select_for_update().get(pk=company.pk)
    from_status = locked.status
    if to_status not in TRANSITIONS.get(from_status, frozenset()):
        raise ValidationError(
            _("A membership cannot go from “%(from)s” to “%(to)s”."),
            code="illegal_transition",
            params={"from": Status(from_status).label, "to": Status(to_status).label},
        )
    locked.status = to_status
    locked.save(update_fields=["status", "updated_at"])
    event = MembershipEvent.objects.create(
        company=locked, from_status=from_status, to_status=to_status, changed_by=changed_by, note=note.strip()
    )
    company.status = to_status
    _mail_on_commit(
        template="status_changed",
        context={"company": locked, "event": event, "dashboard_url": _url(base_url, "members:dashboard")},
        to=locked.admin_emails(),
        reply_to=[settings.SECRETARIAT_EMAIL],
    )
    return event


def membership_approve(*, company: Company, changed_by: User | None, note: str = "", base_url: str) -> MembershipEvent:
    """Approve an application (or take a former member back): the company becomes active."""
    return membership_change_status(
        company=company, to_status=Status.ACTIVE, changed_by=changed_by, note=note, base_url=base_url
    )


def membership_reject(*, company: Company, changed_by: User | None, note: str = "", base_url: str) -> MembershipEvent:
    """Reject an application."""
    return membership_change_status(
        company=company, to_status=Status.REJECTED, changed_by=changed_by, note=note, base_url=base_url
    )


def membership_resign(*, company: Company, changed_by: User | None, note: str = "", base_url: str) -> MembershipEvent:
    """Record that an active member has resigned."""
    return membership_change_status(
        company=company, to_status=Status.RESIGNED, changed_by=changed_by, note=note, base_url=base_url
    )


def membership_lapse(*, company: Company, changed_by: User | None, note: str = "", base_url: str) -> MembershipEvent:
    """Record that an active membership has lapsed (for example an unpaid fee)."""
    return membership_change_status(
        company=company, to_status=Status.LAPSED, changed_by=changed_by, note=note, base_url=base_url
    )


# --- colleagues ------------------------------------------------------------------------


def _lock_company(pk: int) -> None:
    """Serialise changes to one company's representatives, so two admins cannot demote each other at once."""
    Company.objects.select_for_update().get(pk=pk)


def _other_admins(representative: Representative):
    return Representative.objects.admins().filter(company_id=representative.company_id).exclude(pk=representative.pk)


@transaction.atomic
def representative_change_role(
    *, representative: Representative, role: str, changed_by: User, base_url: str
) -> Representative:
    """Give a colleague another role. A company always keeps at least one admin."""
    _lock_company(representative.company_id)
    representative = Representative.objects.select_related("user", "company").get(pk=representative.pk)
    if representative.role == role:
        return representative
    if representative.is_admin and not _other_admins(representative).exists():
        raise ValidationError(
            _("The company must have at least one main contact. Make a colleague main contact first."),
            code="last_admin",
        )
    representative.role = role
    representative.save(update_fields=["role"])
    _mail_on_commit(
        template="role_changed",
        context={
            "representative": representative,
            "changed_by": changed_by,
            "dashboard_url": _url(base_url, "members:dashboard"),
        },
        to=[representative.user.email],
    )
    return representative


@transaction.atomic
def representative_remove(*, representative: Representative, removed_by: User) -> None:
    """Remove a colleague from the company.

    Refused (ValidationError) for the last admin, and when other records protect the
    representative (for example participation in a workgroup): history is never deleted.
    """
    _lock_company(representative.company_id)
    representative = Representative.objects.select_related("user", "company").get(pk=representative.pk)
    if representative.is_admin and not _other_admins(representative).exists():
        raise ValidationError(
            _("The company must have at least one main contact. Make a colleague main contact first."),
            code="last_admin",
        )
    user, company = representative.user, representative.company
    try:
        with transaction.atomic():
            representative.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _(
                "%(name)s cannot be removed, because the company's history refers to them "
                "(for example a workgroup participation). End that first, or ask the secretariat."
            ),
            code="protected",
            params={"name": str(user)},
        ) from exc
    _mail_on_commit(
        template="removed",
        context={"user": user, "company": company, "removed_by": removed_by},
        to=[user.email],
    )


# --- invitations -----------------------------------------------------------------------


class InvitationError(Exception):
    """An invitation link that cannot be used; `code` says why (invalid, expired, used)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def invitation_token(invitation: Invitation) -> str:
    return signing.TimestampSigner(salt=_INVITATION_SALT).sign(str(invitation.pk))


def invitation_from_token(token: str) -> Invitation:
    """The pending invitation a link stands for; InvitationError when it is tampered, expired or used."""
    signer = signing.TimestampSigner(salt=_INVITATION_SALT)
    try:
        pk = signer.unsign(token, max_age=INVITATION_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise InvitationError("expired") from exc
    except signing.BadSignature as exc:
        raise InvitationError("invalid") from exc
    invitation = Invitation.objects.select_related("company", "invited_by").filter(pk=pk).first()
    if invitation is None:
        raise InvitationError("invalid")
    if invitation.is_accepted:
        raise InvitationError("used")
    return invitation


@transaction.atomic
def invitation_create(*, company: Company, email: str, role: str, invited_by: User, base_url: str) -> Invitation:
    """Invite a colleague by e-mail. A pending invitation to the same address is replaced,
    so only the newest link works."""
    Invitation.objects.pending().filter(company=company, email__iexact=email).delete()
    invitation = Invitation.objects.create(company=company, email=email, role=role, invited_by=invited_by)
    _mail_on_commit(
        template="invitation",
        context={
            "invitation": invitation,
            "accept_url": _url(base_url, "members:invitation-accept", invitation_token(invitation)),
            "days": INVITATION_MAX_AGE.days,
        },
        to=[email],
        reply_to=[invited_by.email],
    )
    return invitation


@transaction.atomic
def invitation_cancel(*, invitation: Invitation) -> None:
    """Withdraw a pending invitation: its link stops working."""
    Invitation.objects.pending().filter(pk=invitation.pk).delete()


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Representative:
    """Make `user` a representative of the inviting company, once.

    Raises InvitationError("used") when the invitation was accepted in the meantime and
    ValidationError when the signed-in user's e-mail is not the invited one.
    """
    invitation = (
        Invitation.objects.select_for_update(of=("self",)).select_related("company", "invited_by").get(pk=invitation.pk)
    )
    if invitation.is_accepted:
        raise InvitationError("used")
    if invitation.email.casefold() != user.email.casefold():
        raise ValidationError(_("This invitation was sent to another e-mail address."), code="wrong_user")
    representative, created = Representative.objects.get_or_create(
        user=user, company=invitation.company, defaults={"role": invitation.role}
    )
    if not created and invitation.role == Representative.Role.ADMIN and not representative.is_admin:
        representative.role = Representative.Role.ADMIN
        representative.save(update_fields=["role"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    if invitation.invited_by:
        _mail_on_commit(
            template="invitation_accepted",
            context={"invitation": invitation, "user": user},
            to=[invitation.invited_by.email],
        )
    return representative


@transaction.atomic
def membership_import(*, company: Company, imported_by: User | None) -> MembershipEvent:
    """Store a company from the secretariat's member list as an active member.

    The list holds companies that already are members, so no application step: the
    history records the import as the change to active. No e-mail: nobody has an account yet.
    """
    company.status = Status.ACTIVE
    company.save()
    return MembershipEvent.objects.create(
        company=company,
        from_status="",
        to_status=Status.ACTIVE,
        changed_by=imported_by,
        note=_("Imported from the secretariat's member list."),
    )


@transaction.atomic
def membership_register(*, company: Company, registered_by: User | None) -> MembershipEvent:
    """Store a company the secretariat entered by hand, as an applicant awaiting its decision."""
    company.status = Status.APPLICANT
    company.save()
    return MembershipEvent.objects.create(
        company=company, from_status="", to_status=Status.APPLICANT, changed_by=registered_by
    )
