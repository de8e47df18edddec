"""Writes for the plans app: importing official figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from plans.models import Indicator, Municipality, Observation
from plans.ssb import Missing, Table

QUANTUM = Decimal("0.001")


@dataclass(frozen=True)
class Change:
    municipality: str
    year: int
    old: Decimal | None
    new: Decimal
    old_source: str = ""


@dataclass
class ImportReport:
    indicator: Indicator
    source: str
    dry_run: bool
    created: list[Change] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)
    unchanged: list[Change] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    new_municipalities: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.new_municipalities)


@transaction.atomic
def observations_import(*, indicator: Indicator, table: Table, dry_run: bool = False) -> ImportReport:
    """Upsert the table's figures as observations of the indicator, all or nothing.

    Municipalities are found by number or by their number before 2020; an unknown
    four-digit code creates a municipality outside the region (region figures use only
    the region's five). Cells SSB marked missing are reported and never stored. With
    ``dry_run`` everything is done and then rolled back, so the report is exact.
    """
    report = ImportReport(indicator=indicator, source=table.source, dry_run=dry_run, missing=list(table.missing))
    municipalities = {}
    for municipality in Municipality.objects.all():
        municipalities[municipality.number] = municipality
        if municipality.former_number:
            municipalities.setdefault(municipality.former_number, municipality)
    existing = {
        (obs.municipality_id, obs.year): obs
        for obs in Observation.objects.filter(indicator=indicator).select_related("municipality")
    }
    now = timezone.now()
    order = Municipality.objects.count()
    for figure in table.figures:
        municipality = municipalities.get(figure.code)
        if municipality is None:
            municipality = Municipality.objects.create(number=figure.code, name=figure.label, order=order)
            order += 1
            municipalities[figure.code] = municipality
            report.new_municipalities.append(str(municipality))
        value = figure.value.quantize(QUANTUM)
        current = existing.get((municipality.pk, figure.year))
        if current is None:
            obs = Observation.objects.create(
                indicator=indicator,
                municipality=municipality,
                year=figure.year,
                value=value,
                source=table.source,
                source_url=table.source_url,
                imported_at=now,
            )
            existing[(municipality.pk, figure.year)] = obs
            report.created.append(Change(municipality.name, figure.year, None, value))
        elif current.value == value and current.source == table.source and current.source_url == table.source_url:
            report.unchanged.append(Change(municipality.name, figure.year, current.value, value))
        else:
            report.updated.append(Change(municipality.name, figure.year, current.value, value, current.source))
            current.value, current.source, current.source_url, current.imported_at = (
                value,
                table.source,
                table.source_url,
                now,
            )
            current.save(update_fields=("value", "source", "source_url", "imported_at"))
    if dry_run:
        transaction.set_rollback(True)
    return report
