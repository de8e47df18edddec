from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.no import orgnr as stdnum_orgnr


def validate_orgnr(value: str) -> None:
    """Nine digits with a valid MOD11 check digit."""
    try:
        stdnum_orgnr.validate(value)
    except StdnumValidationError as exc:
        if isinstance(exc, InvalidChecksum):
            raise ValidationError(
                _("%(value)s has a wrong check digit. Check the organisation number in Brønnøysundregistrene."),
                code="orgnr_checksum",
                params={"value": value},
            ) from exc
        raise ValidationError(_("An organisation number has exactly nine digits."), code="orgnr_format") from exc


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("The e-mail address must be set")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in with an e-mail address."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    show_email = models.BooleanField(
        _("show my e-mail address to my workgroup"),
        default=False,
        help_text=_("Other participants in my workgroups can see my e-mail address."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ("email",)

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name or self.email


class CompanyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Company.Status.ACTIVE)

    def listed(self):
        """Active members that allow the public member list to show them."""
        return self.active().filter(show_in_directory=True)


class Company(models.Model):
    """A member company (or an applicant), identified by its organisasjonsnummer."""

    class Status(models.TextChoices):
        APPLICANT = "applicant", _("applicant")
        ACTIVE = "active", _("active member")
        REJECTED = "rejected", _("rejected")
        RESIGNED = "resigned", _("resigned")
        LAPSED = "lapsed", _("lapsed")

    orgnr = models.CharField(
        _("organisation number"),
        max_length=9,
        unique=True,
        validators=[validate_orgnr],
        help_text=_("Nine digits, as in Brønnøysundregistrene."),
    )
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.APPLICANT)
    visiting_address = models.CharField(_("visiting address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    postal_place = models.CharField(_("postal place"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        "plans.Municipality",
        on_delete=models.PROTECT,
        related_name="companies",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
    )
    industry_code = models.CharField(_("industry code (NACE)"), max_length=10, blank=True)
    industry = models.CharField(_("industry"), max_length=200, blank=True)
    employees = models.PositiveIntegerField(_("number of employees"), null=True, blank=True)
    website = models.URLField(_("website"), max_length=200, blank=True)
    motivation = models.TextField(_("why join, and what can you contribute"), blank=True, max_length=4000)
    show_in_directory = models.BooleanField(_("show in the public member list"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CompanyQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ("name",)
        indexes = [models.Index(fields=["status", "name"], name="members_company_status_name")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(orgnr__regex=r"^[0-9]{9}$"), name="members_company_orgnr_nine_digits"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def admin_emails(self) -> list[str]:
        """The main contacts' addresses: where mail about the company goes."""
        return list(self.representatives.admins().order_by("user__email").values_list("user__email", flat=True))


class RepresentativeQuerySet(models.QuerySet):
    def current(self):
        """People who represent the company today: a deleted (anonymised) or deactivated account
        keeps its row for the history it carries, but no longer counts, gets mail or holds a role."""
        return self.filter(user__is_active=True)

    def admins(self):
        """The company's main contacts today."""
        return self.current().filter(role=Representative.Role.ADMIN)


class Representative(models.Model):
    """A user acting for a company: the company's admin (hovedkontakt) or a member."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("main contact (admin)")
        MEMBER = "member", _("member")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="representations", verbose_name=_("user")
    )
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="representatives", verbose_name=_("company")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.MEMBER)
    title = models.CharField(_("job title"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = RepresentativeQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ("company", "user__email")
        constraints = [
            models.UniqueConstraint(fields=("user", "company"), name="members_representative_user_company_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.company})"

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN


class PrivacyAcceptance(models.Model):
    """Proof that a user accepted a version of the privacy statement, and when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="privacy_acceptances",
        verbose_name=_("user"),
    )
    version = models.CharField(_("privacy statement version"), max_length=20)
    accepted_at = models.DateTimeField(_("accepted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("privacy statement acceptance")
        verbose_name_plural = _("privacy statement acceptances")
        ordering = ("user", "-accepted_at")
        constraints = [
            models.CheckConstraint(condition=~models.Q(version=""), name="members_privacyacceptance_version_not_empty")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.version})"

    def clean(self) -> None:
        if not self.version:
            raise ValidationError({"version": _("The accepted version of the privacy statement is missing.")})


class MembershipEvent(models.Model):
    """One change of a company's membership status: who changed it, when and why.

    Rows are written only by members.services and never edited: they are the history
    the secretariat answers from.
    """

    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="membership_events", verbose_name=_("company")
    )
    from_status = models.CharField(
        _("from status"),
        max_length=20,
        choices=Company.Status,
        blank=True,
        help_text=_("Empty for the application itself."),
    )
    to_status = models.CharField(_("to status"), max_length=20, choices=Company.Status)
    # PROTECT, not SET_NULL: history must keep who decided. Accounts are anonymised, never
    # deleted (DESIGN "Data rules"), so PROTECT only stops an accidental hard delete.
    # Nullable for changes nobody made by hand (a scheduled lapse, a data import).
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="membership_events",
        verbose_name=_("changed by"),
        null=True,
        blank=True,
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True, db_index=True)
    note = models.TextField(_("note"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("membership event")
        verbose_name_plural = _("membership events")
        ordering = ("-changed_at", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_status=models.F("to_status")),
                name="members_membershipevent_status_changes",
            )
        ]

    def __str__(self) -> str:
        before = self.get_from_status_display() if self.from_status else "–"
        return f"{self.company}: {before} → {self.get_to_status_display()}"

    def clean(self):
        super().clean()
        if self.from_status == self.to_status:
            raise ValidationError(_("A membership event must change the status."), code="status_unchanged")


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True)


class Invitation(models.Model):
    """An invitation, sent by a company admin, for a colleague to represent the company.

    The link carries a signed, timestamped invitation id (see members.services); the row
    records whether and by whom it was used, so a link works once.
    """

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("company")
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=10, choices=Representative.Role, default=Representative.Role.MEMBER)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="invitations_sent",
        verbose_name=_("invited by"),
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="invitations_accepted",
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ("-created_at", "-pk")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "company",
                condition=models.Q(accepted_at__isnull=True),
                name="members_invitation_one_pending_per_email",
            ),
            models.CheckConstraint(
                condition=models.Q(accepted_by__isnull=True) | models.Q(accepted_at__isnull=False),
                name="members_invitation_accepted_by_needs_accepted_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.company})"

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None

    def clean(self):
        super().clean()
        if self.accepted_by_id and self.accepted_at is None:
            raise ValidationError(
                {"accepted_at": _("An accepted invitation needs the time it was accepted.")}, code="accepted_at_missing"
            )
