"""Evaluate the plan's targets from plain data: no database, no request.

Input is a mapping {municipality name: {year: value}} for the region's municipalities.
A region figure for a year exists only when every municipality has that year; missing
years are never filled in, and a missing baseline gives ``no_data`` naming what is missing.

Rules and their on-track logic:

- relative growth (+1 %), absolute growth (+700), percentage-point change (+1 pp): the
  linear pace from the baseline to the latest complete year is compared with the pace
  needed to reach the target value in the target year.
- annual growth (0.5 % a year): the compound annual rate from the baseline to the latest
  year is compared with the required rate.
- no municipality declines: each municipality's latest value against its baseline value.
- milestones: infrastructure projects adopted and started.

- not measured yet: a part of the target that nothing measures; it says so instead of vanishing.

Verdicts depend on the period. While it runs (the current year is at most the target year):
on track, behind (not on track), or not enough data. Once it is over, each part is achieved,
not achieved, or (for projects) partly achieved, judged by the target year's figure, and the
target is achieved, partly achieved or not achieved from its parts. Without a current year the
period counts as over once the target year's figure is there. Every verdict has a sentence
that says why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plans.verdicts import (
    ProjectStatus,
    Result,
    Rule,
    Series,
    Status,
    fmt,
    join_names,
    missing_for,
    period_over,
    region_series,
    signed,
)


def evaluate(
    *,
    rule: str,
    series: Series,
    municipalities: Sequence[str],
    baseline_year: int | None,
    target_year: int,
    value: Decimal | None = None,
    aggregation: str = "sum",
    projects: Sequence[tuple] = (),
    current_year: int | None = None,
    part: str = "",
) -> Result:
    """Evaluate one rule; see the module docstring for the logic.

    ``projects`` are (name, status, verified) tuples; a project without a source confirming
    its status is listed but never counted.
    """
    rule = Rule(rule)
    over = period_over(current_year, target_year)
    if rule is Rule.UNMEASURED:
        return Result(
            Status.NOT_MEASURED,
            _("Not measured yet: no indicator measures «%(part)s» yet.") % {"part": part}
            if part
            else _("Not measured yet: no indicator measures this part yet."),
            target_year=target_year,
        )
    if rule is Rule.MILESTONES:
        return _milestones(projects, target_year, over)
    if baseline_year is None:
        return Result(Status.NO_DATA, _("Not enough data: no baseline year is set."), target_year=target_year)
    if rule is Rule.NO_DECLINE:
        return _no_decline(series, municipalities, baseline_year, target_year, over)
    return _growth(rule, series, municipalities, baseline_year, target_year, Decimal(value or 0), aggregation, over)


def _baseline_missing(series: Series, municipalities: Sequence[str], baseline_year: int, target_year: int) -> Result:
    missing = missing_for(series, municipalities, baseline_year)
    return Result(
        Status.NO_DATA,
        _("Not enough data: the figure for %(year)s (the baseline year) is missing for %(names)s.")
        % {"year": baseline_year, "names": join_names(missing)},
        baseline_year=baseline_year,
        target_year=target_year,
    )


def _nothing_after(
    series: Series, municipalities: Sequence[str], baseline: Decimal | None, baseline_year: int, target_year: int
) -> Result:
    later = sorted({year for name in municipalities for year in series.get(name, {}) if year > baseline_year})
    if later:
        sentence = _(
            "Not enough data: there is no complete figure after %(baseline_year)s; "
            "for %(year)s the figure is missing for %(names)s."
        ) % {
            "baseline_year": baseline_year,
            "year": later[-1],
            "names": join_names(missing_for(series, municipalities, later[-1])),
        }
    else:
        sentence = _("Not enough data: there is no figure after %(baseline_year)s yet.") % {
            "baseline_year": baseline_year
        }
    return Result(Status.NO_DATA, sentence, baseline=baseline, baseline_year=baseline_year, target_year=target_year)


def _latest(region: Mapping[int, Decimal], baseline_year: int, target_year: int) -> int | None:
    """The year to judge by: the target year when complete, otherwise the newest complete year."""
    if target_year in region and target_year > baseline_year:
        return target_year
    later = [year for year in region if year > baseline_year]
    return max(later) if later else None


def _incomplete_note(series: Series, municipalities: Sequence[str], latest_year: int) -> str:
    newer = sorted({year for name in municipalities for year in series.get(name, {}) if year > latest_year})
    if not newer:
        return ""
    year = newer[-1]
    return " " + _("The figure for %(year)s is not used yet: it is missing for %(names)s.") % {
        "year": year,
        "names": join_names(missing_for(series, municipalities, year)),
    }


def _target_value(rule: Rule, baseline: Decimal, value: Decimal, years: int) -> Decimal:
    if rule is Rule.RELATIVE_GROWTH:
        return baseline * (1 + value / 100)
    if rule is Rule.ANNUAL_GROWTH:
        return baseline * (1 + value / 100) ** years
    return baseline + value  # absolute growth, percentage-point change


def _change_text(rule: Rule, baseline: Decimal, latest: Decimal, years: int) -> str:
    if rule in (Rule.RELATIVE_GROWTH, Rule.ABSOLUTE_GROWTH) and baseline:
        return _("%(change)s, %(percent)s %%") % {
            "change": signed(latest - baseline),
            "percent": signed((latest - baseline) / baseline * 100, 2),
        }
    if rule is Rule.ANNUAL_GROWTH:
        rate = (float(latest) / float(baseline)) ** (1 / years) - 1
        return _("%(rate)s %% a year") % {"rate": signed(Decimal(str(rate * 100)), 2)}
    if rule is Rule.POINT_CHANGE:
        return _("%(change)s percentage points") % {"change": signed(latest - baseline, 1)}
    return signed(latest - baseline)


def _goal_text(rule: Rule, value: Decimal) -> str:
    if rule is Rule.RELATIVE_GROWTH:
        return _("%(value)s %%") % {"value": signed(value)}
    if rule is Rule.ANNUAL_GROWTH:
        return _("%(value)s %% a year") % {"value": fmt(value)}
    if rule is Rule.POINT_CHANGE:
        return _("%(value)s percentage points") % {"value": signed(value)}
    return signed(value)


def _growth(
    rule: Rule,
    series: Series,
    municipalities: Sequence[str],
    baseline_year: int,
    target_year: int,
    value: Decimal,
    aggregation: str,
    over: bool | None = None,
) -> Result:
    region = region_series(series, municipalities, aggregation)
    if baseline_year not in region:
        return _baseline_missing(series, municipalities, baseline_year, target_year)
    baseline = region[baseline_year]
    if baseline == 0 and rule in (Rule.RELATIVE_GROWTH, Rule.ANNUAL_GROWTH):
        return Result(
            Status.NO_DATA,
            _("Not enough data: the baseline figure for %(year)s is zero, so growth in per cent has no meaning.")
            % {"year": baseline_year},
            baseline=baseline,
            baseline_year=baseline_year,
            target_year=target_year,
        )
    span = max(target_year - baseline_year, 1)
    target_value = _target_value(rule, baseline, value, span)
    if over is None:
        over = target_year in region and target_year > baseline_year
    if over:
        return _growth_final(
            rule, series, municipalities, region, baseline, baseline_year, target_year, value, target_value
        )
    latest_year = _latest(region, baseline_year, target_year)
    if latest_year is None:
        result = _nothing_after(series, municipalities, baseline, baseline_year, target_year)
        return Result(**{**result.__dict__, "target_value": target_value})
    latest = region[latest_year]
    elapsed = latest_year - baseline_year
    params = _params(rule, baseline, baseline_year, latest, latest_year, value, target_value, target_year, elapsed)
    if latest >= target_value:
        on_track = True
    elif rule is Rule.ANNUAL_GROWTH:
        # Compound pace: the latest figure against what 0.5 % a year compounds to by now (exact in Decimal).
        on_track = latest >= baseline * (1 + value / 100) ** elapsed
    else:
        on_track = (latest - baseline) / elapsed >= (target_value - baseline) / span
    status = Status.ON_TRACK if on_track else Status.BEHIND
    sentence = (
        _(
            "From %(baseline)s in %(baseline_year)s to %(latest)s in %(year)s (%(change)s): "
            "at this pace the region reaches %(target)s (%(goal)s) by %(target_year)s."
        )
        if on_track
        else _(
            "From %(baseline)s in %(baseline_year)s to %(latest)s in %(year)s (%(change)s): "
            "too slow to reach %(target)s (%(goal)s) by %(target_year)s."
        )
    ) % params
    sentence += _incomplete_note(series, municipalities, latest_year)
    return Result(status, sentence, baseline, baseline_year, latest, latest_year, target_value, target_year)


def _params(rule, baseline, baseline_year, latest, latest_year, value, target_value, target_year, elapsed) -> dict:
    return {
        "baseline_year": baseline_year,
        "baseline": fmt(baseline),
        "year": latest_year,
        "latest": fmt(latest),
        "change": _change_text(rule, baseline, latest, elapsed),
        "goal": _goal_text(rule, value),
        "target": fmt(target_value, 1 if rule is Rule.POINT_CHANGE else 0),
        "target_year": target_year,
    }


def _growth_final(
    rule: Rule,
    series: Series,
    municipalities: Sequence[str],
    region: Mapping[int, Decimal],
    baseline: Decimal,
    baseline_year: int,
    target_year: int,
    value: Decimal,
    target_value: Decimal,
) -> Result:
    """After the period: judged by the target year's figure, never by a later or earlier one."""
    if target_year not in region:
        missing = missing_for(series, municipalities, target_year)
        return Result(
            Status.NO_DATA,
            _(
                "Not enough data: the period is over, but the figure for %(year)s (the target year) is missing for %(names)s."
            )
            % {"year": target_year, "names": join_names(missing)},
            baseline=baseline,
            baseline_year=baseline_year,
            target_value=target_value,
            target_year=target_year,
            final=True,
        )
    latest = region[target_year]
    params = _params(
        rule,
        baseline,
        baseline_year,
        latest,
        target_year,
        value,
        target_value,
        target_year,
        target_year - baseline_year,
    )
    met = latest >= target_value
    sentence = (
        _(
            "From %(baseline)s in %(baseline_year)s to %(latest)s in %(year)s (%(change)s): "
            "the goal of %(goal)s, %(target)s, is reached."
        )
        if met
        else _(
            "From %(baseline)s in %(baseline_year)s to %(latest)s in %(year)s (%(change)s): "
            "the goal of %(goal)s, %(target)s, is not reached."
        )
    ) % params
    newer = [year for year in region if year > target_year]
    if newer:
        year = max(newer)
        sentence += " " + _("The newest figure, for %(year)s, is %(value)s (%(change)s from %(baseline_year)s).") % {
            "year": year,
            "value": fmt(region[year]),
            "change": _change_text(rule, baseline, region[year], year - baseline_year),
            "baseline_year": baseline_year,
        }
    return Result(
        Status.ACHIEVED if met else Status.NOT_ACHIEVED,
        sentence,
        baseline,
        baseline_year,
        latest,
        target_year,
        target_value,
        target_year,
        final=True,
    )


def _declines(series: Series, municipalities: Sequence[str], baseline_year: int, year: int) -> list[str]:
    """«Østre Toten (14 871 → 14 827)» for each municipality lower in ``year`` than in the baseline year."""
    return [
        f"{name} ({fmt(series[name][baseline_year])} → {fmt(series[name][year])})"
        for name in municipalities
        if series[name][year] < series[name][baseline_year]
    ]


def _no_decline(
    series: Series, municipalities: Sequence[str], baseline_year: int, target_year: int, over: bool | None = None
) -> Result:
    if not municipalities:
        return Result(Status.NO_DATA, _("Not enough data: the region has no municipalities."))
    if missing_for(series, municipalities, baseline_year):
        return _baseline_missing(series, municipalities, baseline_year, target_year)
    region = region_series(series, municipalities)
    if over is None:
        over = target_year in region and target_year > baseline_year
    if over:
        if target_year not in region:
            return Result(
                Status.NO_DATA,
                _(
                    "Not enough data: the period is over, but the figure for %(year)s (the target year) is "
                    "missing for %(names)s."
                )
                % {"year": target_year, "names": join_names(missing_for(series, municipalities, target_year))},
                baseline=region[baseline_year],
                baseline_year=baseline_year,
                target_year=target_year,
                final=True,
            )
        latest_year = target_year
    else:
        latest_year = _latest(region, baseline_year, target_year)
        if latest_year is None:
            return _nothing_after(series, municipalities, region[baseline_year], baseline_year, target_year)
    declined = _declines(series, municipalities, baseline_year, latest_year)
    params = {"names": join_names(declined), "baseline_year": baseline_year, "year": latest_year}
    if declined:
        status = Status.NOT_ACHIEVED if over else Status.BEHIND
        sentence = _("%(names)s had fewer inhabitants in %(year)s than in %(baseline_year)s.") % params
    else:
        status = Status.ACHIEVED if over else Status.ON_TRACK
        sentence = _("No municipality declined from %(baseline_year)s to %(year)s.") % params
    if over:
        newer = [year for year in region if year > latest_year]
        if newer:
            year = max(newer)
            still = _declines(series, municipalities, baseline_year, year)
            sentence += " " + (
                _("In %(year)s, %(names)s are below %(baseline_year)s.")
                % {"year": year, "names": join_names(still), "baseline_year": baseline_year}
                if still
                else _("In %(year)s, no municipality is below %(baseline_year)s.")
                % {"year": year, "baseline_year": baseline_year}
            )
    else:
        sentence += _incomplete_note(series, municipalities, latest_year)
    return Result(
        status,
        sentence,
        baseline=region[baseline_year],
        baseline_year=baseline_year,
        latest=region[latest_year],
        latest_year=latest_year,
        target_year=target_year,
        final=bool(over),
    )


def _milestones(projects: Sequence[tuple], target_year: int, over: bool | None) -> Result:
    """Projects adopted and started, counting only those whose status a source confirms."""
    projects = [(p[0], p[1], p[2] if len(p) > 2 else True) for p in projects]
    verified = [(name, status) for name, status, confirmed in projects if confirmed]
    unverified = len(projects) - len(verified)
    note = (
        " "
        + ngettext(
            "%(count)d project has no confirmed status and is not counted.",
            "%(count)d projects have no confirmed status and are not counted.",
            unverified,
        )
        % {"count": unverified}
        if unverified
        else ""
    )
    if not verified:
        sentence = (
            _("Not enough data: no source confirms the status of any project.")
            if projects
            else _("Not enough data: no projects are registered.")
        )
        return Result(Status.NO_DATA, sentence + note, target_year=target_year, final=bool(over))
    total = len(verified)
    started_statuses = {ProjectStatus.STARTED, ProjectStatus.COMPLETED}
    started = [name for name, status in verified if status in started_statuses]
    adopted = [name for name, status in verified if status in started_statuses | {ProjectStatus.ADOPTED}]
    counts = {"total": total, "started": len(started), "adopted": len(adopted), "target_year": target_year}
    if over:
        if len(started) == total:
            status = Status.ACHIEVED
        elif adopted:
            status = Status.PARTLY
        else:
            status = Status.NOT_ACHIEVED
    else:
        status = Status.ON_TRACK if len(adopted) == total else Status.BEHIND
    sentence = (
        ngettext(
            "Of %(total)d project with a confirmed status, %(adopted)d is adopted and %(started)d confirmed "
            "started (the goal: adopted and started by %(target_year)s).",
            "Of %(total)d projects with a confirmed status, %(adopted)d are adopted and %(started)d confirmed "
            "started (the goal: adopted and started by %(target_year)s).",
            total,
        )
        % counts
    )
    return Result(
        status,
        sentence + note,
        latest=Decimal(len(started)),
        target_value=Decimal(total),
        target_year=target_year,
        final=bool(over),
    )
