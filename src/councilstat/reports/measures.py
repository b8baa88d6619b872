"""A measure's line in a committee report, as plain data assembled from core's results.

Every figure here was computed by ``core`` (the assessment, the statistics, the forecast);
this module only picks them and formats them for display, keeping the number beside its text
so a spreadsheet can store the number and a document the text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from councilstat.core.assessment import Assessment, NotRated, assess
from councilstat.core.measure_statistics import MeasureStatistics
from councilstat.core.periods import Quarter
from councilstat.core.plan import (
    Aggregation,
    Frequency,
    Measure,
    Observation,
    Plan,
    Polarity,
    Precision,
    Unit,
)
from councilstat.core.rating import Direction, Rag
from councilstat.core.spc import Assurance, Improvement, SpcResult, Variation
from councilstat.reports.charts.data import (
    CHART_POINTS,
    ChartData,
    ChartKind,
    TrendPoint,
    spc_chart_data,
    trend_chart_data,
)
from councilstat.reports.charts.icons import ASSURANCE_LABELS, VARIATION_LABELS
from councilstat.reports.formatting import format_value
from councilstat.reports.words import period_noun

__all__ = [
    "ActionItem",
    "Figure",
    "ForecastFigure",
    "MeasureRow",
    "Revision",
    "RevisionKey",
    "RevisionNote",
    "SpcIcons",
    "aggregation_label",
    "exception_chart",
    "latest_figures",
    "measure_row",
    "polarity_label",
    "revision_note",
]

RevisionKey = tuple[str, str]
"""(measure code, period label), e.g. ``("1A3", "2019-09")``."""


@dataclass(frozen=True)
class Revision:
    """A figure that changed after it was first reported: what the earlier report said, what
    it is now, and why."""

    reported: Decimal
    current: Decimal
    reason: str


@dataclass(frozen=True)
class ActionItem:
    """A scrutiny action linked to a measure."""

    description: str
    owner: str
    due: dt.date | None
    status: str
    meeting: str
    open: bool = True
    """Not complete, nor given up: still to be done."""
    overdue: bool = False
    """Open and past its due date on the report's day."""


@dataclass(frozen=True)
class RevisionNote:
    """A revision as the report prints it."""

    code: str
    title: str
    precision: Precision
    period: str
    reported: str
    current: str
    reason: str
    reported_value: Decimal
    current_value: Decimal

    @property
    def unit(self) -> Unit:
        return self.precision.unit

    @property
    def sentence(self) -> str:
        reason = f" ({self.reason})" if self.reason else ""
        return (
            f"{self.code} {self.period}: revised since reported, from {self.reported} "
            f"to {self.current}{reason}."
        )


@dataclass(frozen=True)
class Figure:
    """A figure as a report shows it, with the number behind it."""

    value: Decimal | None
    text: str
    period: str = ""
    """The period the figure describes (``2019-09``, ``2019/20 Q2``); empty without one."""
    as_at: dt.date | None = None
    """The last day of that period: the date the figure is as at."""
    note: str = ""
    revision: RevisionNote | None = None


@dataclass(frozen=True)
class SpcIcons:
    """The Making Data Count icons of a measure's SPC chart, with their names."""

    improvement: Improvement
    variation: Variation | None
    assurance: Assurance | None

    @property
    def variation_label(self) -> str:
        return VARIATION_LABELS[self.variation].name if self.variation else ""

    @property
    def assurance_label(self) -> str:
        return ASSURANCE_LABELS[self.assurance].name if self.assurance else ""


@dataclass(frozen=True)
class ForecastFigure:
    """The year-end forecast and its rating against the year's target."""

    figure: Figure
    low: Figure | None
    high: Figure | None
    rag: Rag | None
    rag_label: str
    basis: str
    target: Figure | None = None
    """The year-end target the forecast is rated against (not the quarter's)."""

    @property
    def against(self) -> str:
        """``year-end target 97.0%``, or ``""`` without a year-end target."""
        return f"year-end target {self.target.text}" if self.target is not None else ""

    @property
    def with_target(self) -> str:
        """``95.0% (97.0%)``: the forecast with its year-end target, for a narrow column."""
        return f"{self.figure.text} ({self.target.text})" if self.target else self.figure.text

    @property
    def rating_text(self) -> str:
        """``Off target; year-end target 97.0%``: the rating with what it is against."""
        return f"{self.rag_label}; {self.against}" if self.target is not None else self.rag_label

    @property
    def range_text(self) -> str:
        if self.low is None or self.high is None:
            return ""
        return f"{self.low.text} to {self.high.text}"


@dataclass(frozen=True)
class MeasureRow:
    """One measure in one quarter, ready to print."""

    code: str
    title: str
    priority: str
    outcome: str
    precision: Precision
    frequency: str
    polarity: str
    tolerance: str
    target: Figure
    previous: Figure
    current: Figure
    latest: Figure
    """The newest value for a period after the quarter (``value`` is ``None`` without one)."""
    rag: Rag | None
    rag_label: str
    direction: Direction | None
    direction_label: str
    not_rated: NotRated | None
    not_rated_label: str
    spc: SpcIcons | None
    readings: tuple[str, ...]
    """Plain-English readings of the SPC chart (or why there is none)."""
    forecast: ForecastFigure | None
    commentary: str
    trend: ChartData
    """The last eight quarters, drawn as a sparkline."""

    @property
    def unit(self) -> Unit:
        return self.precision.unit

    @property
    def revisions(self) -> tuple[RevisionNote, ...]:
        figures = (self.previous, self.current, self.latest)
        return tuple(f.revision for f in figures if f.revision is not None)


_POLARITY_LABELS = {
    Polarity.HIGHER: "Higher is better",
    Polarity.LOWER: "Lower is better",
    Polarity.NONE: "Monitored (neither direction is better)",
    Polarity.BAND: "Best within the target band",
}
_AGGREGATION_LABELS = {
    Aggregation.LAST: "the latest month with data",
    Aggregation.SUM: "the sum of its three months",
    Aggregation.MEAN: "the mean of its months with data",
}


def polarity_label(polarity: Polarity) -> str:
    return _POLARITY_LABELS[polarity]


def aggregation_label(measure: Measure) -> str:
    """How a quarter's value is taken, in words."""
    if measure.frequency is Frequency.MONTHLY:
        return f"Monthly; a quarter's value is {_AGGREGATION_LABELS[measure.aggregation]}"
    if measure.frequency is Frequency.ANNUAL:
        return "Annual; rated in the fourth quarter"
    return "Quarterly"


def revision_note(measure: Measure, period: str, revision: Revision | None) -> RevisionNote | None:
    if revision is None:
        return None
    return RevisionNote(
        code=measure.code,
        title=measure.title,
        precision=measure.precision,
        period=period,
        reported=format_value(revision.reported, measure),
        current=format_value(revision.current, measure),
        reason=revision.reason,
        reported_value=revision.reported,
        current_value=revision.current,
    )


def _first_revision(
    measure: Measure,
    observations: Iterable[Observation],
    revisions: Mapping[RevisionKey, Revision],
) -> RevisionNote | None:
    for observation in observations:
        period = str(observation.period)
        found = revisions.get((measure.code, period))
        if found is not None:
            return revision_note(measure, period, found)
    return None


def _observation_figure(
    measure: Measure, observation: Observation, revisions: Mapping[RevisionKey, Revision]
) -> Figure:
    return Figure(
        value=observation.value,
        text=format_value(observation.value, measure),
        period=str(observation.period),
        as_at=observation.period.end,
        note=observation.note,
        revision=_first_revision(measure, (observation,), revisions),
    )


def latest_figures(
    plan: Plan, measure: Measure, quarter: Quarter, revisions: Mapping[RevisionKey, Revision]
) -> tuple[Figure, ...]:
    """Every value for a period ending after the quarter: what happened since."""
    return tuple(
        _observation_figure(measure, o, revisions)
        for o in plan.observations_of(measure.code)
        if o.period.end > quarter.end
    )


def _quarter_figure(
    assessment: Assessment, previous: bool, revisions: Mapping[RevisionKey, Revision]
) -> Figure:
    measure = assessment.measure
    used = assessment.previous if previous else assessment.current
    if used is None:
        return Figure(None, format_value(None, measure))
    return Figure(
        value=used.value,
        text=format_value(used.value, measure),
        period=str(used.period),
        as_at=used.period.end,
        note=" ".join(dict.fromkeys(o.note.strip() for o in used.observations if o.note.strip())),
        revision=_first_revision(measure, used.observations, revisions),
    )


def _forecast(assessment: Assessment, statistics: MeasureStatistics) -> ForecastFigure | None:
    forecast, measure = statistics.forecast, assessment.measure
    if forecast is None:
        return None
    year = str(forecast.year)

    def figure(value: Decimal | None) -> Figure | None:
        if value is None:
            return None
        return Figure(value, format_value(value, measure), year)

    shown = figure(forecast.value)
    assert shown is not None  # noqa: S101  (a forecast always has a value)
    target = figure(forecast.target)
    if target is not None and forecast.target_upper not in (None, forecast.target):
        upper = format_value(forecast.target_upper, measure)
        target = Figure(target.value, f"{target.text} to {upper}", year)
    return ForecastFigure(
        figure=shown,
        low=figure(forecast.low),
        high=figure(forecast.high),
        rag=forecast.rag,
        rag_label=forecast.rag.label if forecast.rag else "Not rated",
        basis=forecast.basis,
        target=target,
    )


def _eight_quarters(plan: Plan, measure: Measure, quarter: Quarter) -> tuple[TrendPoint, ...]:
    """The measure's quarter values and targets (as core assesses them) over eight quarters."""
    quarters = [quarter]
    while len(quarters) < 8:
        quarters.insert(0, quarters[0].previous())
    points = []
    for each in quarters:
        assessment = assess(plan, measure, each)
        points.append(TrendPoint(str(each), assessment.value, assessment.target))
    return tuple(points)


def measure_row(
    plan: Plan,
    assessment: Assessment,
    statistics: MeasureStatistics,
    revisions: Mapping[RevisionKey, Revision],
) -> MeasureRow:
    """The measure's row of the report for the assessment's quarter."""
    measure, quarter = assessment.measure, assessment.quarter
    since = latest_figures(plan, measure, quarter, revisions)
    chart = statistics.spc
    target = assessment.target
    band = assessment.band
    target_text = format_value(target, measure)
    if band is not None and band.high != band.low:
        target_text = f"{target_text} to {format_value(band.high, measure)}"
    current = _quarter_figure(assessment, False, revisions)
    return MeasureRow(
        code=measure.code,
        title=measure.title,
        priority=measure.priority.code,
        outcome=measure.outcome.code,
        precision=measure.precision,
        frequency=measure.frequency.value.capitalize(),
        polarity=polarity_label(measure.polarity),
        tolerance=str(measure.tolerance),
        target=Figure(target, target_text, str(quarter)),
        previous=_quarter_figure(assessment, True, revisions),
        current=current,
        latest=since[-1] if since else Figure(None, "–"),
        rag=assessment.rag,
        rag_label=assessment.rag.label if assessment.rag else "Not rated",
        direction=assessment.direction,
        direction_label=assessment.direction.label if assessment.direction else "–",
        not_rated=assessment.not_rated,
        not_rated_label=assessment.not_rated.label if assessment.not_rated else "",
        spc=(
            SpcIcons(chart.improvement, chart.variation, chart.assurance)
            if chart and assessment.not_rated is not NotRated.NOT_DUE
            else None
        ),
        readings=statistics.readings,
        forecast=_forecast(assessment, statistics),
        commentary=current.note,
        trend=trend_chart_data(
            ChartKind.SPARKLINE,
            measure.code,
            measure.title,
            measure.precision,
            _eight_quarters(plan, measure, quarter),
            period_heading="Quarter",
        ),
    )


def spc_targets(plan: Plan, measure: Measure, result: SpcResult) -> dict[str, float] | None:
    """The target in force at each point of the measure's SPC chart, by period label, for its
    target line (``None`` when the chart has no target)."""
    if result.target is None:
        return None
    found = {}
    for observation in plan.observations_of(measure.code):
        target = plan.target(measure.code, observation.period)
        if target is not None:
            found[str(observation.period)] = float(target)
    return found


def exception_chart(plan: Plan, assessment: Assessment, statistics: MeasureStatistics) -> ChartData:
    """The full chart of an exception: its SPC chart (drawing its latest
    :data:`~councilstat.reports.charts.data.CHART_POINTS` points), or (for a year-to-date
    measure, or one with a single value) its values against the target over time."""
    measure = assessment.measure
    if statistics.spc is not None:
        return spc_chart_data(
            measure.code,
            measure.title,
            measure.precision,
            statistics.spc,
            period_noun=period_noun(measure.frequency),
            window=CHART_POINTS,
            targets=spc_targets(plan, measure, statistics.spc),
        )
    points: Sequence[TrendPoint] = [
        TrendPoint(str(o.period), o.value, plan.target(measure.code, o.period))
        for o in plan.observations_of(measure.code)
        if o.period.end <= assessment.quarter.end
    ]
    return trend_chart_data(ChartKind.TREND, measure.code, measure.title, measure.precision, points)
