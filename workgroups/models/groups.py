"""Workgroups, the competence they need, and companies' commitments with their participants."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import Company, Representative


class WorkgroupQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Workgroup.Status.ACTIVE)

    def with_totals(self):
        """Annotate companies, people and hours over active commitments, in the same single query.

        Subqueries rather than joins: joining commitments and participants at once would
        multiply the hours by the number of participants.
        """
        active = Commitment.objects.active().filter(workgroup=OuterRef("pk"))
        companies = active.order_by().values("workgroup").annotate(n=Count("company", distinct=True)).values("n")
        hours = active.order_by().values("workgroup").annotate(n=Sum("hours_per_year")).values("n")
        people = (
            Participant.objects.active()
            .filter(commitment__workgroup=OuterRef("pk"))
            .order_by()
            .values("commitment__workgroup")
            .annotate(n=Count("representative__user", distinct=True))
            .values("n")
        )
        return self.annotate(
            company_count=Coalesce(Subquery(companies), Value(0)),
            people_count=Coalesce(Subquery(people), Value(0)),
            hours_total=Coalesce(Subquery(hours), Value(0)),
        )


class Competence(models.Model):
    """A kind of specialised competence, from the secretariat's list."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        ordering = ("order", "name")

    def __str__(self) -> str:
        return self.name


class Workgroup(models.Model):
    """A workgroup to which member companies commit people and competence."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        CLOSED = "closed", _("closed")

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True, help_text=_("One sentence for lists."))
    mandate = models.TextField(_("mandate"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.ACTIVE)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    needed_competences = models.ManyToManyField(
        Competence,
        through="CompetenceNeed",
        related_name="needed_by",
        verbose_name=_("needed competences"),
        blank=True,
    )

    objects = WorkgroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("workgroup")
        verbose_name_plural = _("workgroups")
        ordering = ("order", "name")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("workgroups:detail", args=[self.slug])

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class CompetenceNeed(models.Model):
    """A competence a workgroup needs, with an optional note from the secretariat."""

    workgroup = models.ForeignKey(
        Workgroup, on_delete=models.CASCADE, related_name="competence_needs", verbose_name=_("workgroup")
    )
    competence = models.ForeignKey(
        Competence, on_delete=models.PROTECT, related_name="needs", verbose_name=_("competence")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("needed competence")
        verbose_name_plural = _("needed competences")
        ordering = ("competence__order", "competence__name")
        constraints = [
            models.UniqueConstraint(fields=("workgroup", "competence"), name="workgroups_competenceneed_unique")
        ]

    def __str__(self) -> str:
        return f"{self.workgroup}: {self.competence}"


class CommitmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(end_date__isnull=True)

    def ended(self):
        return self.filter(end_date__isnull=False)

    def for_company(self, company):
        return self.filter(company=company)

    def valid(self):
        """Active commitments to an active workgroup with at least one active participant."""
        return self.active().filter(
            Exists(Participant.objects.active().filter(commitment=OuterRef("pk"))),
            workgroup__status=Workgroup.Status.ACTIVE,
        )

    def with_people(self):
        return self.annotate(
            people_count=Count(
                "participants",
                filter=Q(participants__left_at__isnull=True, participants__representative__user__is_active=True),
            )
        )


def companies_without_valid_commitment():
    """Active member companies that do not meet their obligation to a workgroup."""
    return Company.objects.active().exclude(Exists(Commitment.objects.valid().filter(company=OuterRef("pk"))))


class Commitment(models.Model):
    """A company's pledge of people, competence and hours to a workgroup for a period."""

    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("company")
    )
    workgroup = models.ForeignKey(
        Workgroup, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("workgroup")
    )
    start_date = models.DateField(_("start date"), default=timezone.localdate)
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Empty while the commitment is active.")
    )
    hours_per_year = models.PositiveIntegerField(
        _("hours per year"), help_text=_("Hours the company sets aside for the workgroup each year, in total.")
    )
    competences = models.ManyToManyField(
        Competence, related_name="commitments", verbose_name=_("competences offered"), blank=True
    )
    competence_note = models.TextField(
        _("other competence"), blank=True, max_length=2000, help_text=_("Competence the list does not cover.")
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CommitmentQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ("-start_date", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=("company", "workgroup"),
                condition=Q(end_date__isnull=True),
                name="workgroups_commitment_one_active",
                violation_error_message=_("The company already has an active commitment to this workgroup."),
            ),
            models.CheckConstraint(
                condition=Q(hours_per_year__gte=0),
                name="workgroups_commitment_hours_not_negative",
                violation_error_message=_("Hours cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="workgroups_commitment_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} → {self.workgroup}"

    def get_absolute_url(self) -> str:
        return reverse("workgroups-member:commitment", args=[self.pk])

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
        if self.hours_per_year is not None and self.hours_per_year < 0:
            raise ValidationError({"hours_per_year": _("Hours cannot be negative.")})

    @property
    def is_active(self) -> bool:
        return self.end_date is None


class ParticipantQuerySet(models.QuerySet):
    def active(self):
        """People taking part today: not left, in a commitment that has not ended, with a live account.

        A deleted account's participations are ended when it is deleted; the account check
        also keeps any older one out of every count, roster and "obligation met".
        """
        return self.filter(
            left_at__isnull=True, commitment__end_date__isnull=True, representative__user__is_active=True
        )

    def roster(self, workgroup):
        return (
            self.active()
            .filter(commitment__workgroup=workgroup)
            .select_related("representative__user", "representative__company")
            .order_by("representative__company__name", "role", "representative__user__name")
        )


class Participant(models.Model):
    """A representative taking part in a workgroup through the company's commitment."""

    class Role(models.TextChoices):
        MEMBER = "member", _("member")
        CHAIR = "chair", _("chair")
        SECRETARY = "secretary", _("secretary")

    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, related_name="participants", verbose_name=_("commitment")
    )
    representative = models.ForeignKey(
        Representative, on_delete=models.PROTECT, related_name="participations", verbose_name=_("person")
    )
    role = models.CharField(
        _("role"),
        max_length=10,
        choices=Role,
        default=Role.MEMBER,
        help_text=_("Chair and secretary are assigned by the secretariat."),
    )
    competence = models.CharField(_("competence"), max_length=200, blank=True)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    objects = ParticipantQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ("commitment", "joined_at")
        constraints = [
            models.UniqueConstraint(
                fields=("commitment", "representative"),
                condition=Q(left_at__isnull=True),
                name="workgroups_participant_one_active",
                violation_error_message=_("This person already takes part in the commitment."),
            ),
            models.CheckConstraint(
                condition=Q(left_at__isnull=True) | Q(left_at__gte=models.F("joined_at")),
                name="workgroups_participant_left_after_joined",
                violation_error_message=_("A participant cannot leave before joining."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.representative.user} ({self.commitment.workgroup})"

    def clean(self):
        if (
            self.commitment_id
            and self.representative_id
            and self.representative.company_id != self.commitment.company_id
        ):
            raise ValidationError({"representative": _("Only people from the committing company can take part.")})
        if self.left_at and self.joined_at and self.left_at < self.joined_at:
            raise ValidationError({"left_at": _("A participant cannot leave before joining.")})

    @property
    def is_active(self) -> bool:
        return self.left_at is None


class CommitmentReminder(models.Model):
    """A reminder mailed to a company without a valid commitment; at most one per ISO week."""

    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="commitment_reminders", verbose_name=_("company")
    )
    week = models.CharField(_("ISO week"), max_length=8, help_text=_("Like 2026-W48."))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    recipients = models.TextField(_("recipients"), blank=True)

    class Meta:
        verbose_name = _("commitment reminder")
        verbose_name_plural = _("commitment reminders")
        ordering = ("-sent_at",)
        constraints = [
            models.UniqueConstraint(fields=("company", "week"), name="workgroups_commitmentreminder_once_a_week")
        ]

    def __str__(self) -> str:
        return f"{self.company} {self.week}"


class CoverageRow:
    """One competence in a workgroup: needed or not, and how many companies offer it."""

    __slots__ = ("name", "needed", "note", "offered_by", "sort_key")

    def __init__(self, *, name: str, needed: bool, note: str = "", offered_by: int = 0, order: int = 0):
        self.name = name
        self.needed = needed
        self.note = note
        self.offered_by = offered_by
        self.sort_key = (not needed, order, name)

    @property
    def is_gap(self) -> bool:
        return self.needed and self.offered_by == 0


def competence_coverage(workgroup_ids) -> dict[int, list[CoverageRow]]:
    """Needed versus offered competence per workgroup, in two queries whatever the size.

    Needed competences come first (gaps are the needed ones nobody offers), then what is
    offered beyond the need. Offers count only active commitments.
    """
    ids = list(workgroup_ids)
    rows: dict[int, dict[int, CoverageRow]] = {pk: {} for pk in ids}
    for need in CompetenceNeed.objects.filter(workgroup_id__in=ids).select_related("competence"):
        rows[need.workgroup_id][need.competence_id] = CoverageRow(
            name=need.competence.name, needed=True, note=need.note, order=need.competence.order
        )
    offers = (
        Commitment.competences.through.objects.filter(
            commitment__end_date__isnull=True, commitment__workgroup_id__in=ids
        )
        .values("commitment__workgroup_id", "competence_id", "competence__name", "competence__order")
        .annotate(companies=Count("commitment__company", distinct=True))
        .order_by()
    )
    for offer in offers:
        by_competence = rows[offer["commitment__workgroup_id"]]
        row = by_competence.get(offer["competence_id"])
        if row is None:
            row = by_competence[offer["competence_id"]] = CoverageRow(
                name=offer["competence__name"], needed=False, order=offer["competence__order"]
            )
        row.offered_by = offer["companies"]
    return {pk: sorted(by_competence.values(), key=lambda row: row.sort_key) for pk, by_competence in rows.items()}
