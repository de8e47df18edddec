"""Import reports as text, for the command line and the admin preview."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plans.services import ImportReport
from plans.verdicts import fmt


def report_lines(report: ImportReport) -> list[str]:
    """One summary line, then one line per change."""
    summary = _(
        "%(indicator)s from %(source)s (table %(table)s, measure %(measure)s): %(created)d new, %(updated)d changed, "
        "%(unchanged)d unchanged, %(missing)d missing in the file."
    ) % {
        "indicator": report.indicator.name,
        "source": report.source,
        "table": report.table_id,
        "measure": report.measure,
        "created": len(report.created),
        "updated": len(report.updated),
        "unchanged": len(report.unchanged),
        "missing": len(report.missing),
    }
    lines = [(_("Dry run, nothing saved. ") if report.dry_run else "") + summary]
    for change in report.created:
        lines.append(_("New: %(name)s %(year)s = %(new)s") % _params(change))
    for change in report.updated:
        if change.old == change.new:
            lines.append(_("New source: %(name)s %(year)s = %(new)s (was from %(old_source)s)") % _params(change))
        else:
            lines.append(_("Changed: %(name)s %(year)s %(old)s → %(new)s") % _params(change))
    for item in report.missing:
        lines.append(
            _("Skipped: %(name)s %(year)s is marked «%(marker)s» (missing) in the file")
            % {"name": item.label, "year": item.year, "marker": item.marker}
        )
    if report.new_municipalities:
        lines.append(
            ngettext(
                "New municipality outside the region: %(names)s",
                "New municipalities outside the region: %(names)s",
                len(report.new_municipalities),
            )
            % {"names": ", ".join(report.new_municipalities)}
        )
    return lines


def _params(change) -> dict:
    return {
        "name": change.municipality,
        "year": change.year,
        "old": fmt(change.old),
        "new": fmt(change.new),
        "old_source": change.old_source,
    }
