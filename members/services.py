"""Writes of the members app: applications, the membership lifecycle, colleagues and invitations.

Every function is keyword-only and atomic; mail leaves only after the transaction commits.
`base_url` ("https://invekst.no") is the site's address for links in e-mails; views pass
`request.build_absolute_uri("/")`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.no import orgnr as stdnum_orgnr

from core.mail import mail_on_commit
from members.models import Company, Invitation, MembershipEvent, Representative, User

Status = Company.Status

# The lifecycle: which status may follow which, by the secretariat's decisions. Everything
# else is refused. Applying again is not among them: membership_apply reopens a company in
# REAPPLY_FROM as an applicant on the same row, so its history stays in one place.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.APPLICANT: frozenset({Status.ACTIVE, Status.REJECTED}),
    Status.ACTIVE: frozenset({Status.RESIGNED, Status.LAPSED}),
    Status.REJECTED: frozenset({Status.ACTIVE}),
    Status.RESIGNED: frozenset({Status.ACTIVE}),
    Status.LAPSED: frozenset({Status.ACTIVE}),
}
# Statuses from which the company's own people may apply again.
REAPPLY_FROM = frozenset({Status.REJECTED, Status.RESIGNED, Status.LAPSED})

# Run when an active membership ends (resigned or lapsed), inside the same transaction:
# hook(company=..., ended_by=...) -> how many things it ended. Apps above members register
# here from AppConfig.ready() (workgroups ends the company's active commitments).
MembershipEndedHook = Callable[..., int]
MEMBERSHIP_ENDED_HOOKS: list[MembershipEndedHook] = []


def register_membership_ended(hook: MembershipEndedHook) -> MembershipEndedHook:
    if hook not in MEMBERSHIP_ENDED_HOOKS:
        MEMBERSHIP_ENDED_HOOKS.append(hook)
    return hook


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

    `company` is an unsaved, validated Company (from the application form). A company that
    was rejected or has left (REAPPLY_FROM) comes as its own row with the new details
    (`reapplying_company`): it goes back to applicant, the applicant becomes its admin, and
    the change is recorded next to its earlier history. The secretariat is told, and the applicant gets a
    confirmation, once it is committed.
    """
    if company.pk is not None:
        from_status = Company.objects.select_for_update().get(pk=company.pk).status
        if from_status not in REAPPLY_FROM:
            raise ValidationError(
                _("This organisation number is already registered with INVEKST."), code="already_registered"
            )
        company.status = Status.APPLICANT
        company.save()
        representative, _created = Representative.objects.get_or_create(
            user=applicant, company=company, defaults={"role": Representative.Role.ADMIN}
        )
        if not representative.is_admin:
            representative.role = Representative.Role.ADMIN
            representative.save(update_fields=["role"])
        MembershipEvent.objects.create(
            company=company,
            from_status=from_status,
            to_status=Status.APPLICANT,
            changed_by=applicant,
            note=_("Applied again."),
        )
    else:
        company.status = Status.APPLICANT
        company.save()
        Representative.objects.create(user=applicant, company=company, role=Representative.Role.ADMIN)
        MembershipEvent.objects.create(
            company=company, from_status="", to_status=Status.APPLICANT, changed_by=applicant
        )
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
    ended = 0
    if from_status == Status.ACTIVE:
        for hook in MEMBERSHIP_ENDED_HOOKS:
            ended += hook(company=locked, ended_by=changed_by)
    _mail_on_commit(
        template="status_changed",
        context={
            "company": locked,
            "event": event,
            "commitments_ended": ended,
            "dashboard_url": _url(base_url, "members:dashboard"),
        },
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


def _valid_orgnr(orgnr: str) -> str | None:
    """`orgnr` compacted when it is a valid organisation number; raw form input never reaches a query."""
    compact = stdnum_orgnr.compact(orgnr or "")
    return compact if stdnum_orgnr.is_valid(compact) else None


def reapplying_company(orgnr: str) -> Company | None:
    """The company an application for `orgnr` reopens: one that was rejected or has left."""
    if (number := _valid_orgnr(orgnr)) is None:
        return None
    return Company.objects.filter(orgnr=number, status__in=REAPPLY_FROM).first()


def company_without_main_contact(orgnr: str) -> Company | None:
    """An active member with nobody as main contact (imported from the member list, or its admins left)."""
    number = _valid_orgnr(orgnr)
    company = Company.objects.active().filter(orgnr=number).first() if number else None
    if company is None or company.representatives.admins().exists():
        return None
    return company


def main_contact_request(*, company: Company, user: User, base_url: str) -> None:
    """Ask the secretariat to make `user` the main contact of a member that has none.

    An e-mail to the secretariat with a link to the company's admin page, where the
    invitation form is filled in with the person's address; nothing is stored until the
    secretariat sends that invitation. Raises ValidationError when the company has a main
    contact after all (then that person invites colleagues).
    """
    if company_without_main_contact(company.orgnr) is None:
        raise ValidationError(
            _("%(company)s has a main contact. Ask them to invite you as a colleague.") % {"company": company.name},
            code="has_main_contact",
        )
    invite_url = (
        _url(base_url, "admin:members_company_main_contact", company.pk) + "?" + urlencode({"email": user.email})
    )
    _mail_on_commit(
        template="main_contact_request",
        context={"company": company, "user": user, "invite_url": invite_url},
        to=[settings.SECRETARIAT_EMAIL],
        reply_to=[user.email],
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
    if not representative.user.is_active:
        raise ValidationError(_("This account has been deleted; it cannot have a role."), code="inactive_user")
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


NOT_ACTIVE_INVITATIONS = gettext_lazy(
    "Colleagues can be invited once the secretariat has approved the membership and the company is an active member."
)


@transaction.atomic
def invitation_create(*, company: Company, email: str, role: str, invited_by: User, base_url: str) -> Invitation:
    """Invite a colleague by e-mail. A pending invitation to the same address is replaced,
    so only the newest link works. Only an active member company invites (ValidationError
    otherwise): an applicant's people wait for the secretariat's decision."""
    company = Company.objects.select_for_update().get(pk=company.pk)
    if not company.is_active:
        raise ValidationError(NOT_ACTIVE_INVITATIONS, code="not_active")
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
