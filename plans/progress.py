"""Progress of the plan's targets: load the figures in a fixed number of queries, then
evaluate (plans.evaluation) and draw (plans.charts) with plain data."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from plans import charts, evaluation, verdicts
from plans.models import Indicator, InfrastructureProject, Municipality, Observation, StrategicPlan, Target, TargetRule

REGION_NAME = "Gjøvikregionen"


@dataclass
class RuleProgress:
    rule: TargetRule
    result: verdicts.Result

    @property
    def label(self) -> str:
        return self.rule.part or self.rule.get_rule_display()


@dataclass
class TargetProgress:
    target: Target
    rules: list[RuleProgress]
    indicator: Indicator | None
    municipalities: list[str]
    series: dict[str, dict[int, Decimal]] = field(default_factory=dict)
    region: dict[int, Decimal] = field(default_factory=dict)
    projects: list[InfrastructureProject] = field(default_factory=list)
    period_over: bool = False

    @property
    def status(self) -> verdicts.Status:
        return verdicts.combine((r.result for r in self.rules), period_over=self.period_over)

    @property
    def sentence(self) -> str:
        """Why the target has its verdict: the one part's sentence, or which parts stand where."""
        if not self.rules:
            return _("Not enough data: this target has no measurable rule yet.")
        if len(self.rules) == 1:
            return self.rules[0].result.sentence
        groups: dict[verdicts.Status, list[str]] = defaultdict(list)
        for item in self.rules:
            groups[item.result.status].append(f"«{item.label}»")
        parts = []
        for status in verdicts.Status:
            if groups.get(status):
                parts.append(
                    _("%(status)s: %(parts)s") % {"status": status.label, "parts": verdicts.join_names(groups[status])}
                )
        return ". ".join(parts) + "."

    @property
    def latest_year(self) -> int | None:
        return max(self.region) if self.region else None

    @property
    def latest_value(self) -> Decimal | None:
        return self.region[self.latest_year] if self.region else None

    @property
    def target_results(self) -> list[verdicts.Result]:
        return [r.result for r in self.rules if r.result.target_value is not None and r.rule.indicator_id]

    @property
    def target_value(self) -> Decimal | None:
        values = [result.target_value for result in self.target_results]
        return max(values) if values else None

    def target_lines(self) -> list[charts.TargetLine]:
        lines = []
        for result in self.target_results:
            if result.target_value == self.target_value:
                start = (result.baseline_year, result.baseline) if result.baseline is not None else None
                label = _("Target %(year)s") % {"year": result.target_year}
                lines.append(charts.TargetLine(label=label, start=start, end=(result.target_year, result.target_value)))
                break
        return lines

    def chart(self, *, small: bool) -> SafeString:
        if self.indicator is None:
            return mark_safe("")  # noqa: S308 — nothing to draw
        label = REGION_NAME
        svg = charts.line_chart(
            chart_id=f"chart-{self.target.slug}{'-small' if small else ''}",
            title=_("%(indicator)s, Gjøvikregionen") % {"indicator": self.indicator.name},
            description=_("Region figure per year, derived from the five municipalities.")
            if self.indicator.aggregation == Indicator.Aggregation.SUM
            else _("Region figure per year: the unweighted mean of the five municipalities."),
            series=[charts.Series(label=label, points=sorted(self.region.items()))],
            targets=self.target_lines(),
            x_label=_("Year"),
            y_label=self.indicator.unit,
            fmt=verdicts.fmt,
            small=small,
            empty_text=_("No region figures yet"),
            zero_note=_("The value axis starts at zero."),
        )
        return mark_safe(svg)  # noqa: S308 — charts escapes every text it writes

    @property
    def small_chart(self) -> SafeString:
        return self.chart(small=True)

    @property
    def large_chart(self) -> SafeString:
        return self.chart(small=False)

    def municipality_charts(self) -> list[tuple[str, SafeString]]:
        if self.indicator is None:
            return []
        baseline_years = [r.rule.baseline_year for r in self.rules if r.rule.rule == TargetRule.Rule.NO_DECLINE]
        out = []
        for index, name in enumerate(self.municipalities):
            points = sorted(self.series.get(name, {}).items())
            targets = []
            if baseline_years and baseline_years[0] in self.series.get(name, {}):
                level = self.series[name][baseline_years[0]]
                targets.append(
                    charts.TargetLine(
                        label=_("No decline"),
                        start=(baseline_years[0], level),
                        end=(self.target.target_year, level),
                    )
                )
            svg = charts.line_chart(
                chart_id=f"chart-{self.target.slug}-m{index}",
                title=_("%(indicator)s, %(municipality)s") % {"indicator": self.indicator.name, "municipality": name},
                description="",
                series=[charts.Series(label=name, points=points)],
                targets=targets,
                y_label=self.indicator.unit,
                fmt=verdicts.fmt,
                small=True,
                empty_text=_("No figures yet"),
                zero_note=_("The value axis starts at zero."),
            )
            out.append((name, mark_safe(svg)))  # noqa: S308 — charts escapes every text it writes
        return out


def _targets(queryset):
    return list(
        queryset.prefetch_related(
            Prefetch("rules", queryset=TargetRule.objects.select_related("indicator").order_by("order", "pk"))
        )
    )


def evaluate_targets(
    targets: list[Target],
    *,
    municipalities: list[str],
    observations: dict[int, dict[str, dict[int, Decimal]]],
    projects: list[InfrastructureProject],
    today: date,
) -> list[TargetProgress]:
    """Evaluate targets (with their rules prefetched) from figures already loaded."""
    out = []
    # The last day of a year counts as the year being over: the annual report for the plan's
    # last year gives final verdicts.
    judged_year = today.year + 1 if (today.month, today.day) == (12, 31) else today.year
    projects = [p for p in projects if p.counts_for_target]
    project_states = [(p.name, p.status, p.verified) for p in projects]
    for target in targets:
        rules = list(target.rules.all())
        indicator = next((r.indicator for r in rules if r.indicator is not None), None)
        results = []
        for rule in rules:
            series = observations.get(rule.indicator_id, {}) if rule.indicator_id else {}
            result = evaluation.evaluate(
                rule=rule.rule,
                series=series,
                municipalities=municipalities,
                baseline_year=rule.baseline_year,
                target_year=target.target_year,
                value=rule.value,
                aggregation=rule.indicator.aggregation if rule.indicator else "sum",
                projects=project_states,
                current_year=judged_year,
                part=rule.part,
            )
            results.append(RuleProgress(rule=rule, result=result))
        series = observations.get(indicator.pk, {}) if indicator else {}
        out.append(
            TargetProgress(
                target=target,
                rules=results,
                indicator=indicator,
                municipalities=municipalities,
                series=series,
                region=verdicts.region_series(series, municipalities, indicator.aggregation) if indicator else {},
                projects=projects if any(r.rule == TargetRule.Rule.MILESTONES for r in rules) else [],
                period_over=judged_year > target.target_year,
            )
        )
    return out


def _load_series(indicator_ids, *, until: int | None = None) -> dict[int, dict[str, dict[int, Decimal]]]:
    observations: dict[int, dict[str, dict[int, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    rows = Observation.objects.for_region().filter(indicator_id__in=indicator_ids)
    if until is not None:
        rows = rows.filter(year__lte=until)
    rows = rows.values_list("indicator_id", "municipality__name", "year", "value")
    for indicator_id, name, year, value in rows:
        observations[indicator_id][name][year] = value
    return observations


def plan_progress(plan: StrategicPlan, *, today: date | None = None, until: int | None = None) -> list[TargetProgress]:
    """Every target of the plan with its status, in five queries whatever the amount of data.

    ``until`` leaves out figures for later years (the annual report for a year).
    """
    targets = _targets(plan.targets.all())
    municipalities = list(Municipality.objects.filter(in_region=True).values_list("name", flat=True))
    indicator_ids = {rule.indicator_id for t in targets for rule in t.rules.all() if rule.indicator_id}
    return evaluate_targets(
        targets,
        municipalities=municipalities,
        observations=_load_series(indicator_ids, until=until),
        projects=list(plan.projects.all()),
        today=today or timezone.localdate(),
    )


@dataclass
class TableRow:
    year: int
    name: str
    value: Decimal
    is_region: bool = False
    source: str = ""
    source_url: str = ""
    read_from: str = ""
    table_id: str = ""
    imported_at: datetime | None = None


def _rows(progress: TargetProgress, observations) -> list[TableRow]:
    """The target's figures per year, each municipality with its source, then the derived region figure."""
    by_year = defaultdict(list)
    for obs in observations:
        by_year[obs.year].append(
            TableRow(
                obs.year,
                obs.municipality.name,
                obs.value,
                source=obs.source,
                source_url=obs.source_url,
                read_from=obs.read_from,
                table_id=obs.table_id,
                imported_at=obs.imported_at,
            )
        )
    rows = []
    for year in sorted(by_year):
        rows.extend(by_year[year])
        if year in progress.region:
            rows.append(TableRow(year, REGION_NAME, progress.region[year], is_region=True))
    return rows


def _region_observations(indicator_ids, *, until: int | None = None):
    observations = (
        Observation.objects.for_region()
        .filter(indicator_id__in=indicator_ids)
        .select_related("municipality")
        .order_by("year", "municipality__order", "municipality__name")
    )
    return observations.filter(year__lte=until) if until is not None else observations


def target_detail(target: Target, *, today: date | None = None) -> dict:
    """One target's progress, its figures with sources, and when they were last updated."""
    (progress,) = evaluate_targets(
        _targets(Target.objects.filter(pk=target.pk)),
        municipalities=list(Municipality.objects.filter(in_region=True).values_list("name", flat=True)),
        observations=_load_series({r.indicator_id for r in target.rules.all() if r.indicator_id}),
        projects=list(target.plan.projects.all()),
        today=today or timezone.localdate(),
    )
    rows: list[TableRow] = []
    last_updated = None
    if progress.indicator:
        observations = list(_region_observations([progress.indicator.pk]))
        last_updated = max((obs.imported_at for obs in observations), default=None)
        rows = _rows(progress, observations)
    return {"progress": progress, "rows": rows, "last_updated": last_updated}


@dataclass
class ReportSection:
    progress: TargetProgress
    rows: list[TableRow]


def annual_report(plan: StrategicPlan, *, year: int, today: date | None = None) -> list[ReportSection]:
    """The plan's targets as they stood at the end of ``year``: figures up to that year only.

    A fixed number of queries whatever the amount of data: the progress, then every figure
    of every target's indicator in one query.
    """
    today = today or timezone.localdate()
    as_of = min(today, date(year, 12, 31))
    targets = plan_progress(plan, today=as_of, until=year)
    indicator_ids = {p.indicator.pk for p in targets if p.indicator}
    by_indicator = defaultdict(list)
    for obs in _region_observations(indicator_ids, until=year):
        by_indicator[obs.indicator_id].append(obs)
    return [
        ReportSection(progress=p, rows=_rows(p, by_indicator.get(p.indicator.pk, [])) if p.indicator else [])
        for p in targets
    ]
