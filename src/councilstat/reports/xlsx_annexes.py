"""The annexes of the Excel report, one table per sheet: trend data, the figures behind the
exception charts (numbers as numbers), tolerances, definitions, measures not assessed,
revisions, actions, glossary and rules."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from councilstat.reports.annexes import Annexes
from councilstat.reports.charts.data import ChartData, ChartKind
from councilstat.reports.charts.spc_text import POINT_TYPE_WORDS, RULE_WORDS
from councilstat.reports.model import CommitteeReport
from councilstat.reports.xlsx_sheets import Cell, Column, Number

__all__ = ["write_annexes"]

AddTable = Callable[[str, Sequence[Column], Iterable[Sequence[Cell]]], None]
"""Adds a sheet holding one table: (sheet title, columns, rows)."""


def _chart_rows(chart: ChartData) -> Iterable[tuple[Cell, ...]]:
    """The figures behind an exception chart, one row per point, numbers as numbers."""
    unit = chart.precision
    if chart.kind is ChartKind.SPC and chart.spc is not None:
        result = chart.spc
        for point in result.points:
            limits = result.groups[point.group].limits
            rules = "; ".join(RULE_WORDS[rule] for rule in point.rules) or "None"
            yield (
                chart.code,
                point.date or str(point.index + 1),
                Number(point.value, unit),
                Number(limits.mean, unit),
                Number(limits.lpl, unit),
                Number(limits.upl, unit),
                Number(result.target, unit),
                POINT_TYPE_WORDS[point.type],
                rules,
            )
    else:
        for p in chart.points:
            yield (
                chart.code,
                p.period,
                Number(p.value, unit),
                None,
                None,
                None,
                Number(p.target, unit),
                None,
                None,
            )


def _trend_rows(annexes: Annexes) -> list[tuple[Cell, ...]]:
    rows: list[tuple[Cell, ...]] = []
    for t in annexes.trends:
        rows.append((t.code, t.title, "Value", *(Number.of(f, t.precision) for f in t.values)))
        rows.append((t.code, t.title, "Target", *(Number.of(f, t.precision) for f in t.targets)))
    return rows


def write_annexes(table: AddTable, report: CommitteeReport) -> None:
    annexes = report.annexes
    if annexes.trends:
        table(
            "Trends",
            (
                Column("Code", 8),
                Column("Measure", 45, True),
                Column("Series", 8),
                *(Column(q, 11) for q in annexes.trend_quarters),
            ),
            _trend_rows(annexes),
        )
    table(
        "Chart data",
        (
            Column("Code", 8),
            Column("Period", 11),
            Column("Value", 11),
            Column("Mean", 11),
            Column("Lower process limit", 12),
            Column("Upper process limit", 12),
            Column("Target", 11),
            Column("Point type", 26),
            Column("Special-cause rules met", 40, True),
        ),
        [row for chart in annexes.exception_charts for row in _chart_rows(chart)],
    )
    table(
        "Tolerances",
        (
            Column("Code", 8),
            Column("Measure", 45, True),
            Column("Better direction", 16, True),
            Column("Tolerance", 22, True),
            Column("Target", 10),
            Column("Amber when the value", 40, True),
        ),
        [
            (
                t.code,
                t.title,
                t.polarity,
                t.tolerance,
                Number.of(t.target, t.precision),
                t.amber_band or None,
            )
            for t in annexes.tolerances
        ],
    )
    table(
        "Definitions",
        (
            Column("Code", 8),
            Column("Measure", 40, True),
            Column("Unit", 10),
            Column("Better direction", 16, True),
            Column("Frequency", 30, True),
            Column("Definition", 60, True),
            Column("Source", 30, True),
            Column("Owner", 25, True),
            Column("Directorate", 25, True),
        ),
        [
            (
                d.code,
                d.title,
                d.unit,
                d.polarity,
                d.frequency,
                d.definition,
                d.source,
                d.owner or None,
                d.directorate or None,
            )
            for d in annexes.definitions
        ],
    )
    table(
        "Not assessed",
        (
            Column("Code", 8),
            Column("Measure", 50, True),
            Column("Priority", 9),
            Column("Frequency", 11),
            Column("Reason", 30, True),
        ),
        [(n.code, n.title, n.priority, n.frequency, n.reason) for n in annexes.not_assessed],
    )
    table(
        "Revisions",
        (
            Column("Code", 8),
            Column("Measure", 45, True),
            Column("Period", 11),
            Column("First reported", 12),
            Column("Now", 12),
            Column("Reason", 50, True),
        ),
        [
            (
                r.code,
                r.title,
                r.period,
                Number(r.reported_value, r.precision),
                Number(r.current_value, r.precision),
                r.reason or None,
            )
            for r in annexes.revisions
        ],
    )
    table(
        "Actions",
        (
            Column("Code", 8),
            Column("Action", 60, True),
            Column("Owner", 25),
            Column("Due", 12),
            Column("Status", 14),
            Column("Agreed at", 30, True),
        ),
        [
            (m.row.code, a.description, a.owner or None, a.due, a.status or None, a.meeting or None)
            for m in report.exception_measures
            for a in m.actions
        ],
    )
    table(
        "Glossary",
        (Column("Term", 40, True), Column("Meaning", 90, True)),
        [(g.term, g.meaning) for g in annexes.glossary],
    )
    table("Rules", (Column("How measures are rated", 120, True),), [(r,) for r in annexes.rules])
