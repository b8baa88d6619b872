"""The charts of a committee report as plain data: what each one draws, its one-sentence text
summary (the alt text) and its data table.

Drawing them, SVG for HTML and PDF and PNG for Word and Excel, is
:mod:`councilstat.reports.charts.images`' job, so the report model stays plain data (no
drawing library is imported here) and each renderer draws only the charts it shows. The
chart modules draw the same words: :func:`trend_summary` here and
:func:`~councilstat.reports.charts.spc_text.spc_summary`, so a chart says the same in every
format.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from councilstat.core.narrative import plural
from councilstat.core.plan import Precision, Unit
from councilstat.core.spc import SpcResult
from councilstat.reports.charts.spc_text import TABLE_HEADER, spc_summary, spc_table
from councilstat.reports.formatting import (
    Shown,
    format_value,
    limit_format,
    precision_of,
    value_format,
)

__all__ = [
    "CHART_POINTS",
    "limit_format",
    "ChartData",
    "ChartKind",
    "MetPoint",
    "TrendPoint",
    "met_share_chart",
    "spc_chart_data",
    "trend_chart_data",
    "trend_summary",
    "value_format",
]


CHART_POINTS = 36
"""A report's exception chart draws, and its printed table gives, at most the latest 36 points
(three years of months), with the limits calculated over the whole series; the Excel workbook
gives every point, and a measure's page on the web draws them all."""


class TrendPoint(NamedTuple):
    """One period of a measure: its label, value and the target in force (either may be
    missing). A plain ``(period, value, target)`` tuple does as well."""

    period: str
    value: Decimal | None
    target: Decimal | None


def trend_summary(points: Sequence[TrendPoint], *, unit: Shown, title: str) -> str:
    """One sentence: how many values, from when to when, the latest and its target."""
    valued = [p for p in points if p.value is not None]
    if not valued:
        return f"{title}: no values have been reported yet."
    first, latest = valued[0], valued[-1]
    latest_text = f"{format_value(latest.value, unit)} in {latest.period}"
    against = (
        f" against a target of {format_value(latest.target, unit)}"
        if latest.target is not None
        else ", with no target set"
    )
    if len(valued) == 1:
        return f"{title}: one value, {latest_text}{against}."
    return (
        f"{title}: {len(valued)} values from {format_value(first.value, unit)} in "
        f"{first.period} to {latest_text}{against}."
    )


class ChartKind(StrEnum):
    SPARKLINE = "sparkline"
    """A measure's last eight quarters, drawn small beside its row of the measures table."""
    TREND = "trend"
    """A measure's values and target over time at its own frequency (``charts.trend``)."""
    SPC = "spc"
    """A statistical process control chart (``charts.spc``)."""
    MET_SHARE = "met_share"
    """The share of rated measures on target, quarter by quarter."""


@dataclass(frozen=True)
class MetPoint:
    """One quarter of the headline series: measures on target out of those rated."""

    quarter: str
    met: int
    rated: int
    met_pct: int | None


@dataclass(frozen=True)
class ChartData:
    """Everything needed to draw one chart and to say what it shows without it."""

    kind: ChartKind
    key: str
    """Unique within a report and safe as an HTML id, e.g. ``spc-1A3``."""
    title: str
    summary: str
    """The chart's one- or two-sentence text summary: its alt text."""
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    """The data table, formatted for display, one tuple per row."""
    table_note: str = ""
    """A sentence that goes with the table (what every row shares, left out of its columns)."""
    precision: Precision = Precision(Unit.NUMBER)
    """How the measure's figures are shown (its unit and decimal places)."""
    code: str = ""
    """The measure's code (empty for the headline chart)."""
    points: tuple[TrendPoint, ...] = ()
    """What a trend, sparkline or share chart draws (period, value, target)."""
    spc: SpcResult | None = None
    """What an SPC chart draws."""
    period_noun: str = "point"
    window: int = 0
    """Draw only the latest ``window`` points of an SPC chart (``0``: all)."""
    targets: tuple[tuple[str, float], ...] = ()
    """The target in force at each of an SPC chart's periods, by label, for its target line
    (empty: the one target its assurance compares with)."""

    @property
    def unit(self) -> Unit:
        return self.precision.unit

    @property
    def drawn_note(self) -> str:
        """What the drawing leaves out, in a sentence; empty when it draws every point."""
        if self.spc is None or not 0 < self.window < len(self.spc.points):
            return ""
        return (
            f"The chart shows the latest {self.window} of its {len(self.spc.points)} points; "
            "its mean and limits are calculated from them all."
        )


_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def chart_key(kind: ChartKind, code: str) -> str:
    """``spc-1A3``: an id-safe key from the chart's kind and measure code."""
    return f"{kind.value}-{_UNSAFE.sub('-', code).strip('-') or 'chart'}"


def trend_chart_data(
    kind: ChartKind,
    code: str,
    title: str,
    unit: Shown,
    points: Sequence[TrendPoint],
    *,
    period_heading: str = "Period",
) -> ChartData:
    """A trend or sparkline of ``points``; its summary names the measure."""
    name = f"{code} {title}"
    rows = tuple(
        (p.period, format_value(p.value, unit), format_value(p.target, unit)) for p in points
    )
    return ChartData(
        kind=kind,
        key=chart_key(kind, code),
        title=name,
        summary=trend_summary(points, unit=unit, title=name),
        header=(period_heading, "Value", "Target"),
        rows=rows,
        precision=precision_of(unit),
        code=code,
        points=tuple(points),
    )


def spc_chart_data(
    code: str,
    title: str,
    unit: Shown,
    result: SpcResult,
    *,
    period_noun: str,
    window: int = 0,
    targets: Mapping[str, float] | None = None,
) -> ChartData:
    """A measure's SPC chart, with the summary and table ``charts.spc`` gives it. With
    one set of limits (no rebasing), every row would repeat the same mean and limits: they are
    said once, in the table's note, and the table keeps the columns that vary."""
    show, limit = value_format(unit), limit_format(unit)
    header: tuple[str, ...] = TABLE_HEADER
    rows: tuple[tuple[str, ...], ...] = spc_table(result, value_format=show, limit_format=limit)
    note = ""
    if len(result.groups) == 1 and rows:
        _, _, mean, lower, upper, _, _ = rows[0]
        note = (
            f"Every point has the same mean ({mean}) and process limits "
            f"({lower} to {upper}); the table gives each point's value and type."
        )
        header = (header[0], header[1], header[5], header[6])
        rows = tuple((row[0], row[1], row[5], row[6]) for row in rows)
    return ChartData(
        kind=ChartKind.SPC,
        key=chart_key(ChartKind.SPC, code),
        title=f"{code} {title}",
        summary=spc_summary(result, value_format=show, limit_format=limit, period_noun=period_noun),
        header=header,
        rows=rows,
        table_note=note,
        precision=precision_of(unit),
        code=code,
        spc=result,
        period_noun=period_noun,
        window=window,
        targets=tuple((targets or {}).items()),
    )


def _met_summary(points: Sequence[MetPoint]) -> str:
    shown = [p for p in points if p.met_pct is not None]
    if not shown:
        return "No measure was rated in these quarters."
    first, latest = shown[0], shown[-1]
    text = (
        f"Measures that met or exceeded their target, as a percentage of those rated, over "
        f"{plural(len(points), 'quarter')}: {first.met_pct}% in {first.quarter}"
    )
    if len(shown) > 2:
        before = shown[-2]
        text += f", {before.met_pct}% in {before.quarter}"
    if latest is not first:
        text += f" and {latest.met_pct}% ({latest.met} of {latest.rated}) in {latest.quarter}"
    return text + "."


def met_share_chart(points: Sequence[MetPoint]) -> ChartData:
    """The headline series: the share of rated measures on target, quarter by quarter."""
    return ChartData(
        kind=ChartKind.MET_SHARE,
        key="met-share",
        title="Measures on target, last eight quarters",
        summary=_met_summary(points),
        header=("Quarter", "Met or exceeded target", "Rated", "Per cent met"),
        rows=tuple(
            (
                p.quarter,
                str(p.met),
                str(p.rated),
                "–" if p.met_pct is None else f"{p.met_pct}%",
            )
            for p in points
        ),
        precision=Precision(Unit.PERCENT),
        points=tuple(
            TrendPoint(p.quarter, None if p.met_pct is None else Decimal(p.met_pct), None)
            for p in points
        ),
    )
