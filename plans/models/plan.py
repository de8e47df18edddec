"""The region and the plan: municipalities, the strategic plan, its targets and their rules."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Municipality(models.Model):
    """A municipality (kommune), identified by its four-digit SSB number."""

    number = models.CharField(_("municipality number"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100)
    former_number = models.CharField(
        _("number before 2020"), max_length=4, blank=True, help_text=_("The number used before the 2020 reform.")
    )
    in_region = models.BooleanField(
        _("part of Gjøvikregionen"), default=False, help_text=_("Counted in the region's figures.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ("order", "name")

    def __str__(self) -> str:
        return f"{self.name} ({self.number})"


class StrategicPlanQuerySet(models.QuerySet):
    def current(self):
        """The plan the public pages show: the newest one."""
        return self.order_by("-period_start").first()


class StrategicPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("under work")
        ADOPTED = "adopted", _("adopted")
        EXPIRED = "expired", _("expired")

    title = models.CharField(_("title"), max_length=200)
    period_start = models.PositiveSmallIntegerField(_("first year"))
    period_end = models.PositiveSmallIntegerField(_("last year"))
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    vision = models.CharField(_("vision"), max_length=300)
    summary = models.TextField(_("summary"), blank=True, help_text=_("What the plan is sharpened towards."))
    scope_note = models.TextField(
        _("scope and adoption"),
        blank=True,
        help_text=_("What the plan does not replace, and who must adopt it."),
    )

    objects = StrategicPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("strategic plan")
        verbose_name_plural = _("strategic plans")
        ordering = ("-period_start",)
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="plans_strategicplan_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title


class FocusArea(models.Model):
    plan = models.ForeignKey(
        StrategicPlan, on_delete=models.CASCADE, related_name="focus_areas", verbose_name=_("plan")
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        ordering = ("plan", "order", "name")

    def __str__(self) -> str:
        return self.name


class Target(models.Model):
    """One of the plan's 2025 targets, worded exactly as the plan words it."""

    plan = models.ForeignKey(StrategicPlan, on_delete=models.CASCADE, related_name="targets", verbose_name=_("plan"))
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("short title"), max_length=120)
    wording = models.TextField(_("wording"), help_text=_("The target exactly as the plan states it."))
    target_year = models.PositiveSmallIntegerField(_("target year"), default=2025)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ("plan", "order", "pk")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:target", args=[self.slug])


class TargetRule(models.Model):
    """One measurable part of a target; a target with several rules is met only when all are."""

    class Rule(models.TextChoices):
        RELATIVE_GROWTH = "relative_growth", _("growth in per cent (region)")
        ABSOLUTE_GROWTH = "absolute_growth", _("growth in number (region)")
        NO_DECLINE = "no_decline", _("no municipality declines")
        ANNUAL_GROWTH = "annual_growth", _("annual growth in per cent (region)")
        POINT_CHANGE = "point_change", _("change in percentage points (region)")
        MILESTONES = "milestones", _("infrastructure projects adopted and started")
        UNMEASURED = "unmeasured", _("not measured yet")

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="rules", verbose_name=_("target"))
    indicator = models.ForeignKey(
        "Indicator",
        on_delete=models.PROTECT,
        related_name="rules",
        null=True,
        blank=True,
        verbose_name=_("indicator"),
        help_text=_("Leave empty for infrastructure projects."),
    )
    part = models.CharField(
        _("part of the target"),
        max_length=200,
        blank=True,
        help_text=_("The words of the target this rule measures, e.g. «ingen kommune med nedgang»."),
    )
    rule = models.CharField(_("rule"), max_length=30, choices=Rule)
    value = models.DecimalField(
        _("value"),
        max_digits=12,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("1 for +1 %, 700 for +700, 0.5 for 0.5 % a year, 1 for +1 percentage point."),
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"), null=True, blank=True, help_text=_("The year progress is measured from.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target rule")
        verbose_name_plural = _("target rules")
        ordering = ("target", "order", "pk")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rule__in=["milestones", "unmeasured"])
                | (models.Q(indicator__isnull=False) & models.Q(baseline_year__isnull=False)),
                name="plans_targetrule_measured_rule_complete",
            ),
            models.CheckConstraint(
                condition=models.Q(rule__in=["milestones", "no_decline", "unmeasured"]) | models.Q(value__isnull=False),
                name="plans_targetrule_value_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target}: {self.get_rule_display()}"

    def clean(self):
        super().clean()
        errors = {}
        if self.rule not in (self.Rule.MILESTONES, self.Rule.UNMEASURED):
            if self.indicator_id is None:
                errors["indicator"] = _("This rule is measured by an indicator: choose one.")
            if self.baseline_year is None:
                errors["baseline_year"] = _("This rule is measured from a baseline year: enter it.")
        if self.rule not in (self.Rule.MILESTONES, self.Rule.NO_DECLINE, self.Rule.UNMEASURED) and self.value is None:
            errors["value"] = _("This rule needs a value.")
        if errors:
            raise ValidationError(errors)


class CouncilAdoption(models.Model):
    """Whether a municipal council (kommunestyre) has adopted the plan."""

    plan = models.ForeignKey(StrategicPlan, on_delete=models.CASCADE, related_name="adoptions", verbose_name=_("plan"))
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="adoptions", verbose_name=_("municipality")
    )
    adopted = models.BooleanField(_("adopted"), default=False)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    case_reference = models.CharField(
        _("case reference"), max_length=100, blank=True, help_text=_("The council's case number, e.g. 23/1234.")
    )

    class Meta:
        verbose_name = _("council adoption")
        verbose_name_plural = _("council adoptions")
        ordering = ("plan", "municipality__order")
        constraints = [
            models.UniqueConstraint(fields=("plan", "municipality"), name="plans_counciladoption_one_per_council"),
            models.CheckConstraint(
                condition=models.Q(adopted=True) | models.Q(adopted_on__isnull=True),
                name="plans_counciladoption_date_only_when_adopted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} – {self.municipality.name}"

    def clean(self):
        super().clean()
        if self.adopted_on and not self.adopted:
            raise ValidationError({"adopted_on": _("A date of adoption needs the plan to be marked as adopted.")})


class InfrastructureProject(models.Model):
    """A transport or infrastructure project the plan wants adopted and started."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        ADOPTED = "adopted", _("adopted")
        STARTED = "started", _("started")
        COMPLETED = "completed", _("completed")

    plan = models.ForeignKey(StrategicPlan, on_delete=models.CASCADE, related_name="projects", verbose_name=_("plan"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PROPOSED)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    verified = models.BooleanField(
        _("status confirmed by the source"),
        default=False,
        help_text=_(
            "Only projects whose status a source confirms count towards the target; the others are listed as "
            "unverified and never make the target «behind»."
        ),
    )
    counts_for_target = models.BooleanField(
        _("counts for the transport target"),
        default=True,
        help_text=_("Off for decisions that matter to the region but are not transport or infrastructure projects."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True, help_text=_("Where the facts were read."))
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    source_date = models.CharField(
        _("date in the source"),
        max_length=200,
        blank=True,
        help_text=_("As the source prints it; say so when the source prints no year."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("infrastructure project")
        verbose_name_plural = _("infrastructure projects")
        ordering = ("plan", "order", "name")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(started_on__isnull=True)
                    | models.Q(adopted_on__isnull=True)
                    | models.Q(started_on__gte=models.F("adopted_on"))
                )
                & (
                    models.Q(completed_on__isnull=True)
                    | models.Q(started_on__isnull=True)
                    | models.Q(completed_on__gte=models.F("started_on"))
                ),
                name="plans_infrastructureproject_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.adopted_on and self.started_on and self.started_on < self.adopted_on:
            raise ValidationError({"started_on": _("A project cannot start before it is adopted.")})
        if self.started_on and self.completed_on and self.completed_on < self.started_on:
            raise ValidationError({"completed_on": _("A project cannot be completed before it starts.")})
