"""Reads for the dashboards, scoped to the user, and the core results each page shows.

Every figure comes from ``core`` (via :func:`quarter_figures` or :func:`measure_figures`):
these functions only choose which stored rows go into the snapshot and which core results
a page lists. Each runs a fixed number of queries, whatever the number of measures: the
statistics (SPC, intervals, forecasts) are computed by ``core.measure_statistics`` from the
same snapshot, with no further query.

Selectors query, presenters never do: the measure page's charts are drawn by
``presenters.measure_charts`` from what ``measure_figures`` read, and the committee report is
assembled by ``presenters`` from ``report_inputs``.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from councilstat.core import plan as core
from councilstat.core.assessment import Assessment, assess
from councilstat.core.benchmark import GroupPosition
from councilstat.core.errors import PeriodError
from councilstat.core.measure_statistics import MeasureStatistics, measure_statistics
from councilstat.core.periods import FinancialYear, Quarter, parse_period
from councilstat.core.plan_statistics import plan_statistics
from councilstat.core.summary import GroupSummary, PlanSummary, summarise
from councilstat.reports.charts.data import TrendPoint
from councilstat.reports.charts.trend import ChartRow
from councilstat.reports.formatting import format_value
from councilstat.reports.model import Revision
from councilstat.web.accounts.models import User
from councilstat.web.benchmarking.selectors import comparator_standings
from councilstat.web.collection.figures import published_as_at, read_plan, snapshot
from councilstat.web.collection.models import Observation, PeriodReturn
from councilstat.web.collection.selectors import (
    MeasureFilters,
    is_published,
    visible_observations,
)
from councilstat.web.plans.adapters import lineage
from councilstat.web.plans.models import Measure, Outcome, Plan, Priority
from councilstat.web.plans.selectors import plans_for
from councilstat.web.scrutiny.selectors import ScrutinyRecords, scrutiny_records

__all__ = [
    "HistoryRow",
    "MeasureFigures",
    "PlanStart",
    "QuarterFigures",
    "QuarterLink",
    "forget_figures",
    "ReportInputs",
    "get_outcome",
    "get_priority",
    "measure_figures",
    "outcomes_of_priority",
    "plan_starts",
    "quarter_figures",
    "report_inputs",
    "year_figures",
]

RECENT_QUARTERS = 6

T = TypeVar("T")


# The start page --------------------------------------------------------------------------


@dataclass(frozen=True)
class QuarterLink:
    """A quarter with a return: whether and when it was published, or opened to members."""

    quarter: Quarter
    published_at: dt.datetime | None
    opened_to_members: bool


@dataclass(frozen=True)
class PlanStart:
    """A plan on the start page: the quarter to start from and the recent quarters."""

    plan: Plan
    start: Quarter
    recent: tuple[QuarterLink, ...]


def _quarter_links(returns: list[PeriodReturn]) -> list[QuarterLink]:
    links = []
    for period_return in returns:
        try:
            quarter = parse_period(period_return.period)
        except PeriodError:
            continue
        if isinstance(quarter, Quarter):
            links.append(
                QuarterLink(quarter, period_return.published_at, period_return.opened_to_members)
            )
    return sorted(links, key=lambda link: link.quarter, reverse=True)


def _start_quarter(plan: Plan, links: list[QuarterLink]) -> Quarter:
    """The reporting year's latest published quarter; else the latest published; else Q1."""
    published = [link.quarter for link in links if link.published_at is not None]
    in_year = [q for q in published if q.year == plan.reporting_year]
    return (in_year or published or [Quarter(plan.reporting_year, 1)])[0]


def plan_starts(user: User) -> list[PlanStart]:
    """The user's organisation's plans, each with its start quarter (two queries)."""
    starts = []
    for plan in plans_for(user).prefetch_related("returns"):
        links = _quarter_links(list(plan.returns.all()))
        starts.append(PlanStart(plan, _start_quarter(plan, links), tuple(links[:RECENT_QUARTERS])))
    return starts


# A quarter's figures ---------------------------------------------------------------------


@dataclass(frozen=True)
class QuarterFigures:
    """The plan as the user may see it (filtered), core's summary of the quarter, and core's
    statistics for each of the quarter's measures, by code."""

    plan: core.Plan
    summary: PlanSummary
    statistics: Mapping[str, MeasureStatistics]
    _kept: dict[str, tuple[Hashable, Any]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def kept(self, name: str, key: Hashable, make: Callable[[], T]) -> T:
        """What ``make`` draws from these figures and ``key`` (everything else it depends on:
        the template, the other records it shows), made once and kept with the figures, so it
        is forgotten exactly when they are, when their data changes. One is kept for each
        ``name``: the latest ``key``'s. Two requests at once may both make it; either result
        is the same."""
        found = self._kept.get(name)
        if found is not None and found[0] == key:
            return cast(T, found[1])
        made = make()
        self._kept[name] = (key, made)
        return made

    def priority(self, code: str) -> GroupSummary | None:
        return next((g for g in self.summary.priorities if g.code == code), None)

    def outcome(self, code: str) -> GroupSummary | None:
        return next((g for g in self.summary.outcomes if g.code == code), None)


_RECENT_FIGURES = 8
"""How many quarters' computed figures a process keeps (a large plan's take tens of MB)."""
_recent: OrderedDict[Hashable, QuarterFigures] = OrderedDict()
_recent_lock = threading.Lock()


def forget_figures() -> None:
    """Drop the figures this process keeps (they are never stale; this only frees memory)."""
    with _recent_lock:
        _recent.clear()


def quarter_figures(
    user: User, plan: Plan, quarter: Quarter, filters: MeasureFilters
) -> QuarterFigures:
    """Core's summary and statistics of ``quarter`` over the figures ``user`` may see. The
    summary says whether the quarter is provisional: not yet published, or not every measure
    due has reported.

    The figures are computed once and kept until their data changes: each request reads the
    measures and targets and stamps the values it may see (five or six queries, whatever the
    plan's size), and reads the values and computes only when the stamp is new. The stamp
    holds everything the figures depend on, so a figure kept by one process is never stale in
    another."""
    reading = read_plan(plan, visible_observations(user, plan), measures=filters.measures(plan))
    published = is_published(plan, quarter)
    key = (plan.pk, str(quarter), published, reading.stamp())
    with _recent_lock:
        found = _recent.get(key)
        if found is not None:
            _recent.move_to_end(key)
            return found
    figures = reading.plan()
    summary = summarise(figures, quarter, published=published)
    statistics = plan_statistics(figures, summary.assessments)
    found = QuarterFigures(figures, summary, statistics)
    with _recent_lock:
        _recent[key] = found
        while len(_recent) > _RECENT_FIGURES:
            _recent.popitem(last=False)
    return found


def year_figures(user: User, plan: Plan, year: FinancialYear) -> PlanSummary:
    """Core's summary of the financial ``year`` against the year before, over the figures
    ``user`` may see: each measure's value for the year rated against the year's target and
    compared with the previous year's (``core.assessment.assess_year``, as the command line's
    ``summary --period``). Provisional until the year's fourth quarter is published."""
    figures = snapshot(plan, visible_observations(user, plan))
    return summarise(figures, year, published=is_published(plan, Quarter(year.year, 4)))


def outcomes_of_priority(figures: QuarterFigures, code: str) -> tuple[GroupSummary, ...]:
    """The summaries of a priority's outcomes, in plan order."""
    codes = {o.code for o in figures.plan.outcomes if o.priority == code}
    return tuple(g for g in figures.summary.outcomes if g.code in codes)


def get_priority(plan: Plan, code: str) -> Priority:
    found = Priority.objects.filter(plan=plan, code=code).first()
    if found is None:
        raise Http404(f"no priority {code}")
    return found


def get_outcome(plan: Plan, code: str) -> Outcome:
    found = (
        Outcome.objects.filter(priority__plan=plan, code=code)
        .select_related("priority")
        .order_by("priority__order", "order")
        .first()
    )
    if found is None:
        raise Http404(f"no outcome {code}")
    return found


# A measure's figures ---------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    """A period of the measure's data table, with the stored value's status."""

    figures: ChartRow
    stored: Observation | None


@dataclass(frozen=True)
class MeasureFigures:
    """Everything the measure page shows but its charts, computed by core or read from the
    store."""

    measure: core.Measure
    assessment: Assessment
    statistics: MeasureStatistics
    latest: core.Observation | None
    """The newest value, when it is for a period after the quarter."""
    points: tuple[TrendPoint, ...]
    """The values with their targets, for the charts (``presenters.measure_charts``)."""
    history: tuple[HistoryRow, ...]
    commentary: tuple[Observation, ...]
    """Observations with commentary, newest first."""
    published: bool = True
    """Whether the quarter is published (if not, its figures are provisional)."""


def _stored_series(visible: QuerySet[Observation], measure: Measure) -> dict[str, Observation]:
    """The measure's stored values by period, with those of the earlier years' measures it
    continues (the later year's where two have one), in period order."""
    joined = lineage([measure])
    stored: dict[str, Observation] = {}
    for row in visible.filter(measure_id__in=list(joined)).order_by("period_end"):
        current = stored.get(row.period)
        if current is None or joined[row.measure_id][1] < joined[current.measure_id][1]:
            stored[row.period] = row
    return stored


def measure_figures(user: User, plan: Plan, measure: Measure, quarter: Quarter) -> MeasureFigures:
    """One measure's assessment, statistics, values and history as ``user`` may see them (six
    queries; two more a year back for a measure that continues an earlier year's: its history
    is joined across the years), and whether its quarter is provisional."""
    visible = visible_observations(user, plan)
    figures = snapshot(plan, visible, measures=Measure.objects.filter(pk=measure.pk))
    stored = _stored_series(visible, measure)
    subject = figures.measure(measure.code)
    observations = figures.observations_of(measure.code)
    points = [
        TrendPoint(str(o.period), o.value, figures.target(measure.code, o.period))
        for o in observations
    ]
    rows = tuple(
        ChartRow(p.period, format_value(p.value, subject), format_value(p.target, subject))
        for p in points
    )
    assessment = assess(figures, subject, quarter)
    statistics = measure_statistics(figures, assessment)
    newest = observations[-1] if observations else None
    return MeasureFigures(
        measure=subject,
        assessment=assessment,
        statistics=statistics,
        latest=newest if newest is not None and newest.period.end > quarter.end else None,
        points=tuple(points),
        history=tuple(HistoryRow(row, stored.get(row.period)) for row in rows),
        commentary=tuple(row for row in reversed(stored.values()) if row.commentary.strip()),
        published=is_published(plan, quarter),
    )


# The committee report's inputs -----------------------------------------------------------


@dataclass(frozen=True)
class ReportInputs:
    """What the committee report is assembled from (``presenters.committee_report``)."""

    figures: core.Plan
    revisions: dict[tuple[str, str], Revision]
    """Published values revised since, by measure code and period (none for an as-at date)."""
    as_at_note: str
    scrutiny: ScrutinyRecords
    published: bool = True
    """Whether the quarter was published (by the as-at date, if one is given)."""
    standings: Mapping[str, GroupPosition] = field(default_factory=dict)
    """The measures' places among their comparators, by code, for the lines of enquiry."""


def _revisions(user: User, plan: Plan) -> dict[tuple[str, str], Revision]:
    revised = visible_observations(user, plan).filter(
        measure__plan=plan, reported_value__isnull=False
    )
    return {
        (row.measure.code, row.period): Revision(
            row.reported_value, row.value, row.restatement_reason
        )
        for row in revised.select_related("measure")
        if row.is_revised and row.reported_value is not None
    }


def report_inputs(
    user: User, plan: Plan, as_at: dt.date | None, quarter: Quarter | None = None
) -> ReportInputs:
    """The figures ``user`` may see (or those published by the end of ``as_at``), the
    revisions since reported, the scrutiny actions, and whether ``quarter`` was published
    (then)."""
    published = True
    if as_at is not None:
        moment = timezone.make_aware(dt.datetime.combine(as_at, dt.time.max))
        figures = published_as_at(plan, moment)
        revisions: dict[tuple[str, str], Revision] = {}
        note = "Values as published by the end of that day, taken from the audit trail."
        if quarter is not None:
            published = PeriodReturn.objects.filter(
                plan=plan, period=str(quarter), published_at__lte=moment
            ).exists()
    else:
        figures = snapshot(plan, visible_observations(user, plan))
        revisions = _revisions(user, plan)
        note = ""
        if quarter is not None:
            published = is_published(plan, quarter)
    standings = (
        comparator_standings(plan, [m.code for m in figures.measures], quarter)
        if quarter is not None
        else {}
    )
    return ReportInputs(
        figures, revisions, note, scrutiny_records(user, plan), published, standings
    )
