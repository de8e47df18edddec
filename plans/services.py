"""Writes for the plans app: importing official figures as batches, and undoing a batch."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.models import ImportBatch, ImportChange, Indicator, Municipality, Observation
from plans.ssb import Missing, Table

QUANTUM = Decimal("0.001")


class ImportRefused(ValueError):
    """The file is readable but must not be imported for this indicator; the message says why."""


class UndoRefused(ValueError):
    """The batch cannot be undone as it stands; the message says why."""


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
    table_id: str = ""
    measure: str = ""
    batch: ImportBatch | None = None
    created: list[Change] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)
    unchanged: list[Change] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    new_municipalities: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.new_municipalities)


def check_matches(*, indicator: Indicator, table: Table) -> None:
    """Refuse a file whose table or measure is not the indicator's, naming both."""
    if not indicator.table_id or not indicator.measure:
        raise ImportRefused(
            _(
                "«%(indicator)s» has no SSB table and measure set, so nothing can be checked against it. "
                "Set them on the indicator first."
            )
            % {"indicator": indicator.name}
        )
    if not table.table_id or not table.measure:
        raise ImportRefused(
            _(
                "The file does not say which table and measure it holds (it names table «%(table)s», measure «%(measure)s»)."
            )
            % {"table": table.table_id or "–", "measure": table.measure or "–"}
        )
    if table.table_id != indicator.table_id or table.measure != indicator.measure:
        raise ImportRefused(
            _(
                "The file holds table %(file_table)s, measure %(file_measure)s, but «%(indicator)s» is "
                "table %(table)s, measure %(measure)s."
            )
            % {
                "file_table": table.table_id,
                "file_measure": table.measure,
                "indicator": indicator.name,
                "table": indicator.table_id,
                "measure": indicator.measure,
            }
        )
    if table.format == "json-stat2" and not table.is_ssb:
        raise ImportRefused(
            _("The file says it comes from «%(publisher)s», not from Statistics Norway (SSB).")
            % {"publisher": table.publisher or "–"}
        )


@transaction.atomic
def observations_import(
    *,
    indicator: Indicator,
    table: Table,
    content: bytes,
    created_by: str,
    kind: str,
    file_name: str = "",
    source_url: str = "",
    dry_run: bool = False,
) -> ImportReport:
    """Import the table's figures as one batch of observations of the indicator, all or nothing.

    Refuses (ImportRefused) a file whose table or measure does not match the indicator. Each
    figure keeps its own source: the file's own (CSV rows), or SSB's table for a JSON-stat2
    answer from SSB, read from ``source_url`` when given (fetch_ssb passes the request).
    Municipalities are found by number or by their number before 2020; an unknown
    four-digit code creates a municipality outside the region. Cells marked missing are
    reported and never stored. Every replaced value is recorded, so the batch can be
    undone. With ``dry_run`` everything is done and then rolled back, so the report is exact.
    """
    check_matches(indicator=indicator, table=table)
    now = timezone.now()
    batch = ImportBatch.objects.create(
        indicator=indicator,
        kind=kind,
        created_at=now,
        created_by=created_by,
        file_name=file_name[:255],
        file_sha256=hashlib.sha256(content).hexdigest(),
        table_id=table.table_id,
        measure=table.measure,
        source=table.source,
        source_url=source_url or table.source_url,
    )
    report = ImportReport(
        indicator=indicator,
        source=batch.source,
        dry_run=dry_run,
        table_id=table.table_id,
        measure=table.measure,
        batch=None if dry_run else batch,
        missing=list(table.missing),
    )
    municipalities = {}
    for municipality in Municipality.objects.all():
        municipalities[municipality.number] = municipality
        if municipality.former_number:
            municipalities.setdefault(municipality.former_number, municipality)
    existing = {
        (obs.municipality_id, obs.year): obs
        for obs in Observation.objects.filter(indicator=indicator).select_related("municipality")
    }
    order = Municipality.objects.count()
    changes = []
    for figure in table.figures:
        municipality = municipalities.get(figure.code)
        if municipality is None:
            municipality = Municipality.objects.create(number=figure.code, name=figure.label, order=order)
            order += 1
            municipalities[figure.code] = municipality
            report.new_municipalities.append(str(municipality))
        value = figure.value.quantize(QUANTUM)
        source = figure.source or batch.source
        url = figure.source_url or batch.source_url
        table_id = table.table_id if table.is_ssb or source.startswith("SSB") else ""
        current = existing.get((municipality.pk, figure.year))
        if current is None:
            obs = Observation.objects.create(
                indicator=indicator,
                municipality=municipality,
                year=figure.year,
                value=value,
                source=source,
                source_url=url,
                table_id=table_id,
                imported_at=now,
                batch=batch,
            )
            existing[(municipality.pk, figure.year)] = obs
            report.created.append(Change(municipality.name, figure.year, None, value))
            changes.append(ImportChange(batch=batch, municipality=municipality, year=figure.year, new_value=value))
        elif (current.value, current.source, current.source_url, current.table_id) == (value, source, url, table_id):
            report.unchanged.append(Change(municipality.name, figure.year, current.value, value))
        else:
            report.updated.append(Change(municipality.name, figure.year, current.value, value, current.source))
            changes.append(
                ImportChange(
                    batch=batch,
                    municipality=municipality,
                    year=figure.year,
                    new_value=value,
                    old_value=current.value,
                    old_source=current.source,
                    old_source_url=current.source_url,
                    old_table_id=current.table_id,
                    old_imported_at=current.imported_at,
                    old_batch_id=current.batch_id,
                )
            )
            current.value, current.source, current.source_url, current.table_id = value, source, url, table_id
            current.imported_at, current.batch = now, batch
            current.save(update_fields=("value", "source", "source_url", "table_id", "imported_at", "batch"))
    ImportChange.objects.bulk_create(changes)
    batch.added, batch.changed = len(report.created), len(report.updated)
    batch.skipped = len(report.unchanged) + len(report.missing)
    batch.save(update_fields=("added", "changed", "skipped"))
    if dry_run:
        transaction.set_rollback(True)
    return report


@transaction.atomic
def import_batch_undo(*, batch: ImportBatch, undone_by: str) -> ImportBatch:
    """Undo a batch: remove the rows it added and restore the values it replaced.

    Refuses (UndoRefused) when the batch is already undone, or when a later import or an
    edit in admin has changed one of its figures since: undo that first, so nothing is
    silently lost. All or nothing.
    """
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.is_undone:
        raise UndoRefused(_("This import was already undone."))
    changes = list(batch.changes.select_related("municipality"))
    observations = {
        (obs.municipality_id, obs.year): obs
        for obs in Observation.objects.filter(
            indicator_id=batch.indicator_id, municipality__in=[c.municipality_id for c in changes]
        )
    }
    for change in changes:
        obs = observations.get((change.municipality_id, change.year))
        if obs is None or obs.batch_id != batch.pk or obs.value != change.new_value:
            raise UndoRefused(
                _(
                    "%(name)s %(year)s has been changed since this import (by a later import or in admin). "
                    "Undo the later change first."
                )
                % {"name": change.municipality.name, "year": change.year}
            )
    for change in changes:
        obs = observations[(change.municipality_id, change.year)]
        if change.is_addition:
            obs.delete()
        else:
            obs.value, obs.source, obs.source_url = change.old_value, change.old_source, change.old_source_url
            obs.table_id, obs.batch_id = change.old_table_id, change.old_batch_id
            obs.imported_at = change.old_imported_at or batch.created_at
            obs.save(update_fields=("value", "source", "source_url", "table_id", "batch", "imported_at"))
    batch.undone_at, batch.undone_by = timezone.now(), undone_by
    batch.save(update_fields=("undone_at", "undone_by"))
    return batch
