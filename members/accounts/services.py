"""Account services: privacy consent, personal-data export and account deletion.

The export is built from a list of section functions, and the deletion from a list of
steps, so that other apps (workgroups, invekst) can add what they store about a person
without members importing them: they call `register_export_section` and
`register_deletion_step` from their AppConfig.ready(). Each names the models it `covers`
("app_label.ModelName"); tests/members/test_personal_data_registry.py walks every model
that points at a user or holds an e-mail address and fails when one is in neither list
(PERSONAL_DATA_EXCEPTIONS names the deliberate exceptions and why).
"""

from collections.abc import Callable
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Company, Invitation, MembershipEvent, PrivacyAcceptance, Representative, User

ANONYMOUS_EMAIL_DOMAIN = "anonymisert.invalid"

ExportSection = Callable[[User], tuple[str, Any]]
EXPORT_SECTIONS: list[ExportSection] = []
EXPORT_COVERS: set[str] = set()

# A deletion step gets the user (still with the old e-mail addresses) and the list of
# addresses the person used; it removes or anonymises what its app stores about them.
DeletionStep = Callable[..., None]
DELETION_STEPS: list[DeletionStep] = []
DELETION_COVERS: set[str] = set()

# Models that point at a person but are deliberately neither exported nor changed on
# deletion, and why. Keys are "app_label.ModelName".
PERSONAL_DATA_EXCEPTIONS: dict[str, str] = {
    "admin.LogEntry": "the secretariat's own audit log of admin changes (staff accounts); it points at the "
    "anonymised account",
    "invekst.AssociationProfile": "the association's published contact address, typed in by the secretariat; "
    "not tied to an account",
}
# Every simple-history table keeps `history_user` (who made a change) and copies of the
# tracked fields: the audit trail the secretariat answers from (DESIGN "Data rules"). It
# points at the anonymised account, so it names nobody once the account is deleted.
HISTORY_TABLES_REASON = "change history (who changed what): kept; it points at the anonymised account"


def register_export_section(section: ExportSection, *, covers: tuple[str, ...] = ()) -> ExportSection:
    """Add a section to the personal-data export; `covers` names the models it reads."""
    if section not in EXPORT_SECTIONS:
        EXPORT_SECTIONS.append(section)
    EXPORT_COVERS.update(covers)
    return section


def register_deletion_step(step: DeletionStep, *, covers: tuple[str, ...] = ()) -> DeletionStep:
    """Add a step to account deletion; `covers` names the models it removes or anonymises."""
    if step not in DELETION_STEPS:
        DELETION_STEPS.append(step)
    DELETION_COVERS.update(covers)
    return step


def exports(*covers: str):
    """Decorator form of register_export_section."""
    return lambda section: register_export_section(section, covers=covers)


def deletes(*covers: str):
    """Decorator form of register_deletion_step."""
    return lambda step: register_deletion_step(step, covers=covers)


def iso(value) -> str | None:
    """A date or time as ISO 8601 for the export (None stays None)."""
    return value.isoformat() if value else None


@exports("members.User")
def _user_section(user: User) -> tuple[str, Any]:
    return "user", {
        "email": user.email,
        "name": user.name,
        "phone": user.phone,
        "show_email": user.show_email,
        "date_joined": iso(user.date_joined),
        "last_login": iso(user.last_login),
    }


@exports("account.EmailAddress")
def _email_section(user: User) -> tuple[str, Any]:
    addresses = EmailAddress.objects.filter(user=user).order_by("email")
    return "email_addresses", [
        {"email": address.email, "verified": address.verified, "primary": address.primary} for address in addresses
    ]


@exports("members.PrivacyAcceptance")
def _privacy_section(user: User) -> tuple[str, Any]:
    acceptances = PrivacyAcceptance.objects.filter(user=user).order_by("accepted_at")
    return "privacy_acceptances", [
        {"version": acceptance.version, "accepted_at": iso(acceptance.accepted_at)} for acceptance in acceptances
    ]


@exports("members.Representative")
def _representation_section(user: User) -> tuple[str, Any]:
    representations = Representative.objects.filter(user=user).select_related("company").order_by("created_at")
    return "representations", [
        {
            "company": {
                "name": representation.company.name,
                "orgnr": representation.company.orgnr,
                "status": representation.company.status,
            },
            "role": representation.role,
            "title": representation.title,
            "added": iso(representation.created_at),
        }
        for representation in representations
    ]


@exports("mfa.Authenticator")
def _mfa_section(user: User) -> tuple[str, Any]:
    # The type and dates only: secrets and recovery codes never leave the database.
    authenticators = Authenticator.objects.filter(user=user).order_by("created_at")
    return "two_factor_authenticators", [
        {
            "type": authenticator.type,
            "created_at": iso(authenticator.created_at),
            "last_used_at": iso(authenticator.last_used_at),
        }
        for authenticator in authenticators
    ]


@exports("members.Invitation")
def _invitation_section(user: User) -> tuple[str, Any]:
    def row(invitation: Invitation) -> dict[str, Any]:
        return {
            "company": invitation.company.name,
            "email": invitation.email,
            "role": invitation.role,
            "sent": iso(invitation.created_at),
            "accepted": iso(invitation.accepted_at),
        }

    sent = Invitation.objects.filter(invited_by=user).select_related("company").order_by("created_at")
    received = (
        Invitation.objects.filter(models.Q(accepted_by=user) | email_matches("email", user_emails(user)))
        .select_related("company")
        .order_by("created_at")
    )
    return "invitations", {"sent": [row(i) for i in sent], "received": [row(i) for i in received]}


@exports("members.MembershipEvent")
def _membership_event_section(user: User) -> tuple[str, Any]:
    events = MembershipEvent.objects.filter(changed_by=user).select_related("company").order_by("changed_at")
    return "membership_changes_made", [
        {
            "company": event.company.name,
            "from_status": event.from_status,
            "to_status": event.to_status,
            "changed_at": iso(event.changed_at),
            "note": event.note,
        }
        for event in events
    ]


def user_emails(user: User) -> list[str]:
    """Every address the person signs in with or has added, lower-cased."""
    addresses = {user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    return sorted({address.lower() for address in addresses if address})


def email_matches(field: str, emails: list[str]) -> models.Q:
    """Rows whose `field` is one of `emails`, whatever the letter case (a Q that matches nothing for no address)."""
    condition = models.Q(pk__in=[])
    for email in emails:
        condition |= models.Q(**{f"{field}__iexact": email})
    return condition


def personal_data_export(*, user: User) -> dict[str, Any]:
    """Everything the portal stores about `user`, one key per registered section."""
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "privacy_statement_version": settings.PRIVACY_STATEMENT_VERSION,
    }
    for section in EXPORT_SECTIONS:
        key, value = section(user)
        data[key] = value
    return data


@transaction.atomic
def privacy_acceptance_record(*, user: User, version: str | None = None) -> PrivacyAcceptance:
    """Store that `user` accepted the privacy statement (the current version unless given)."""
    acceptance = PrivacyAcceptance(user=user, version=version or settings.PRIVACY_STATEMENT_VERSION)
    acceptance.full_clean(exclude=["user"])
    acceptance.save()
    return acceptance


class AccountDeletionRefused(Exception):
    """The account cannot be deleted yet; `companies` says which companies need another admin."""

    def __init__(self, companies: list[Company]):
        self.companies = companies
        names = ", ".join(company.name for company in companies)
        super().__init__(_("You are the only main contact of %(companies)s.") % {"companies": names})


def companies_blocking_deletion(user: User) -> list[Company]:
    """Active companies where `user` is the only active admin (hovedkontakt)."""
    admin_of = Company.objects.active().filter(
        representatives__user=user, representatives__role=Representative.Role.ADMIN
    )
    # A correlated NOT EXISTS reads only these companies' admins (an index lookup each),
    # where "pk NOT IN (all other admins)" read every admin of every company.
    other_admins = (
        Representative.objects.admins().filter(company=OuterRef("pk"), user__is_active=True).exclude(user=user)
    )
    return list(admin_of.exclude(Exists(other_admins)).order_by("name"))


def anonymous_email(user: User) -> str:
    """A unique address on a reserved domain (RFC 2606) that can never receive mail."""
    return f"slettet-{user.pk}@{ANONYMOUS_EMAIL_DOMAIN}"


@deletes("members.Invitation")
def _delete_invitations(*, user: User, emails: list[str]) -> None:
    # Waiting invitations to the person are withdrawn; used ones keep the row (the company's
    # history of who joined) without the address.
    Invitation.objects.pending().filter(email_matches("email", emails)).delete()
    Invitation.objects.filter(models.Q(accepted_by=user) | email_matches("email", emails)).update(
        email=anonymous_email(user)
    )


@deletes("members.Representative")
def _delete_representations(*, user: User, emails: list[str]) -> None:
    # The rows stay (workgroup participations and history point at them), but a deleted
    # person is nobody's main contact any more: RepresentativeQuerySet.current() and admins()
    # leave inactive accounts out, and the role goes back to member.
    for representative in Representative.objects.filter(user=user, role=Representative.Role.ADMIN):
        representative.role = Representative.Role.MEMBER
        representative.save(update_fields=["role"])


@deletes("account.EmailAddress", "mfa.Authenticator", "members.User")
def _delete_login(*, user: User, emails: list[str]) -> None:
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()


@deletes("members.PrivacyAcceptance", "members.MembershipEvent")
def _keep_proof(*, user: User, emails: list[str]) -> None:
    """Kept as they are: the proof of consent and the decisions the person made.

    Both point at the anonymised account and name nobody once it is anonymised.
    """


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Anonymise `user` instead of deleting the row, so company history stays intact.

    Every registered deletion step runs first (workgroup participations end, invitations
    to the person are withdrawn, contact messages lose the sender, …). Representative rows
    and privacy acceptances are kept (they point at the anonymised user). E-mail addresses
    and second factors are removed, the password is made unusable and the account
    deactivated; changing the password hash also ends every other session of the user,
    since Django verifies that hash on each request.

    Raises AccountDeletionRefused while the user is the only admin of an active company.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    blocking = companies_blocking_deletion(user)
    if blocking:
        raise AccountDeletionRefused(blocking)
    emails = user_emails(user)
    for step in DELETION_STEPS:
        step(user=user, emails=emails)
    user.groups.clear()
    user.user_permissions.clear()
    user.email = anonymous_email(user)
    user.name = ""
    user.phone = ""
    user.show_email = False
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
