"""The committee report for a plan and a quarter, as plain data assembled from core results.

No rendering here: the HTML, PDF, Word and Excel renderers all draw the same
:class:`CommitteeReport`, and every figure in it was computed by ``core`` (ratings, counts,
percentages, SPC, forecasts). The model is built from plain inputs, so the command line
(plan files) and the web application (a stored snapshot) call it the same way::

    report = build_report(plan, Quarter(2019, 2), organisation="Rotherham MBC",
                          as_at=date(2019, 11, 14), revisions={...}, actions={...})
    pdf = render(report, ReportFormat.PDF)   # councilstat.reports.render

Its parts follow the pack the board works through (the seed minutes): a cover with the
headline; every measure at a glance (its rating, direction, SPC icons and forecast, on one
page for a plan like the demonstration's); the counts against the previous quarter and the
share on target over eight quarters; the exception report, priority by priority, one page per
measure; a section per priority with each outcome's measures; and the annexes (rules and
tolerances, glossary, definitions, measures not assessed, revisions and, when asked for, the
figures behind the charts, which the Excel workbook always has).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from councilstat.core.assessment import Assessment
from councilstat.core.benchmark import GroupPosition
from councilstat.core.errors import PeriodError
from councilstat.core.measure_statistics import MeasureStatistics
from councilstat.core.narrative import plural
from councilstat.core.periods import Quarter, parse_period
from councilstat.core.plan import Plan
from councilstat.core.plan_statistics import plan_statistics
from councilstat.core.summary import Counts, GroupSummary, PlanSummary, summarise
from councilstat.reports.annexes import Annexes, build_annexes
from councilstat.reports.charts.data import ChartData
from councilstat.reports.enquiry import EnquiryLine, exception_enquiries
from councilstat.reports.headline import (
    CountRow,
    Cover,
    Headline,
    PrioritySummary,
    build_cover,
    build_headline,
)
from councilstat.reports.measures import (
    ActionItem,
    Figure,
    MeasureRow,
    Revision,
    RevisionKey,
    exception_chart,
    latest_figures,
    measure_row,
)

__all__ = [
    "ActionItem",
    "CommitteeReport",
    "CountRow",
    "Cover",
    "EnquiryLine",
    "ExceptionMeasure",
    "ExceptionSection",
    "Headline",
    "OutcomeSection",
    "PrioritySection",
    "PrioritySummary",
    "ReportSection",
    "Revision",
    "build_report",
    "plan_as_at",
]

_NO_REVISIONS: Mapping[RevisionKey, Revision] = MappingProxyType({})
_NO_ACTIONS: Mapping[str, Sequence[ActionItem]] = MappingProxyType({})


@dataclass(frozen=True)
class OutcomeSection:
    code: str
    title: str
    measures: tuple[MeasureRow, ...]


@dataclass(frozen=True)
class PrioritySection:
    code: str
    title: str
    counts: Counts
    previous_counts: Counts
    sentence: str
    outcomes: tuple[OutcomeSection, ...]


@dataclass(frozen=True)
class ExceptionMeasure:
    """A red measure as the board discusses it."""

    row: MeasureRow
    chart: ChartData
    since: tuple[Figure, ...]
    """Every value for a period after the quarter: what happened since."""
    actions: tuple[ActionItem, ...]
    enquiry: tuple[EnquiryLine, ...] = ()
    """The board's lines of enquiry, each with its evidence (``reports.enquiry``)."""


@dataclass(frozen=True)
class ExceptionSection:
    """The red measures of one priority (none is a finding too)."""

    code: str
    title: str
    sentence: str
    measures: tuple[ExceptionMeasure, ...]


@dataclass(frozen=True)
class ReportSection:
    """A table a caller adds to the report, before the exception report: the scrutiny pack's
    "Actions arising from previous meetings", say. Every format shows it: a section (and a
    contents entry) in HTML and PDF, a Heading 1 and table in Word, a sheet in Excel."""

    key: str
    """Unique and id-safe, e.g. ``actions-arising``."""
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    text: str = ""
    """An opening paragraph, if any."""
    empty: str = "Nothing to report."
    """What to say when there are no rows."""


@dataclass(frozen=True)
class CommitteeReport:
    cover: Cover
    headline: Headline
    exceptions: tuple[ExceptionSection, ...]
    exception_sentence: str
    priorities: tuple[PrioritySection, ...]
    """Empty in an exceptions-only report."""
    annexes: Annexes
    exceptions_only: bool = False
    sections: tuple[ReportSection, ...] = ()
    """Sections the caller added, shown before the exception report."""
    at_a_glance: tuple[MeasureRow, ...] = ()
    """Every measure of the plan, rated or not, in plan order: the summary table after the
    cover (in an exceptions-only report too)."""
    with_chart_data: bool = False
    """Print the figures behind the charts as an annex (documents); the Excel workbook always
    has them."""

    @property
    def title(self) -> str:
        return self.cover.title

    @property
    def provisional(self) -> bool:
        """The quarter is not yet published, or not every measure due has reported: the
        cover and the headline say so, with the count (``headline.coverage``)."""
        return self.headline.coverage.provisional

    @property
    def exception_measures(self) -> tuple[ExceptionMeasure, ...]:
        return tuple(m for section in self.exceptions for m in section.measures)

    @property
    def measure_rows(self) -> tuple[MeasureRow, ...]:
        """The rows of the sections per priority, in plan order."""
        return tuple(
            row for p in self.priorities for outcome in p.outcomes for row in outcome.measures
        )

    @property
    def charts(self) -> tuple[ChartData, ...]:
        """Every chart the report draws: the headline's, each exception's and each sparkline."""
        return (
            self.headline.met_chart,
            *(m.chart for m in self.exception_measures),
            *(row.trend for row in self.measure_rows),
        )


def plan_as_at(plan: Plan, as_at: dt.date) -> Plan:
    """``plan`` with only the observations for periods that ended on or before ``as_at``.

    For plan files, which keep no history, this is the nearest to "as the figures stood": a
    value for a later period is left out, but a correction made since to an earlier value
    cannot be undone. A stored plan's history (the web application) re-creates it exactly.
    """
    kept = tuple(o for o in plan.observations if o.period.end <= as_at)
    return dataclasses.replace(plan, observations=kept)


def _counts_sentence(counts: Counts) -> str:
    if counts.assessed == 0:
        return f"None of its {plural(counts.measures, 'measure')} was rated this quarter."
    met = f" ({counts.met_pct}%)" if counts.met_pct is not None else ""
    return (
        f"{counts.green} of {plural(counts.assessed, 'rated measure')} on target{met}; "
        f"{counts.amber} within tolerance and {counts.red} off target; "
        f"{counts.not_assessed} not rated."
    )


def _priority_section(
    summary: PlanSummary, group: GroupSummary, rows: Mapping[str, MeasureRow]
) -> PrioritySection:
    outcomes = tuple(
        OutcomeSection(o.code, o.title, tuple(rows[a.measure.code] for a in o.assessments))
        for o in summary.outcomes
        if o.assessments and o.assessments[0].measure.priority.code == group.code
    )
    return PrioritySection(
        group.code,
        group.title,
        group.current,
        group.previous,
        _counts_sentence(group.current),
        outcomes,
    )


def _exceptions(
    plan: Plan,
    summary: PlanSummary,
    rows: Mapping[str, MeasureRow],
    statistics: Mapping[str, MeasureStatistics],
    revisions: Mapping[RevisionKey, Revision],
    actions: Mapping[str, Sequence[ActionItem]],
    enquiries: Mapping[str, tuple[EnquiryLine, ...]],
) -> tuple[ExceptionSection, ...]:
    reds = {e.priority.code: e.assessments for e in summary.exceptions}
    sections = []
    for group in summary.priorities:
        measures = tuple(
            ExceptionMeasure(
                row=rows[a.measure.code],
                chart=exception_chart(plan, a, statistics[a.measure.code]),
                since=latest_figures(plan, a.measure, summary.quarter, revisions),
                actions=tuple(actions.get(a.measure.code, ())),
                enquiry=enquiries[a.measure.code],
            )
            for a in reds.get(group.code, ())
        )
        sentence = (
            f"{plural(len(measures), 'measure')} off target (red)."
            if measures
            else "No measure under this priority was rated red."
        )
        sections.append(ExceptionSection(group.code, group.title, sentence, measures))
    return tuple(sections)


def _exception_sentence(counts: Counts) -> str:
    if counts.red == 0:
        return "No measure was rated red this quarter."
    verb = "was" if counts.red == 1 else "were"
    return (
        f"{plural(counts.red, 'measure')} of the {counts.assessed} rated {verb} off target "
        "(red). They are taken priority by priority, each with its commentary, its chart, what "
        "has happened since the quarter ended and the actions agreed."
    )


def _canonical(revisions: Mapping[tuple[str, str], Revision]) -> dict[RevisionKey, Revision]:
    """Revisions keyed by the canonical period label (``2019-20 Q2`` becomes ``2019/20 Q2``),
    so a caller's spelling of a period still finds its figure."""
    keyed = {}
    for (code, label), revision in revisions.items():
        try:
            keyed[(code, str(parse_period(label)))] = revision
        except PeriodError:
            keyed[(code, label)] = revision
    return keyed


def build_report(
    plan: Plan,
    quarter: Quarter,
    *,
    organisation: str,
    as_at: dt.date | None = None,
    revisions: Mapping[tuple[str, str], Revision] = _NO_REVISIONS,
    actions: Mapping[str, Sequence[ActionItem]] = _NO_ACTIONS,
    exceptions_only: bool = False,
    as_at_note: str = "",
    generated: dt.date | None = None,
    sections: Sequence[ReportSection] = (),
    with_chart_data: bool = False,
    published: bool = True,
    records_actions: bool | None = None,
    standings: Mapping[str, GroupPosition] | None = None,
) -> CommitteeReport:
    """Assemble the committee report for ``quarter`` from the plan's figures.

    ``as_at`` is printed on the cover (the caller has already taken the figures as they
    stood then); ``as_at_note`` says how. ``revisions``, keyed by (measure code, period
    label), mark figures revised since reported; ``actions``, keyed by measure code, are
    listed under their measure in the exception report. ``exceptions_only`` leaves out the
    sections per priority. ``generated`` (default today) is printed on the cover, so a report
    can be re-created identically. ``sections`` are tables the caller adds before the
    exception report. ``with_chart_data`` prints the figures behind the charts as an annex of
    the documents (HTML, PDF, Word); the Excel workbook has them either way. ``published``
    says whether the quarter's figures are published (plan files are taken as published): an
    unpublished or incomplete quarter is marked provisional. Each exception carries its lines
    of enquiry (``reports.enquiry``): ``records_actions`` says whether actions are recorded
    for the plan (default: whether ``actions`` has any), so that a red measure with none is
    asked about; ``standings``, by measure code, are the measures' places among their
    comparators.
    """
    revisions = _canonical(revisions)
    summary = summarise(plan, quarter, published=published)
    statistics = plan_statistics(plan, summary.assessments)
    rows = {
        a.measure.code: measure_row(plan, a, statistics[a.measure.code], revisions)
        for a in summary.assessments
    }
    if records_actions is None:
        records_actions = bool(actions)
    enquiries = exception_enquiries(
        plan,
        [a for e in summary.exceptions for a in e.assessments],
        statistics,
        standings=standings,
        actions=actions if records_actions else None,
    )
    exceptions = _exceptions(plan, summary, rows, statistics, revisions, actions, enquiries)
    shown: Sequence[Assessment] = summary.assessments
    if exceptions_only:
        red = {m.row.code for section in exceptions for m in section.measures}
        shown = [a for a in summary.assessments if a.measure.code in red]
    priorities = (
        ()
        if exceptions_only
        else tuple(_priority_section(summary, g, rows) for g in summary.priorities)
    )
    return CommitteeReport(
        cover=build_cover(
            plan,
            quarter,
            organisation,
            as_at,
            as_at_note,
            generated or dt.date.today(),
            exceptions_only,
            summary.coverage.note,
        ),
        headline=build_headline(plan, summary),
        exceptions=exceptions,
        exception_sentence=_exception_sentence(summary.current),
        priorities=priorities,
        annexes=build_annexes(
            plan,
            shown=shown,
            sparklines=() if exceptions_only else [rows[a.measure.code] for a in shown],
            all_assessments=summary.assessments,
            exception_charts=[m.chart for s in exceptions for m in s.measures],
            revisions=revisions,
        ),
        exceptions_only=exceptions_only,
        sections=tuple(sections),
        at_a_glance=tuple(rows[a.measure.code] for a in summary.assessments),
        with_chart_data=with_chart_data,
    )
