from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


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

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ("plan", "order", "pk")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:target", args=[self.slug])
