"""The front of a committee report: the cover and the headline (the narrative sentences,
the counts against the previous quarter, and the share on target over eight quarters).
Plain data from core; part of :mod:`councilstat.reports.model`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from councilstat.core.narrative import headline
from councilstat.core.periods import Quarter
from councilstat.core.plan import Plan
from councilstat.core.summary import Counts, Coverage, PlanSummary, summarise
from councilstat.reports.charts.data import ChartData, MetPoint, met_share_chart
from councilstat.reports.words import long_date

__all__ = [
    "CountRow",
    "Cover",
    "Headline",
    "PrioritySummary",
    "build_cover",
    "build_headline",
]

EIGHT_QUARTERS = 8


@dataclass(frozen=True)
class Cover:
    organisation: str
    plan_title: str
    title: str
    quarter: str
    """``2019/20 Q2``."""
    quarter_name: str
    """``Quarter 2 2019/20``."""
    previous_quarter: str
    start: dt.date
    end: dt.date
    period_dates: str
    """``1 July to 30 September 2019``."""
    as_at: dt.date | None
    as_at_text: str
    """``Figures as they stood on 14 November 2019``; empty without an as-at date."""
    as_at_note: str
    provisional_text: str
    """``Provisional: 18 of 55 measures due have reported; …``; empty when the quarter's
    figures are published and complete (``core.summary.Coverage``)."""
    generated: dt.date
    generated_text: str
    running_header: str
    """Council, plan and period, for the top of every printed page."""


@dataclass(frozen=True)
class CountRow:
    """A line of the headline table: a count (or a percentage) now and last quarter."""

    label: str
    current: int | None
    previous: int | None
    percent: bool = False


@dataclass(frozen=True)
class PrioritySummary:
    code: str
    title: str
    counts: Counts
    previous_counts: Counts


@dataclass(frozen=True)
class Headline:
    sentences: tuple[str, ...]
    """``core.narrative.headline``: the opening sentences, each percentage with its count
    (a provisional quarter's first sentence says so)."""
    coverage: Coverage
    """How many of the measures due have reported, and whether the quarter is published."""
    counts: Counts
    previous_counts: Counts
    rows: tuple[CountRow, ...]
    priorities: tuple[PrioritySummary, ...]
    met_series: tuple[MetPoint, ...]
    met_chart: ChartData


def _count_rows(current: Counts, previous: Counts) -> tuple[CountRow, ...]:
    pairs = (
        ("Measures in the plan", "measures", False),
        ("Rated (data and a target)", "assessed", False),
        ("On target (green)", "green", False),
        ("Within tolerance (amber)", "amber", False),
        ("Off target (red)", "red", False),
        ("Met or exceeded target, % of rated", "met_pct", True),
        ("With a direction of travel", "direction_assessed", False),
        ("Improving", "improving", False),
        ("No change", "no_change", False),
        ("Worsening", "worsening", False),
        ("Improving, % of those with a direction", "improving_pct", True),
    )
    return tuple(
        CountRow(label, getattr(current, name), getattr(previous, name), percent)
        for label, name, percent in pairs
    )


def _met_series(plan: Plan, summary: PlanSummary) -> tuple[MetPoint, ...]:
    quarters = [summary.quarter]
    while len(quarters) < EIGHT_QUARTERS:
        quarters.insert(0, quarters[0].previous())
    points = []
    for quarter in quarters:
        counts = summary.current if quarter == summary.quarter else summarise(plan, quarter).current
        points.append(MetPoint(str(quarter), counts.green, counts.assessed, counts.met_pct))
    return tuple(points)


def build_headline(plan: Plan, summary: PlanSummary) -> Headline:
    series = _met_series(plan, summary)
    return Headline(
        sentences=headline(summary),
        coverage=summary.coverage,
        counts=summary.current,
        previous_counts=summary.previous,
        rows=_count_rows(summary.current, summary.previous),
        priorities=tuple(
            PrioritySummary(g.code, g.title, g.current, g.previous) for g in summary.priorities
        ),
        met_series=series,
        met_chart=met_share_chart(series),
    )


def build_cover(
    plan: Plan,
    quarter: Quarter,
    organisation: str,
    as_at: dt.date | None,
    as_at_note: str,
    generated: dt.date,
    exceptions_only: bool,
    provisional_text: str = "",
) -> Cover:
    kind = "exception report" if exceptions_only else "performance report"
    start, end = quarter.start, quarter.end
    start_text = f"{start.day} {start:%B}" if start.year == end.year else long_date(start)
    header = " · ".join(part for part in (organisation, plan.title, str(quarter)) if part)
    return Cover(
        organisation=organisation,
        plan_title=plan.title,
        title=f"{plan.title}: {kind}, {quarter}",
        quarter=str(quarter),
        quarter_name=f"{quarter.label} {quarter.financial_year}",
        previous_quarter=str(quarter.previous()),
        start=start,
        end=end,
        period_dates=f"{start_text} to {long_date(end)}",
        as_at=as_at,
        as_at_text=f"Figures as they stood on {long_date(as_at)}" if as_at else "",
        as_at_note=as_at_note if as_at else "",
        provisional_text=provisional_text,
        generated=generated,
        generated_text=f"Generated on {long_date(generated)}",
        running_header=header,
    )
