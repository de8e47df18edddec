"""Verdicts and their parts: statuses, results, number formatting and combining parts.

The vocabulary plans.evaluation judges with; see that module for the rules.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

Series = Mapping[str, Mapping[int, Decimal]]


class Status(enum.StrEnum):
    ACHIEVED = "achieved"
    PARTLY = "partly"
    NOT_ACHIEVED = "not_achieved"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    NO_DATA = "no_data"
    NOT_MEASURED = "not_measured"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])

    @property
    def badge(self) -> str:
        return STATUS_BADGES[self]


STATUS_LABELS = {
    Status.ACHIEVED: gettext_lazy("Achieved"),
    Status.PARTLY: gettext_lazy("Partly achieved"),
    Status.NOT_ACHIEVED: gettext_lazy("Not achieved"),
    Status.ON_TRACK: gettext_lazy("On track"),
    Status.BEHIND: gettext_lazy("Behind"),
    Status.NO_DATA: gettext_lazy("Not enough data"),
    Status.NOT_MEASURED: gettext_lazy("Not measured yet"),
}
STATUS_BADGES = {
    Status.ACHIEVED: "badge-ok",
    Status.PARTLY: "badge-warn",
    Status.NOT_ACHIEVED: "badge-bad",
    Status.ON_TRACK: "badge-ok",
    Status.BEHIND: "badge-warn",
    Status.NO_DATA: "badge-muted",
    Status.NOT_MEASURED: "badge-muted",
}
GAPS = {Status.NO_DATA, Status.NOT_MEASURED}


class Rule(enum.StrEnum):
    """The same values as TargetRule.Rule, kept here so this module needs no models."""

    RELATIVE_GROWTH = "relative_growth"
    ABSOLUTE_GROWTH = "absolute_growth"
    NO_DECLINE = "no_decline"
    ANNUAL_GROWTH = "annual_growth"
    POINT_CHANGE = "point_change"
    MILESTONES = "milestones"
    UNMEASURED = "unmeasured"


class ProjectStatus(enum.StrEnum):
    PROPOSED = "proposed"
    ADOPTED = "adopted"
    STARTED = "started"
    COMPLETED = "completed"


@dataclass(frozen=True)
class Result:
    status: Status
    sentence: str
    baseline: Decimal | None = None
    baseline_year: int | None = None
    latest: Decimal | None = None
    latest_year: int | None = None
    target_value: Decimal | None = None
    target_year: int | None = None
    final: bool = False

    @property
    def is_final(self) -> bool:
        return self.final


def fmt(value: Decimal | float | int | None, decimals: int | None = None) -> str:
    """A number in the active language's format, with thousands grouped (70 185; 0,5)."""
    if value is None:
        return "–"
    value = Decimal(str(value))
    if decimals is None:
        decimals = 0 if value == value.to_integral_value() else 1
    quantum = Decimal(1).scaleb(-decimals)
    value = value.quantize(quantum, rounding=ROUND_HALF_UP)
    return number_format(value, decimals, use_l10n=True, force_grouping=True)


def signed(value: Decimal, decimals: int | None = None) -> str:
    text = fmt(value, decimals)
    return text if value < 0 else f"+{text}"


def join_names(names: Sequence[str]) -> str:
    """«Østre Toten og Vestre Toten», «A, B og C»."""
    names = list(names)
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def region_series(series: Series, municipalities: Sequence[str], aggregation: str = "sum") -> dict[int, Decimal]:
    """The region's figure per year, only for years every municipality has."""
    if not municipalities:
        return {}
    years = set.intersection(*(set(series.get(name, {})) for name in municipalities))
    region = {}
    for year in sorted(years):
        total = sum((Decimal(series[name][year]) for name in municipalities), Decimal(0))
        region[year] = total / len(municipalities) if aggregation == "mean" else total
    return region


def missing_for(series: Series, municipalities: Sequence[str], year: int) -> list[str]:
    return [name for name in municipalities if year not in series.get(name, {})]


def combine(results: Iterable[Result], *, period_over: bool = False) -> Status:
    """The target's verdict from its parts' verdicts.

    During the period: behind if any part is behind, not enough data if any part cannot be
    judged, otherwise on track. After it: achieved when every part is; partly achieved when
    some parts (or projects) are reached and others are not; not achieved when none is; not
    enough data when what is reached cannot be weighed against parts nobody can judge.
    """
    statuses = [result.status for result in results]
    if not statuses:
        return Status.NO_DATA
    if all(status is Status.NOT_MEASURED for status in statuses):
        return Status.NOT_MEASURED
    if not period_over:
        if any(status in (Status.BEHIND, Status.NOT_ACHIEVED) for status in statuses):
            return Status.BEHIND
        return Status.NO_DATA if any(status in GAPS for status in statuses) else Status.ON_TRACK
    if all(status is Status.ACHIEVED for status in statuses):
        return Status.ACHIEVED
    reached = any(status in (Status.ACHIEVED, Status.PARTLY) for status in statuses)
    failed = any(status in (Status.NOT_ACHIEVED, Status.BEHIND) for status in statuses)
    if reached and failed:
        return Status.PARTLY
    if failed:
        return Status.NOT_ACHIEVED
    if any(status in GAPS for status in statuses):
        return Status.NO_DATA
    return Status.PARTLY


def period_over(current_year: int | None, target_year: int) -> bool | None:
    """True once the target year has ended; None when no current year is given (decided by the data)."""
    if current_year is None:
        return None
    return current_year > target_year
