"""Statistical process control charts in the NHS "Making Data Count" style, as accessible SVG.

Draws a :class:`~councilstat.core.spc.SpcResult` server-side (altair, rendered offline by
:mod:`~councilstat.reports.charts.svg`), so one chart serves web pages, PDF and Word reports;
its words (summary, data table, point types) come from
:mod:`~councilstat.reports.charts.spc_text`. It shows the values as a grey line (broken at
missing periods); the mean (solid) and process limits (dashed) of each rebase group, one
segment per group, with a dotted upright line labelled "New limits" where each new group
starts (a series break: the measure's definition changed); the target (red, dash-dot, labelled
"Target"), at each point the target then in force when the caller gives them, so a target
changed from one year to the next steps; and each point coloured
*and shaped* by its type, with one legend in words, so colour is never the only signal:

- common cause: grey circle;
- special cause improvement (blue) and concern (orange): a triangle pointing the way the
  values moved (up for improvements where higher is better, down where lower is better), so
  each type in a chart has its own shape, matching the H/L of the variation icon;
- special cause on a neutral measure (purple): triangle up for high, down for low.

A percentage's limits are shown within 0 to 100 unless the measure may exceed 100: drawn
clipped, and in the summary and data table marked "(capped)" (``docs/statistics.md``). Output is
deterministic: the same result gives the same SVG, byte for byte.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import altair as alt

from councilstat.core.plan import Precision, Unit
from councilstat.core.spc import Improvement, PointType, SpcPoint, SpcResult
from councilstat.reports.charts.icons import BLUE, GREY, ORANGE, PURPLE
from councilstat.reports.charts.spc_text import (
    POINT_TYPE_WORDS,
    TABLE_HEADER,
    group_starts,
    point_period,
    spc_summary,
    spc_table,
)
from councilstat.reports.charts.svg import accessible_svg, axis_labels, vega_lite_svg
from councilstat.reports.formatting import Shown, limit_format, precision_of
from councilstat.reports.formatting import value_format as format_for
from councilstat.reports.words import unit_title

__all__ = [
    "ChartSvg",
    "LegendEntry",
    "legend_entries",
    "spc_chart_spec",
    "spc_chart_svg",
]

WIDTH, HEIGHT = 560, 260
MEAN, LIMITS, TARGET = "Mean", "Process limits", "Target"
NEW_LIMITS = "New limits"
TARGET_COLOUR = "#D4351C"  # 4.9:1 on white
_LINES = (  # legend label, colour, dash
    (MEAN, "#0B0C0C", [1, 0]),
    (LIMITS, "#505A5F", [6, 4]),
    (TARGET, TARGET_COLOUR, [10, 3, 2, 3]),
)
_UP, _DOWN = "triangle-up", "triangle-down"

_LEGEND: dict[str, Any] = dict(
    title=None, orient="bottom", columns=3, symbolSize=400, symbolStrokeWidth=2,
    symbolOpacity=1, labelOffset=12, rowPadding=6, labelLimit=0,
)  # fmt: skip


class LegendEntry(NamedTuple):
    """One legend entry, a point type or a line: its words, colour, symbol and dash."""

    label: str
    colour: str
    shape: str
    dash: list[int]


def legend_entries(improvement: Improvement, *, target: bool) -> tuple[LegendEntry, ...]:
    """The legend of a chart: the point types its improvement direction can give, then the
    mean, the limits and (with ``target``) the target line."""
    solid = [1, 0]
    if improvement is Improvement.NEUTRAL:
        points = [
            (PointType.SPECIAL_CAUSE_NEUTRAL_HIGH, PURPLE, _UP),
            (PointType.SPECIAL_CAUSE_NEUTRAL_LOW, PURPLE, _DOWN),
        ]
    else:
        high = improvement is Improvement.INCREASE
        points = [
            (PointType.SPECIAL_CAUSE_IMPROVEMENT, BLUE, _UP if high else _DOWN),
            (PointType.SPECIAL_CAUSE_CONCERN, ORANGE, _DOWN if high else _UP),
        ]
    points.insert(0, (PointType.COMMON_CAUSE, GREY, "circle"))
    entries = [LegendEntry(POINT_TYPE_WORDS[kind], c, shape, solid) for kind, c, shape in points]
    entries += [
        LegendEntry(label, colour, "stroke", dash)
        for label, colour, dash in _LINES
        if target or label != TARGET
    ]
    return tuple(entries)


@dataclass(frozen=True)
class ChartSvg:
    """An accessible chart: the SVG, a two-sentence summary, and its data table."""

    svg: str
    summary: str
    table: tuple[tuple[str, ...], ...]
    table_header: tuple[str, ...] = TABLE_HEADER


def _periods(result: SpcResult) -> list[str]:
    """Every period on the x axis, in order, missing ones included (they show as gaps)."""
    labels = {point.index: point_period(point) for point in result.points}
    gaps = (i for i in range(len(result.points) + len(result.missing)) if i not in labels)
    for index, marker in zip(gaps, result.missing, strict=False):
        labels[index] = marker if isinstance(marker, str) else str(marker + 1)
    return [labels[index] for index in sorted(labels)]


def _clip(value: float | None, precision: Precision | None) -> float | None:
    """Keep a percentage's limit within 0-100 (unless it may exceed 100) when drawn."""
    if value is None or precision is None:
        return value
    return precision.bounded(value)[0]


def _window(result: SpcResult, window: int) -> tuple[list[str], tuple[SpcPoint, ...]]:
    """The periods and points drawn: every one, or from the ``window``-th latest point on
    (``0`` for all). The limits stay those calculated over the whole series."""
    periods = _periods(result)
    if window <= 0 or len(result.points) <= window:
        return periods, result.points
    points = result.points[-window:]
    return periods[periods.index(point_period(points[0])) :], points


def _line_rows(
    result: SpcResult,
    points: Sequence[SpcPoint],
    periods: Sequence[str],
    precision: Precision | None,
    targets: Mapping[str, float] | None = None,
) -> list[dict[str, Any]]:
    """Mean and limit segments (one per rebase group) and the target, as long-form rows."""
    rows: list[dict[str, Any]] = []
    for point in points:
        limits = result.groups[point.group].limits
        period, group = point_period(point), point.group
        for key, line, amount in (
            (MEAN, f"mean-{group}", limits.mean),
            (LIMITS, f"lower-{group}", _clip(limits.lpl, precision)),
            (LIMITS, f"upper-{group}", _clip(limits.upl, precision)),
        ):
            if amount is not None:
                rows.append({"period": period, "key": key, "line": line, "amount": amount})
    if result.target is not None:
        rows.extend(
            {"period": period, "key": TARGET, "line": "target", "amount": amount}
            for period in periods
            if (amount := _target_at(result, targets, period)) is not None
        )
    return rows


def _target_at(result: SpcResult, targets: Mapping[str, float] | None, period: str) -> float | None:
    """The target line's height at ``period``: the target in force then, when the caller gives
    each period's (so a target that changed from one year to the next steps), else the one the
    assurance icon compares with."""
    if targets is None:
        return result.target
    return targets.get(period)


def _value_rows(result: SpcResult, periods: Sequence[str]) -> list[dict[str, Any]]:
    """One row per period: the value (``None`` for a missing period) and the point's type."""
    points = {point_period(point): point for point in result.points}
    return [
        {"period": period, "amount": None, "key": None}
        if (point := points.get(period)) is None
        else {"period": period, "amount": point.value, "key": POINT_TYPE_WORDS[point.type]}
        for period in periods
    ]


def _key_channels(entries: Sequence[LegendEntry]) -> tuple[alt.Color, alt.Shape, alt.StrokeDash]:
    """Colour, shape and dash channels sharing one domain, so Vega-Lite draws one legend."""
    domain = [entry.label for entry in entries]
    lines = [entry.label for entry in entries if entry.shape == "stroke"]
    # Line symbols need room to show their dash; point symbols stay near their chart size.
    symbol_size = f"indexof({json.dumps(lines)}, datum.value) >= 0 ? 400 : 90"
    legend = dict(_LEGEND, encode={"symbols": {"update": {"size": {"signal": symbol_size}}}})

    def scale(values: list[Any]) -> alt.Scale:
        return alt.Scale(domain=domain, range=values)

    return (
        alt.Color("key:N", scale=scale([e.colour for e in entries]), legend=legend),
        alt.Shape("key:N", scale=scale([e.shape for e in entries]), legend=legend),
        alt.StrokeDash("key:N", scale=scale([e.dash for e in entries]), legend=legend),
    )


def _axes(periods: Sequence[str], ticks: Sequence[str], unit: Unit | None) -> tuple[alt.X, alt.Y]:
    x = alt.X(
        "period:O",
        sort=list(periods),
        scale=alt.Scale(domain=list(periods)),
        title="Date",
        axis=alt.Axis(labelAngle=-45, labelOverlap=True, values=list(ticks)),
    )
    y_title = "Value" if unit is None else unit_title(unit)
    y = alt.Y("amount:Q", title=y_title, scale=alt.Scale(zero=False))
    return x, y


def _datasets(
    result: SpcResult,
    points: Sequence[SpcPoint],
    periods: Sequence[str],
    precision: Precision | None,
    targets: Mapping[str, float] | None = None,
) -> dict[str, Any]:
    """The chart's data, kept as top-level named datasets (altair copies inline data often)."""
    datasets: dict[str, Any] = {
        "lines": _line_rows(result, points, periods, precision, targets),
        "values": _value_rows(result, periods),
    }
    if result.target is not None:
        latest = _target_at(result, targets, periods[-1])
        datasets["target_label"] = [
            {"period": periods[-1], "amount": result.target if latest is None else latest,
             "text": TARGET}
        ]  # fmt: skip
    if len(result.groups) > 1:
        datasets["breaks"] = [
            {"period": period, "text": NEW_LIMITS}
            for period in group_starts(result)
            if period in periods
        ]
    return datasets


def _layers(
    improvement: Improvement,
    target: bool,
    periods: Sequence[str],
    ticks: Sequence[str],
    unit: Unit | None,
    breaks: bool = False,
) -> list[alt.Chart]:
    """Reference lines under the values line, the typed points on top, the target labelled."""
    x, y = _axes(periods, ticks, unit)
    entries = legend_entries(improvement, target=target)
    colour, shape, dash = _key_channels(entries)
    lines = alt.Chart(alt.NamedData(name="lines"))
    values = alt.Chart(alt.NamedData(name="values"))
    layers = [
        lines.mark_line(strokeWidth=1.5).encode(
            x=x, y=y, detail="line:N", color=colour, strokeDash=dash
        ),
        values.mark_line(color=GREY, strokeWidth=1.5).encode(x=x, y=y),
        values.transform_filter("datum.amount != null")
        .mark_point(filled=True, size=80, opacity=1, stroke="white", strokeWidth=0.75)
        .encode(x=x, y=y, color=colour, shape=shape),
    ]
    if target:
        layers.append(
            alt.Chart(alt.NamedData(name="target_label"))
            .mark_text(align="left", dx=8, baseline="middle", fontWeight="bold")
            .encode(x=x, y=y, text="text:N", color=alt.value(TARGET_COLOUR))
        )
    if breaks:
        marks = alt.Chart(alt.NamedData(name="breaks"))
        layers.append(marks.mark_rule(color=GREY, strokeDash=[2, 3], strokeWidth=1.5).encode(x=x))
        layers.append(
            marks.mark_text(align="left", dx=4, baseline="top", y=2, color=GREY).encode(
                x=x, text="text:N"
            )
        )
    return layers


_PERIODS = "\x00periods"
_TICKS = "\x00ticks"
_TITLE = "\x00title"
"""Stand-ins for the periods, the labelled periods and the title in a cached skeleton (no
chart has them)."""


@functools.lru_cache(maxsize=32)
def _skeleton(
    improvement: Improvement, target: bool, unit: Unit | None, breaks: bool = False
) -> str:
    """The chart's specification without its periods, title and data, as JSON: all that
    depends on the result is its improvement direction, whether it has a target and its unit.
    Building the specification with altair takes tens of milliseconds, so a report of many
    charts builds each kind once and fills in the rest."""
    layers = _layers(improvement, target, [_PERIODS], [_TICKS], unit, breaks)
    chart = alt.layer(*layers).properties(width=WIDTH, height=HEIGHT, title=_TITLE)
    return json.dumps(chart.to_dict(validate=False))


def _fill(part: Any, periods: list[str], ticks: list[str], title: str) -> Any:
    """A copy of a skeleton's ``part`` with the stand-ins replaced."""
    if isinstance(part, dict):
        return {key: _fill(value, periods, ticks, title) for key, value in part.items()}
    if isinstance(part, list):
        if part == [_PERIODS]:
            return list(periods)
        if part == [_TICKS]:
            return list(ticks)
        return [_fill(value, periods, ticks, title) for value in part]
    return title if part == _TITLE else part


def spc_chart_spec(
    result: SpcResult,
    *,
    title: str,
    unit: Shown | None = None,
    window: int = 0,
    targets: Mapping[str, float] | None = None,
) -> dict[str, Any]:
    """The Vega-Lite specification :func:`spc_chart_svg` renders, as a plain dict: every point,
    or the latest ``window`` of them. ``targets``, by period label, draw the target in force at
    each point (a step where it changed); without them the line is the one target the
    assurance compares with."""
    periods, points = _window(result, window)
    precision = None if unit is None else precision_of(unit)
    kind = None if precision is None else precision.unit
    skeleton = json.loads(
        _skeleton(result.improvement, result.target is not None, kind, len(result.groups) > 1)
    )
    spec: dict[str, Any] = _fill(skeleton, periods, axis_labels(periods, WIDTH), title)
    # Plain dicts: each altair configure_* call would deep-copy the whole chart again.
    spec["config"] = {
        "font": "Arial, Helvetica, sans-serif",
        "aria": False,
        "axis": {"labelFontSize": 12, "titleFontSize": 13},
        "legend": {"labelFontSize": 12},
        "title": {"fontSize": 15, "anchor": "start"},
    }
    spec["datasets"] = _datasets(result, points, periods, precision, targets)
    return spec


def spc_chart_svg(
    result: SpcResult,
    *,
    title: str,
    unit: Shown | None = None,
    value_format: Callable[[float], str] | None = None,
    period_noun: str = "point",
    window: int = 0,
    targets: Mapping[str, float] | None = None,
) -> ChartSvg:
    """Draw ``result`` as an accessible SVG chart, with its summary and data table.

    ``unit`` (a measure, its precision or a unit) titles the y axis (``None``: a plain
    "Value") and, without ``value_format``, shows figures at the measure's precision; a
    percentage's limits are kept within 0 to 100 (:func:`limit_format`).
    ``period_noun`` names one period in the summary ("month" gives "for 3 months").
    ``window`` draws only the latest points (the summary and the table keep every one).
    ``targets`` (by period label) draw the target in force at each point.
    """
    shown = _PLAIN if unit is None else unit
    show = value_format or format_for(shown)
    limit = limit_format(shown) if value_format is None else value_format
    summary = spc_summary(result, value_format=show, limit_format=limit, period_noun=period_noun)
    spec = spc_chart_spec(result, title=title, unit=unit, window=window, targets=targets)
    return ChartSvg(
        svg=accessible_svg(vega_lite_svg(spec), title=title, summary=summary, id_prefix="spc"),
        summary=summary,
        table=spc_table(result, value_format=show, limit_format=limit),
    )


_PLAIN = Precision(Unit.RATIO)
"""Figures of a chart drawn without a unit: two decimal places."""
