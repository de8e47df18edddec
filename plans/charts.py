"""Server-rendered, accessible SVG line charts: pure functions from numbers to markup.

The SVG scales with its container (viewBox, width 100 %), so it reads at 320 px and in
print: the drawing is 360 units wide with 16-unit text, so at 320 px (about 290 px of
content) text is still 12–13 px. The value axis always starts at zero for figures that cannot
be negative, so a 0.6 % change looks like one. It has role="img" with a <title> and <desc> (aria-labelledby); colours come from
presentation attributes and CSS classes, never style attributes (the site's CSP forbids them).
A missing year breaks the line: nothing is drawn between years that are not adjacent.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape


@dataclass(frozen=True)
class Series:
    label: str
    points: Sequence[tuple[int, Decimal]]
    css_class: str = "chart-series"


@dataclass(frozen=True)
class TargetLine:
    """The path the target needs: from the baseline point to the target value in the target year."""

    label: str
    end: tuple[int, Decimal]
    start: tuple[int, Decimal] | None = None


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    font: int
    radius: float
    ticks: int = 4
    extra: dict = field(default_factory=dict)


LARGE = Layout(width=360, height=264, left=70, right=12, top=52, bottom=46, font=16, radius=4)
SMALL = Layout(width=300, height=196, left=66, right=10, top=46, bottom=28, font=14, radius=3.5, ticks=3)


def nice_ticks(low: float, high: float, count: int) -> list[float]:
    """Round tick values covering [low, high]."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value <= high + step * 0.001:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 10))
    return ticks


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    series: Sequence[Series],
    targets: Sequence[TargetLine] = (),
    x_label: str = "",
    y_label: str = "",
    fmt: Callable[[Decimal | float], str] = str,
    small: bool = False,
    empty_text: str = "",
    zero_note: str = "",
) -> str:
    """An SVG line chart; every point and the target line are in the markup, with values in <desc>."""
    layout = SMALL if small else LARGE
    years = [year for s in series for year, _ in s.points]
    values = [float(v) for s in series for _, v in s.points]
    for target in targets:
        for point in (target.start, target.end):
            if point:
                years.append(point[0])
                values.append(float(point[1]))
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    if zero_note:
        description = f"{description.strip()} {zero_note}".strip()
    parts = [
        f'<svg class="chart{" chart-small" if small else ""}" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'viewBox="0 0 {layout.width} {layout.height}" width="100%" preserveAspectRatio="xMidYMid meet" '
        f'font-size="{layout.font}" font-family="system-ui, sans-serif" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(_describe(description, series, targets, fmt))}</desc>',
    ]
    plot_left, plot_right = layout.left, layout.width - layout.right
    plot_top, plot_bottom = layout.top, layout.height - layout.bottom
    if not values:
        parts.append(
            f'<rect class="chart-frame" x="{plot_left}" y="{plot_top}" width="{plot_right - plot_left}" '
            f'height="{plot_bottom - plot_top}" fill="none" stroke="#d5dde4"/>'
        )
        parts.append(
            f'<text class="chart-empty" x="{(plot_left + plot_right) / 2}" y="{(plot_top + plot_bottom) / 2}" '
            f'text-anchor="middle" fill="#4a5566">{escape(empty_text)}</text>'
        )
        parts.append("</svg>")
        return "".join(parts)

    first_year, last_year = min(years), max(years)
    low, high = min(values), max(values)
    if low >= 0:
        # Counts and rates start at zero: a truncated axis makes a small change look steep.
        ticks = nice_ticks(0, high * 1.05 or 1, layout.ticks)
    else:
        padding = (high - low) * 0.08 or abs(high) * 0.02 or 1
        ticks = nice_ticks(low - padding, high + padding, layout.ticks)
    y_min, y_max = ticks[0], ticks[-1]

    def x(year: int) -> float:
        if last_year == first_year:
            return round((plot_left + plot_right) / 2, 1)
        return round(plot_left + 8 + (year - first_year) / (last_year - first_year) * (plot_right - plot_left - 16), 1)

    def y(value: float) -> float:
        return round(plot_bottom - (float(value) - y_min) / (y_max - y_min) * (plot_bottom - plot_top), 1)

    # Grid and y axis.
    for tick in ticks:
        parts.append(
            f'<line class="chart-grid" x1="{plot_left}" x2="{plot_right}" y1="{y(tick)}" y2="{y(tick)}" '
            f'stroke="#d5dde4" stroke-width="1"/>'
            f'<text class="chart-tick" x="{plot_left - 4}" y="{y(tick) + layout.font / 3}" text-anchor="end" '
            f'fill="#4a5566">{escape(fmt(tick))}</text>'
        )
    # X axis: every year when they fit, otherwise an even spread.
    span = last_year - first_year
    max_labels = 4 if small else 6
    step = max(1, math.ceil((span + 1) / max_labels))
    tick_years = list(range(first_year, last_year + 1, step))
    # The last year always gets a label; it replaces the previous one when they would touch.
    if tick_years[-1] != last_year and last_year - tick_years[-1] >= step:
        tick_years.append(last_year)
    elif tick_years[-1] != last_year:
        tick_years[-1] = last_year
    parts.append(
        f'<line class="chart-axis" x1="{plot_left}" x2="{plot_right}" y1="{plot_bottom}" y2="{plot_bottom}" '
        f'stroke="#4a5566" stroke-width="1"/>'
    )
    for year in tick_years:
        parts.append(
            f'<text class="chart-tick" x="{x(year)}" y="{plot_bottom + layout.font + 4}" text-anchor="middle" '
            f'fill="#4a5566">{year}</text>'
        )
    if x_label and not small:
        parts.append(
            f'<text class="chart-axis-label" x="{(plot_left + plot_right) / 2}" y="{layout.height - 4}" '
            f'text-anchor="middle" fill="#1c2430">{escape(x_label)}</text>'
        )
    if y_label:
        parts.append(
            f'<text class="chart-axis-label" x="4" y="{layout.top - 10}" fill="#1c2430">{escape(y_label)}</text>'
        )

    # Target lines: dashed, from the baseline to the target value.
    for target in targets:
        end_x, end_y = x(target.end[0]), y(target.end[1])
        if target.start:
            start_x, start_y = x(target.start[0]), y(target.start[1])
        else:
            start_x, start_y = plot_left, end_y
        parts.append(
            f'<g class="chart-target" data-year="{target.end[0]}" data-value="{target.end[1]}">'
            f'<line x1="{start_x}" y1="{start_y}" x2="{end_x}" y2="{end_y}" stroke="#b5521b" stroke-width="2" '
            f'stroke-dasharray="6 4"/>'
            f'<path d="M{end_x - 5} {end_y}L{end_x} {end_y - 5}L{end_x + 5} {end_y}L{end_x} {end_y + 5}Z" '
            f'fill="#b5521b"/></g>'
        )

    # Series: a line between adjacent years only, and a marker for every point.
    for index, s in enumerate(series):
        points = sorted(s.points)
        segments, current = [], []
        for year, value in points:
            if current and year != current[-1][0] + 1:
                segments.append(current)
                current = []
            current.append((year, value))
        if current:
            segments.append(current)
        css = escape(s.css_class)
        parts.append(f'<g class="{css} chart-series-{index}">')
        for segment in segments:
            if len(segment) > 1:
                coords = " ".join(f"{x(year)},{y(value)}" for year, value in segment)
                parts.append(f'<polyline points="{coords}" fill="none" stroke="#0b4f6c" stroke-width="2.5"/>')
        for year, value in points:
            parts.append(
                f'<circle class="chart-point" cx="{x(year)}" cy="{y(value)}" r="{layout.radius}" fill="#0b4f6c" '
                f'data-year="{year}" data-value="{value}"/>'
            )
        parts.append("</g>")

    # Legend, top right.
    legend = [(s.label, "series") for s in series[:1]] + [(t.label, "target") for t in targets[:1]]
    legend_x = plot_right
    for label, kind in reversed(legend):
        text_width = len(label) * layout.font * 0.6
        legend_x -= text_width + 24
        y_mid = round(layout.font * 0.8, 1)
        if kind == "series":
            mark = (
                f'<line x1="{legend_x}" x2="{legend_x + 16}" y1="{y_mid}" y2="{y_mid}" stroke="#0b4f6c" '
                f'stroke-width="2.5"/>'
            )
        else:
            mark = (
                f'<line x1="{legend_x}" x2="{legend_x + 16}" y1="{y_mid}" y2="{y_mid}" stroke="#b5521b" '
                f'stroke-width="2" stroke-dasharray="6 4"/>'
            )
        parts.append(
            f'<g class="chart-legend">{mark}<text x="{legend_x + 20}" y="{y_mid + layout.font / 3}" '
            f'fill="#1c2430">{escape(label)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _describe(
    description: str, series: Sequence[Series], targets: Sequence[TargetLine], fmt: Callable[[Decimal], str]
) -> str:
    """The chart as text: what a screen reader hears and what shows when SVG does not render."""
    lines = [description.strip()] if description.strip() else []
    for s in series:
        if s.points:
            values = ", ".join(f"{year}: {fmt(value)}" for year, value in sorted(s.points))
            lines.append(f"{s.label}: {values}.")
    for target in targets:
        lines.append(f"{target.label}: {fmt(target.end[1])} ({target.end[0]}).")
    return " ".join(lines)
