"""Account services: privacy consent, personal-data export and account deletion.

The export is built from a list of section functions so that other apps (workgroups,
for instance) can add what they store about a person without members importing them:
they call `register_export_section` from their AppConfig.ready().
"""

from collections.abc import Callable
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Company, PrivacyAcceptance, Representative, User

ANONYMOUS_EMAIL_DOMAIN = "anonymisert.invalid"

ExportSection = Callable[[User], tuple[str, Any]]
EXPORT_SECTIONS: list[ExportSection] = []


def register_export_section(section: ExportSection) -> ExportSection:
    """Add a section to the personal-data export; usable as a decorator."""
    if section not in EXPORT_SECTIONS:
        EXPORT_SECTIONS.append(section)
    return section


def _iso(value) -> str | None:
    return value.isoformat() if value else None


@register_export_section
def _user_section(user: User) -> tuple[str, Any]:
    return "user", {
        "email": user.email,
        "name": user.name,
        "phone": user.phone,
        "show_email": user.show_email,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
    }


@register_export_section
def _email_section(user: User) -> tuple[str, Any]:
    addresses = EmailAddress.objects.filter(user=user).order_by("email")
    return "email_addresses", [
        {"email": address.email, "verified": address.verified, "primary": address.primary} for address in addresses
    ]


@register_export_section
def _privacy_section(user: User) -> tuple[str, Any]:
    acceptances = PrivacyAcceptance.objects.filter(user=user).order_by("accepted_at")
    return "privacy_acceptances", [
        {"version": acceptance.version, "accepted_at": _iso(acceptance.accepted_at)} for acceptance in acceptances
    ]


@register_export_section
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
            "added": _iso(representation.created_at),
        }
        for representation in representations
    ]


@register_export_section
def _mfa_section(user: User) -> tuple[str, Any]:
    # The type and dates only: secrets and recovery codes never leave the database.
    authenticators = Authenticator.objects.filter(user=user).order_by("created_at")
    return "two_factor_authenticators", [
        {
            "type": authenticator.type,
            "created_at": _iso(authenticator.created_at),
            "last_used_at": _iso(authenticator.last_used_at),
        }
        for authenticator in authenticators
    ]


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


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Anonymise `user` instead of deleting the row, so company history stays intact.

    Representative rows and privacy acceptances are kept (they point at the anonymised
    user). E-mail addresses and second factors are removed, the password is made
    unusable and the account deactivated; changing the password hash also ends every
    other session of the user, since Django verifies that hash on each request.

    Raises AccountDeletionRefused while the user is the only admin of an active company.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    blocking = companies_blocking_deletion(user)
    if blocking:
        raise AccountDeletionRefused(blocking)
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
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
