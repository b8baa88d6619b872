"""Statistical process control charts in the NHS "Making Data Count" style, as accessible SVG.

Draws a :class:`~councilstat.core.spc.SpcResult` server-side (altair, rendered offline by
vl-convert), so one chart serves web pages, PDF and Word reports. It shows the values as a
grey line (broken at missing periods); the mean (solid) and process limits (dashed) of each
rebase group, one segment per group; the target (red, dash-dot, labelled "Target"); and each
point coloured *and shaped* by its type, with one legend in words, so colour is never the
only signal:

- common cause: grey circle;
- special cause improvement (blue) and concern (orange): a triangle pointing the way the
  values moved (up for improvements where higher is better, down where lower is better), so
  each type in a chart has its own shape, matching the H/L of the variation icon;
- special cause on a neutral measure (purple): triangle up for high, down for low.

Limits are clipped to 0-100 *for drawing only* on a percentage chart; the summary and data
table give them as calculated (``docs/statistics.md``: only charts clip limits). Output is
deterministic: the same result gives the same SVG, byte for byte.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import altair as alt
import vl_convert

from councilstat.core.narrative import spc_reading
from councilstat.core.spc import Improvement, PointType, Rule, SpcPoint, SpcResult
from councilstat.reports.icons import BLUE, GREY, ORANGE, PURPLE

__all__ = [
    "POINT_TYPE_WORDS",
    "RULE_WORDS",
    "TABLE_HEADER",
    "ChartSvg",
    "LegendEntry",
    "is_percent",
    "legend_entries",
    "spc_chart_spec",
    "spc_chart_svg",
    "spc_summary",
    "spc_table",
    "warm_up",
]

WIDTH, HEIGHT = 560, 260
MEAN, LIMITS, TARGET = "Mean", "Process limits", "Target"
TARGET_COLOUR = "#D4351C"  # 4.9:1 on white
_LINES = (  # legend label, colour, dash
    (MEAN, "#0B0C0C", [1, 0]),
    (LIMITS, "#505A5F", [6, 4]),
    (TARGET, TARGET_COLOUR, [10, 3, 2, 3]),
)
_UP, _DOWN = "triangle-up", "triangle-down"

POINT_TYPE_WORDS: dict[PointType, str] = {
    PointType.COMMON_CAUSE: "Common cause",
    PointType.SPECIAL_CAUSE_IMPROVEMENT: "Special cause: improvement",
    PointType.SPECIAL_CAUSE_CONCERN: "Special cause: concern",
    PointType.SPECIAL_CAUSE_NEUTRAL_HIGH: "Special cause: higher than usual",
    PointType.SPECIAL_CAUSE_NEUTRAL_LOW: "Special cause: lower than usual",
}
"""A point's type in plain words, as the legend and the data table give it."""

RULE_WORDS: dict[Rule, str] = {
    Rule.ABOVE_UPL: "Above the upper process limit",
    Rule.BELOW_LPL: "Below the lower process limit",
    Rule.TREND_INCREASING: "Part of a rising trend",
    Rule.TREND_DECREASING: "Part of a falling trend",
    Rule.TWO_IN_THREE_ABOVE: "Two of three points close to the upper limit",
    Rule.TWO_IN_THREE_BELOW: "Two of three points close to the lower limit",
    Rule.SHIFT_ABOVE: "Part of a run above the mean",
    Rule.SHIFT_BELOW: "Part of a run below the mean",
}
"""Each special-cause rule in plain words, for the data table."""

TABLE_HEADER = (
    "Date", "Value", "Mean", "Lower process limit", "Upper process limit", "Point type",
    "Special-cause rules met",
)  # fmt: skip

_LEGEND: dict[str, Any] = dict(
    title=None, orient="bottom", columns=3, symbolSize=400, symbolStrokeWidth=2,
    symbolOpacity=1, labelOffset=12, rowPadding=6, labelLimit=0,
)  # fmt: skip
_PERCENT_LABELS = frozenset({"%", "percent", "per cent", "percentage"})


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


def is_percent(unit_label: str) -> bool:
    """Whether ``unit_label`` names a percentage ("%", "per cent", "Percent", ...)."""
    return unit_label.strip().lower() in _PERCENT_LABELS


def _default_format(percent: bool) -> Callable[[float], str]:
    """``95.1%`` on a percentage chart, else up to two decimal places: ``1,250.5``."""

    def show(value: float) -> str:
        if percent:
            return f"{value:,.1f}%"
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text

    return show


def _period(point: SpcPoint) -> str:
    return point.date if point.date is not None else str(point.index + 1)


def _periods(result: SpcResult) -> list[str]:
    """Every period on the x axis, in order, missing ones included (they show as gaps)."""
    labels = {point.index: _period(point) for point in result.points}
    gaps = (i for i in range(len(result.points) + len(result.missing)) if i not in labels)
    for index, marker in zip(gaps, result.missing, strict=False):
        labels[index] = marker if isinstance(marker, str) else str(marker + 1)
    return [labels[index] for index in sorted(labels)]


def _clip(value: float | None, percent: bool) -> float | None:
    """Keep a limit within 0-100 on a percentage chart (display only)."""
    if value is None or not percent:
        return value
    return min(100.0, max(0.0, value))


def _line_rows(result: SpcResult, periods: Sequence[str], percent: bool) -> list[dict[str, Any]]:
    """Mean and limit segments (one per rebase group) and the target, as long-form rows."""
    rows: list[dict[str, Any]] = []
    for point in result.points:
        limits = result.groups[point.group].limits
        period, group = _period(point), point.group
        for key, line, amount in (
            (MEAN, f"mean-{group}", limits.mean),
            (LIMITS, f"lower-{group}", _clip(limits.lpl, percent)),
            (LIMITS, f"upper-{group}", _clip(limits.upl, percent)),
        ):
            if amount is not None:
                rows.append({"period": period, "key": key, "line": line, "amount": amount})
    if result.target is not None:
        rows.extend(
            {"period": period, "key": TARGET, "line": "target", "amount": result.target}
            for period in periods
        )
    return rows


def _value_rows(result: SpcResult, periods: Sequence[str]) -> list[dict[str, Any]]:
    """One row per period: the value (``None`` for a missing period) and the point's type."""
    points = {_period(point): point for point in result.points}
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


def _axes(periods: Sequence[str], unit_label: str) -> tuple[alt.X, alt.Y]:
    x = alt.X(
        "period:O",
        sort=list(periods),
        scale=alt.Scale(domain=list(periods)),
        title="Date",
        axis=alt.Axis(labelAngle=-45, labelOverlap=True),
    )
    y = alt.Y("amount:Q", title=unit_label or "Value", scale=alt.Scale(zero=False))
    return x, y


def _datasets(result: SpcResult, periods: Sequence[str], percent: bool) -> dict[str, Any]:
    """The chart's data, kept as top-level named datasets (altair copies inline data often)."""
    datasets: dict[str, Any] = {
        "lines": _line_rows(result, periods, percent),
        "values": _value_rows(result, periods),
    }
    if result.target is not None:
        datasets["target_label"] = [
            {"period": periods[-1], "amount": result.target, "text": TARGET}
        ]
    return datasets


def _layers(result: SpcResult, periods: Sequence[str], unit_label: str) -> list[alt.Chart]:
    """Reference lines under the values line, the typed points on top, the target labelled."""
    x, y = _axes(periods, unit_label)
    entries = legend_entries(result.improvement, target=result.target is not None)
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
    if result.target is not None:
        layers.append(
            alt.Chart(alt.NamedData(name="target_label"))
            .mark_text(align="left", dx=8, baseline="middle", fontWeight="bold")
            .encode(x=x, y=y, text="text:N", color=alt.value(TARGET_COLOUR))
        )
    return layers


def spc_chart_spec(result: SpcResult, *, title: str, unit_label: str = "") -> dict[str, Any]:
    """The Vega-Lite specification :func:`spc_chart_svg` renders, as a plain dict."""
    periods = _periods(result)
    chart = alt.layer(*_layers(result, periods, unit_label)).properties(
        width=WIDTH, height=HEIGHT, title=title
    )
    spec: dict[str, Any] = chart.to_dict(validate=False)
    # Plain dicts: each altair configure_* call would deep-copy the whole chart again.
    spec["config"] = {
        "font": "Arial, Helvetica, sans-serif",
        "aria": False,
        "axis": {"labelFontSize": 12, "titleFontSize": 13},
        "legend": {"labelFontSize": 12},
        "title": {"fontSize": 15, "anchor": "start"},
    }
    spec["datasets"] = _datasets(result, periods, is_percent(unit_label))
    return spec


def _sentence(readings: Sequence[str]) -> str:
    """Join readings into one sentence: ``A; b; c.``"""
    parts = [readings[0], *(r[:1].lower() + r[1:] for r in readings[1:])]
    return "; ".join(parts) + "."


def spc_summary(
    result: SpcResult,
    *,
    value_format: Callable[[float], str],
    period_noun: str = "point",
) -> str:
    """Two sentences: the latest value against the mean, limits and target; then what the
    variation and assurance icons say (:func:`~councilstat.core.narrative.spc_reading`)."""
    latest = result.points[-1]
    when = f" ({latest.date})" if latest.date is not None else ""
    figures = f"The latest value is {value_format(latest.value)}{when}; the mean is "
    figures += value_format(result.mean)
    if result.lpl is None or result.upl is None:
        since = " since the limits were recalculated" if len(result.groups) > 1 else ""
        figures += f", with no process limits yet (one value{since})"
    elif result.no_variation:
        figures += ", with no variation, so the process limits equal the mean"
    else:
        figures += f", with process limits from {value_format(result.lpl)} to "
        figures += value_format(result.upl)
    if result.target is not None:
        figures += f", and the target is {value_format(result.target)}"
    return f"{figures}. {_sentence(spc_reading(result, period_noun))}"


def spc_table(
    result: SpcResult, *, value_format: Callable[[float], str]
) -> tuple[tuple[str, ...], ...]:
    """One row per observed point, with its group's mean and limits as calculated (unclipped)."""

    def shown(value: float | None) -> str:
        return "–" if value is None else value_format(value)

    rows = []
    for point in result.points:
        limits = result.groups[point.group].limits
        rules = "; ".join(RULE_WORDS[rule] for rule in point.rules) or "None"
        rows.append(
            (
                _period(point),
                value_format(point.value),
                value_format(limits.mean),
                shown(limits.lpl),
                shown(limits.upl),
                POINT_TYPE_WORDS[point.type],
                rules,
            )
        )
    return tuple(rows)


_SVG_OPEN = re.compile(r"<svg\b([^>]*)>")
_IDS = re.compile(r'\bid="([^"]+)"')
_PLACEHOLDER = re.compile(r"\x00(\d+)\x00")


def _stable_ids(svg: str, salt: str) -> tuple[str, str]:
    """Rename every element id (Vega numbers clip paths with a per-process counter) to one
    derived from the chart's content, so renders are identical and ids unique on a page.
    Returns the SVG and the chart's id prefix."""
    for number, name in enumerate(dict.fromkeys(_IDS.findall(svg))):
        svg = re.sub(
            rf'(id="|url\(#|href="#){re.escape(name)}(?=[")])', rf"\g<1>\x00{number}\x00", svg
        )
    prefix = "spc-" + hashlib.sha256((salt + svg).encode()).hexdigest()[:12]
    return _PLACEHOLDER.sub(rf"{prefix}-\1", svg), prefix


def accessible_svg(svg: str, *, title: str, summary: str) -> str:
    """Make ``svg`` one image (``role="img"``) named by a ``<title>`` and ``<desc>`` it gains,
    with no roles inside, shrinking to fit narrow screens (the viewBox is kept)."""
    svg = re.sub(r'\s(?:role|aria-[a-z]+)="[^"]*"', "", svg)
    svg, prefix = _stable_ids(svg, title + "\x00" + summary)
    match = _SVG_OPEN.search(svg)
    if match is None:
        raise ValueError("not an SVG document")
    attributes = re.sub(r'\s(?:style|focusable)="[^"]*"', "", match.group(1))
    opening = (
        f'<svg{attributes} role="img" aria-labelledby="{prefix}-title {prefix}-desc" '
        'focusable="false" style="max-width: 100%; height: auto">'
        f'<title id="{prefix}-title">{html.escape(title, quote=False)}</title>'
        f'<desc id="{prefix}-desc">{html.escape(summary, quote=False)}</desc>'
    )
    return svg[: match.start()] + opening + svg[match.end() :]


@functools.cache
def warm_up() -> None:
    """Start vl-convert's JavaScript engine, whose first render costs most of a second.

    Runs once per process (later calls return at once); call it at a web worker's start-up to
    take the cost off the first page view. Importing this module does not call it.
    """
    vl_convert.vegalite_to_svg({"mark": "point", "data": {"values": [{}]}})


def spc_chart_svg(
    result: SpcResult,
    *,
    title: str,
    unit_label: str = "",
    value_format: Callable[[float], str] | None = None,
    period_noun: str = "point",
) -> ChartSvg:
    """Draw ``result`` as an accessible SVG chart, with its summary and data table.

    ``unit_label`` titles the y axis; a percentage label ("%", "per cent") also clips the
    drawn limits to 0-100 and, without ``value_format``, shows values as ``95.1%``.
    ``period_noun`` names one period in the summary ("month" gives "for 3 months").
    """
    show = value_format or _default_format(is_percent(unit_label))
    summary = spc_summary(result, value_format=show, period_noun=period_noun)
    spec = spc_chart_spec(result, title=title, unit_label=unit_label)
    raw = vl_convert.vegalite_to_svg(spec)
    return ChartSvg(
        svg=accessible_svg(raw, title=title, summary=summary),
        summary=summary,
        table=spc_table(result, value_format=show),
    )
