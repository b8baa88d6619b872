"""The trend chart: a measure's values over time against its target, as accessible SVG, with
a one-sentence text summary and a data table.

A pure function of its inputs: the same points give the same SVG, byte for byte, so web
pages, PDF and Word reports can all reuse it (and tests can compare it). Beside the chart go
the two things WCAG asks for: the summary (also carried inside the SVG, one image named by
its title and summary) and the table of the figures it draws. Nothing is told apart by
colour alone: values are a solid line with filled circles, the target a dashed step line,
and each has a direct label at its latest point.

Drawn with altair (Vega-Lite) and rendered offline by :mod:`~councilstat.reports.charts.svg`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import altair as alt

from councilstat.reports.charts.data import TrendPoint, trend_summary
from councilstat.reports.charts.svg import accessible_svg, vega_lite_svg
from councilstat.reports.formatting import Shown, format_value, precision_of
from councilstat.reports.words import unit_title

__all__ = ["Chart", "ChartRow", "trend_chart"]

WIDTH = 640
HEIGHT = 260
VALUE_COLOUR = "#1d70b8"  # GOV.UK blue
TARGET_COLOUR = "#0b0c0c"  # GOV.UK black
VALUE, TARGET = "Value", "Target"
_SERIES = [VALUE, TARGET]


@dataclass(frozen=True)
class ChartRow:
    """One row of a chart's data table, formatted for display."""

    period: str
    value: str
    target: str


@dataclass(frozen=True)
class Chart:
    """An accessible chart: the SVG (empty when there is nothing to draw), its one-sentence
    text summary, and its data table."""

    svg: str
    summary: str
    columns: tuple[str, ...]
    rows: tuple[ChartRow, ...]


def trend_chart(
    points: Iterable[TrendPoint | tuple[str, Decimal | None, Decimal | None]],
    *,
    unit: Shown,
    title: str,
) -> Chart:
    """A measure's values over ``points`` (in the order given) with its target as a step line."""
    series = [TrendPoint(*point) for point in points]
    summary = trend_summary(series, unit=unit, title=title)
    rows = tuple(
        ChartRow(p.period, format_value(p.value, unit), format_value(p.target, unit))
        for p in series
    )
    columns = ("Period", VALUE, TARGET)
    if not any(p.value is not None or p.target is not None for p in series):
        return Chart(svg="", summary=summary, columns=columns, rows=rows)
    spec = _trend_spec(series, unit=unit, title=title)
    svg = accessible_svg(vega_lite_svg(spec.to_json()), title=title, summary=summary)
    return Chart(svg=svg, summary=summary, columns=columns, rows=rows)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _records(points: Sequence[TrendPoint], unit: Shown) -> list[dict[str, Any]]:
    """Long-form rows for Vega-Lite: one per period and series, with the direct labels."""
    records: list[dict[str, Any]] = []
    for series, pick in ((VALUE, _value_of), (TARGET, _target_of)):
        present = [(i, p) for i, p in enumerate(points) if pick(p) is not None]
        last = present[-1][0] if present else -1
        for index, point in present:
            amount = pick(point)
            label = ""
            if index == last:
                shown = format_value(amount, unit)
                label = shown if series == VALUE else f"Target {shown}"
            records.append(
                {
                    "period": point.period,
                    "series": series,
                    "amount": _number(amount),
                    "label": label,
                }
            )
    return records


def _value_of(point: TrendPoint) -> Decimal | None:
    return point.value


def _target_of(point: TrendPoint) -> Decimal | None:
    return point.target


def _label_offsets(points: Sequence[TrendPoint]) -> tuple[int, int]:
    """Vertical offsets for the value and target labels, so they never sit on each other:
    whichever line ends higher is labelled above, the other below."""
    values = [p.value for p in points if p.value is not None]
    targets = [p.target for p in points if p.target is not None]
    if values and targets and values[-1] < targets[-1]:
        return 8, -8
    return -8, 8


def _trend_spec(points: Sequence[TrendPoint], *, unit: Shown, title: str) -> alt.LayerChart:
    base = alt.Chart(alt.InlineData(values=_records(points, unit)))
    periods = [p.period for p in points]
    x = alt.X(
        "period:O",
        sort=periods,
        scale=alt.Scale(domain=periods),
        title="Period",
        axis=alt.Axis(labelAngle=-45, labelOverlap=True),
    )
    y = alt.Y("amount:Q", title=unit_title(precision_of(unit).unit), scale=alt.Scale(zero=False))
    # Explicit domains: a nominal scale otherwise sorts its domain alphabetically.
    colour = alt.Color(
        "series:N",
        title=None,
        scale=alt.Scale(domain=_SERIES, range=[VALUE_COLOUR, TARGET_COLOUR]),
        legend=alt.Legend(orient="bottom", symbolType="stroke", symbolStrokeWidth=2),
    )
    dash = alt.StrokeDash(
        "series:N", title=None, scale=alt.Scale(domain=_SERIES, range=[[1, 0], [6, 4]])
    )
    is_value, is_target = alt.datum.series == VALUE, alt.datum.series == TARGET
    value_dy, target_dy = _label_offsets(points)
    target_line = (
        base.transform_filter(is_target)
        .mark_line(interpolate="step-after", strokeWidth=2)
        .encode(x=x, y=y, color=colour, strokeDash=dash)
    )
    value_line = (
        base.transform_filter(is_value)
        .mark_line(strokeWidth=2, point=alt.OverlayMarkDef(filled=True, size=40))
        .encode(x=x, y=y, color=colour, strokeDash=dash)
    )
    labels = [
        base.transform_filter(test & (alt.datum.label != ""))
        .mark_text(align="left", dx=8, dy=dy, fontWeight="bold", color=text_colour)
        .encode(x=x, y=y, text="label:N")
        for test, dy, text_colour in (
            (is_target, target_dy, TARGET_COLOUR),
            (is_value, value_dy, VALUE_COLOUR),
        )
    ]
    chart: alt.LayerChart = (
        alt.layer(target_line, value_line, *labels)
        .properties(width=WIDTH, height=HEIGHT, title=title)
        # Room for the direct labels at the right, even in a font wider than the one measured.
        .properties(padding={"left": 5, "top": 5, "bottom": 5, "right": 40})
        .configure(font="Arial, Helvetica, sans-serif", aria=False)
        .configure_axis(labelFontSize=12, titleFontSize=13)
        .configure_title(fontSize=15, anchor="start")
    )
    return chart
