"""Figures: indicators, their observations, and the import batches that wrote them."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Indicator(models.Model):
    """A statistic the plan is measured by, such as population on 1 January."""

    class Aggregation(models.TextChoices):
        SUM = "sum", _("sum of the municipalities")
        MEAN = "mean", _("mean of the municipalities (unweighted)")

    code = models.SlugField(
        _("code"), max_length=60, unique=True, help_text=_("A stable name used by the import, e.g. population_1jan.")
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=120, blank=True, help_text=_("For example persons or per cent."))
    definition = models.TextField(_("definition"), blank=True, help_text=_("What the figure counts, and how."))
    source = models.CharField(_("source"), max_length=200, blank=True, help_text=_("For example SSB tabell 07459."))
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    table_id = models.CharField(
        _("SSB table"),
        max_length=10,
        blank=True,
        help_text=_("The SSB table the figures come from, e.g. 07459. An import must come from this table."),
    )
    measure = models.CharField(
        _("SSB measure"),
        max_length=60,
        blank=True,
        help_text=_(
            "The statistics variable (ContentsCode) in the table, e.g. Personer1. An import must measure this."
        ),
    )
    aggregation = models.CharField(
        _("region figure"),
        max_length=10,
        choices=Aggregation,
        default=Aggregation.SUM,
        help_text=_("How the region's figure is derived from its municipalities: counts add up, rates do not."),
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class ObservationQuerySet(models.QuerySet):
    def for_region(self):
        """Observations of the region's municipalities, the only ones region figures use."""
        return self.filter(municipality__in_region=True)


class Observation(models.Model):
    """One figure for one municipality and year. Region figures are derived from these, never stored."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="observations", verbose_name=_("indicator")
    )
    municipality = models.ForeignKey(
        "Municipality", on_delete=models.PROTECT, related_name="observations", verbose_name=_("municipality")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3)
    source = models.CharField(_("source"), max_length=200, help_text=_("Where the figure comes from."))
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    table_id = models.CharField(
        _("table"),
        max_length=10,
        blank=True,
        help_text=_("The SSB table the figure belongs to, when it is an SSB figure (read from SSB or an SSB extract)."),
    )
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)
    batch = models.ForeignKey(
        "ImportBatch",
        on_delete=models.PROTECT,
        related_name="observations",
        null=True,
        blank=True,
        verbose_name=_("import batch"),
        help_text=_("The import that wrote the current value; empty for seed data and values typed in admin."),
    )

    objects = ObservationQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ("indicator", "municipality__order", "year")
        constraints = [
            models.UniqueConstraint(
                fields=("indicator", "municipality", "year"), name="plans_observation_one_per_year"
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=1900, year__lte=2200), name="plans_observation_year_plausible"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} – {self.municipality.name} {self.year}: {self.value}"

    def clean(self):
        super().clean()
        if self.year is not None and not 1900 <= self.year <= 2200:
            raise ValidationError({"year": _("Enter a year between 1900 and 2200.")})

    @property
    def read_from(self) -> str:
        """Where the value was read, short enough for a table cell: host and, on GitHub, the repository."""
        return source_label(self.source_url)


def source_label(url: str) -> str:
    """«github.com/folkehelseinstituttet/fhidata» for a GitHub file, otherwise the host name."""
    parts = urlsplit(url or "")
    host = (parts.hostname or "").removeprefix("www.")
    if host == "github.com":
        segments = [segment for segment in parts.path.split("/") if segment]
        if len(segments) >= 2:
            return f"{host}/{segments[0]}/{segments[1]}"
    return host or url


class ImportBatchQuerySet(models.QuerySet):
    def active(self):
        """Batches that have not been undone."""
        return self.filter(undone_at__isnull=True)


class ImportBatch(models.Model):
    """One import of figures: who, when, from which file and table, and what it changed."""

    class Kind(models.TextChoices):
        UPLOAD = "upload", _("upload in admin")
        COMMAND = "command", _("import_ssb command")
        FETCH = "fetch", _("fetched from SSB (fetch_ssb)")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="batches", verbose_name=_("indicator")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    created_at = models.DateTimeField(_("imported"), default=timezone.now)
    created_by = models.CharField(
        _("imported by"), max_length=200, help_text=_("The user, or the command and who ran it.")
    )
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    file_sha256 = models.CharField(_("file hash (SHA-256)"), max_length=64)
    table_id = models.CharField(_("SSB table"), max_length=10)
    measure = models.CharField(_("measure"), max_length=60)
    source = models.CharField(_("source"), max_length=200)
    source_url = models.URLField(_("source address"), max_length=1000)
    added = models.PositiveIntegerField(_("rows added"), default=0)
    changed = models.PositiveIntegerField(_("rows changed"), default=0)
    skipped = models.PositiveIntegerField(
        _("rows skipped"), default=0, help_text=_("Unchanged figures and cells the file marks as missing.")
    )
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = models.CharField(_("undone by"), max_length=200, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"{self.indicator} – {self.table_id} – {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None


class ImportChange(models.Model):
    """What one figure of a batch replaced, so the batch can be undone."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="changes", verbose_name=_("batch"))
    municipality = models.ForeignKey(
        "Municipality", on_delete=models.PROTECT, related_name="import_changes", verbose_name=_("municipality")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    new_value = models.DecimalField(_("new value"), max_digits=14, decimal_places=3)
    old_value = models.DecimalField(
        _("earlier value"), max_digits=14, decimal_places=3, null=True, blank=True, help_text=_("Empty: a new row.")
    )
    old_source = models.CharField(_("earlier source"), max_length=200, blank=True)
    old_source_url = models.URLField(_("earlier source address"), max_length=1000, blank=True)
    old_table_id = models.CharField(_("earlier table"), max_length=10, blank=True)
    old_imported_at = models.DateTimeField(_("earlier import time"), null=True, blank=True)
    old_batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("earlier batch"),
    )

    class Meta:
        verbose_name = _("import change")
        verbose_name_plural = _("import changes")
        ordering = ("batch", "year", "municipality__order")
        constraints = [
            models.UniqueConstraint(fields=("batch", "municipality", "year"), name="plans_importchange_one_per_cell"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality.name} {self.year}: {self.old_value} → {self.new_value}"

    @property
    def is_addition(self) -> bool:
        return self.old_value is None
