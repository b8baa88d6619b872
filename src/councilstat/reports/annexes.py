"""The annexes of a committee report: the rules and tolerances in force, a glossary of the
icons and labels, data definitions and sources, the measures not assessed, the revisions,
and the figures behind the charts. Plain data, from the plan and core's assessments."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from councilstat.core.assessment import Assessment
from councilstat.core.plan import Measure, Plan, Precision, ToleranceKind, Unit
from councilstat.core.rating import Direction, Rag
from councilstat.core.spc import Assurance, Improvement, Variation
from councilstat.reports.charts.data import CHART_POINTS, ChartData
from councilstat.reports.charts.icons import ASSURANCE_LABELS, EXAMPLE_IMPROVEMENT, VARIATION_LABELS
from councilstat.reports.formatting import format_value
from councilstat.reports.measures import (
    Figure,
    MeasureRow,
    Revision,
    RevisionKey,
    RevisionNote,
    aggregation_label,
    polarity_label,
    revision_note,
)
from councilstat.reports.words import unit_title

__all__ = [
    "CHART_TABLE_ROWS",
    "RATING_RULES",
    "Annexes",
    "ChartTable",
    "DefinitionRow",
    "GlossaryEntry",
    "NotAssessedRow",
    "ToleranceRow",
    "TrendRow",
    "build_annexes",
    "chart_table",
    "glossary",
]

RATING_RULES = (
    "Green (on target): the value meets or beats the target in the measure's better direction.",
    "Amber (within tolerance): the value misses the target by no more than the measure's "
    "tolerance; a value exactly on the edge of the tolerance is amber.",
    "Red (off target): the value misses the target by more than the tolerance.",
    "A tolerance written as a percentage (5%) is that share of the target; a plain number (2) "
    "is in the measure's own units, percentage points for a percentage.",
    "A measure is rated in a quarter when it has a value for a period ending in that quarter and "
    "a target. Monthly measures are rolled up into the quarter as their definition says "
    "(the latest month, the sum or the mean); annual measures are rated in the fourth quarter.",
    "Direction of travel compares the quarter's value with the previous quarter's.",
    "Percentages are rounded half up to a whole number, and each is stated with its denominator.",
)


@dataclass(frozen=True)
class ToleranceRow:
    """A measure's tolerance in force this quarter, and what it means at its target."""

    code: str
    title: str
    precision: Precision
    polarity: str
    tolerance: str
    target: Figure
    amber_band: str
    """``misses 90.0% by no more than 4.5 percentage points``; empty without a target."""

    @property
    def unit(self) -> Unit:
        return self.precision.unit


@dataclass(frozen=True)
class GlossaryEntry:
    """A term, label or icon, and what it means. Icons carry the enum to draw them."""

    term: str
    meaning: str
    variation: Variation | None = None
    assurance: Assurance | None = None
    improvement: Improvement | None = None


@dataclass(frozen=True)
class DefinitionRow:
    code: str
    title: str
    unit: str
    polarity: str
    frequency: str
    definition: str
    source: str
    owner: str
    directorate: str


@dataclass(frozen=True)
class NotAssessedRow:
    code: str
    title: str
    priority: str
    frequency: str
    reason: str


@dataclass(frozen=True)
class TrendRow:
    """A measure's values and targets over the report's eight quarters (its sparkline)."""

    code: str
    title: str
    precision: Precision
    values: tuple[Figure, ...]
    targets: tuple[Figure, ...]

    @property
    def unit(self) -> Unit:
        return self.precision.unit


CHART_TABLE_ROWS = CHART_POINTS
"""The printed table behind an exception chart gives at most its latest 36 points (three years
of months), as its chart draws; the Excel workbook gives every point. A 500-measure plan with
ten years of monthly data would otherwise print over 25,000 rows."""


@dataclass(frozen=True)
class ChartTable:
    """The table printed behind an exception chart: its latest rows, and what was left out."""

    chart: ChartData
    rows: tuple[tuple[str, ...], ...]
    left_out: int

    @property
    def note(self) -> str:
        """The chart's own table note, and where the rest is when rows were left out."""
        parts = [self.chart.table_note] if self.chart.table_note else []
        if self.left_out:
            parts.append(
                f"The table gives the latest {len(self.rows)} of its {len(self.chart.rows)} "
                "points; the Excel workbook's Chart data sheet has every point."
            )
        return " ".join(parts)


def chart_table(chart: ChartData, limit: int = CHART_TABLE_ROWS) -> ChartTable:
    rows = chart.rows[-limit:] if limit > 0 else chart.rows
    return ChartTable(chart, rows, len(chart.rows) - len(rows))


@dataclass(frozen=True)
class Annexes:
    rules: tuple[str, ...]
    tolerances: tuple[ToleranceRow, ...]
    glossary: tuple[GlossaryEntry, ...]
    definitions: tuple[DefinitionRow, ...]
    not_assessed: tuple[NotAssessedRow, ...]
    revisions: tuple[RevisionNote, ...]
    trend_quarters: tuple[str, ...]
    trends: tuple[TrendRow, ...]
    exception_charts: tuple[ChartData, ...]
    """The full charts of the exception report, whose data tables the annex prints."""

    @property
    def chart_tables(self) -> tuple[ChartTable, ...]:
        """The printed tables behind the exception charts (:data:`CHART_TABLE_ROWS`)."""
        return tuple(chart_table(chart) for chart in self.exception_charts)


def _band_text(measure: Measure, assessment: Assessment) -> str:
    target = assessment.target
    if target is None:
        return ""
    band = measure.tolerance.band(target)
    if measure.unit is Unit.PERCENT:
        points = Precision(Unit.NUMBER, measure.precision.places(band))
        width = f"{format_value(band, points)} percentage points"
    else:
        width = format_value(band, measure)
    shown = format_value(target, measure)
    return f"Misses {shown} by no more than {width}"


def _tolerance_words(measure: Measure) -> str:
    amount = str(measure.tolerance)
    if measure.tolerance.kind is ToleranceKind.PERCENT_OF_TARGET:
        return f"{amount} of the target"
    if measure.tolerance.amount == 0:
        return "None: any shortfall is red"
    units = "percentage points" if measure.unit is Unit.PERCENT else "in the measure's units"
    return f"{amount} ({units})"


def _tolerance_row(assessment: Assessment) -> ToleranceRow:
    measure = assessment.measure
    return ToleranceRow(
        code=measure.code,
        title=measure.title,
        precision=measure.precision,
        polarity=polarity_label(measure.polarity),
        tolerance=_tolerance_words(measure),
        target=Figure(assessment.target, format_value(assessment.target, measure)),
        amber_band=_band_text(measure, assessment),
    )


def glossary() -> tuple[GlossaryEntry, ...]:
    """The labels, markers and icons used in the report, in the order a reader meets them."""
    entries = [
        GlossaryEntry(f"{Rag.GREEN.label} (green)", "Met or beat the target."),
        GlossaryEntry(
            f"{Rag.AMBER.label} (amber)",
            "Missed the target by no more than the measure's tolerance.",
        ),
        GlossaryEntry(f"{Rag.RED.label} (red)", "Missed the target by more than the tolerance."),
        GlossaryEntry("Not rated", "No value this quarter, no target, or no better direction."),
        GlossaryEntry(Direction.IMPROVING.label, "Better than the previous quarter's value."),
        GlossaryEntry(Direction.NO_CHANGE.label, "The same as the previous quarter's value."),
        GlossaryEntry(Direction.WORSENING.label, "Worse than the previous quarter's value."),
        GlossaryEntry(
            "Revised",
            "The figure has changed since it was first reported; the annex of revisions gives "
            "both figures and the reason.",
        ),
        GlossaryEntry(
            "Latest data",
            "The newest value for a period after the quarter, with the date it is as at.",
        ),
        GlossaryEntry(
            "Year-end forecast",
            "Where the measure will finish the year at current performance, rated against the "
            "year's target.",
        ),
    ]
    improvement_of = EXAMPLE_IMPROVEMENT
    entries += [
        GlossaryEntry(
            label.name,
            label.explanation,
            variation=variation,
            improvement=improvement_of[variation],
        )
        for variation, label in VARIATION_LABELS.items()
    ]
    entries += [
        GlossaryEntry(label.name, label.explanation, assurance=assurance)
        for assurance, label in ASSURANCE_LABELS.items()
    ]
    return tuple(entries)


def _definition(measure: Measure) -> DefinitionRow:
    return DefinitionRow(
        code=measure.code,
        title=measure.title,
        unit=unit_title(measure.unit),
        polarity=polarity_label(measure.polarity),
        frequency=aggregation_label(measure),
        definition=measure.definition or "Not recorded",
        source=measure.source or "Not recorded",
        owner=measure.owner,
        directorate=measure.directorate,
    )


def _revisions(
    plan: Plan, codes: Sequence[str], revisions: Mapping[RevisionKey, Revision]
) -> tuple[RevisionNote, ...]:
    order = {code: index for index, code in enumerate(codes)}
    notes = []
    for (code, period), revision in revisions.items():
        if code in order:
            note = revision_note(plan.measure(code), period, revision)
            if note is not None:
                notes.append((order[code], period, note))
    return tuple(note for _, _, note in sorted(notes, key=lambda item: (item[0], item[1])))


def _trend_row(row: MeasureRow) -> TrendRow:
    points = row.trend.points
    unit = row.trend.precision
    return TrendRow(
        code=row.code,
        title=row.title,
        precision=unit,
        values=tuple(Figure(p.value, format_value(p.value, unit), p.period) for p in points),
        targets=tuple(Figure(p.target, format_value(p.target, unit), p.period) for p in points),
    )


def build_annexes(
    plan: Plan,
    *,
    shown: Sequence[Assessment],
    sparklines: Iterable[MeasureRow],
    all_assessments: Sequence[Assessment],
    exception_charts: Sequence[ChartData],
    revisions: Mapping[RevisionKey, Revision],
) -> Annexes:
    """The annexes: tolerances, definitions and revisions of the measures ``shown``; the
    figures behind the ``sparklines`` and the ``exception_charts``; and every measure of
    ``all_assessments`` that was not rated."""
    rows = list(sparklines)
    codes = [a.measure.code for a in shown]
    return Annexes(
        rules=RATING_RULES,
        tolerances=tuple(_tolerance_row(a) for a in shown),
        glossary=glossary(),
        definitions=tuple(_definition(a.measure) for a in shown),
        not_assessed=tuple(
            NotAssessedRow(
                a.measure.code,
                a.measure.title,
                a.measure.priority.code,
                a.measure.frequency.value.capitalize(),
                a.not_rated.label,
            )
            for a in all_assessments
            if a.not_rated is not None
        ),
        revisions=_revisions(plan, codes, revisions),
        trend_quarters=tuple(p.period for p in rows[0].trend.points) if rows else (),
        trends=tuple(_trend_row(row) for row in rows),
        exception_charts=tuple(exception_charts),
    )
