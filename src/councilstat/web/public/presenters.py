"""The public pages' content and downloads, from ``selectors.PublicPlan`` (figures from core).

Selectors query, presenters never do: nothing here reads the database. The downloads and pages
take only what ``public_plan`` put in the scrubbed snapshot, so what one shows the other shows
too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import Http404

from councilstat.core import plan as core
from councilstat.core.assessment import Assessment, assess, assess_plan
from councilstat.core.narrative import headline, plural
from councilstat.core.summary import GroupSummary
from councilstat.reports.charts.data import TrendPoint
from councilstat.reports.charts.rating import RatingBar, rating_bars, rating_svg
from councilstat.reports.charts.trend import Chart, trend_chart
from councilstat.reports.formatting import format_value
from councilstat.reports.words import plain_number
from councilstat.web.public.selectors import PublicPlan

__all__ = [
    "STATEMENT_PREPARED",
    "STATEMENT_REVIEWED",
    "AccessibilityStatement",
    "LICENCE_NAME",
    "LICENCE_URL",
    "DOWNLOAD_COLUMNS",
    "Glance",
    "MeasurePage",
    "PriorityPage",
    "accessibility_statement",
    "download_json",
    "download_rows",
    "glance",
    "measure_page",
    "priority_page",
]

LICENCE_NAME = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
DOWNLOAD_COLUMNS = (
    "organisation", "plan", "priority", "outcome", "measure", "title", "unit", "better_when",
    "row_type", "period", "value", "target", "target_upper", "tolerance", "rating",
    "previous_period", "previous_value", "direction", "first_published_value", "licence",
    "as_at",
)  # fmt: skip
"""The public CSV's columns (``docs/public-data.md`` says what each holds). A ``value`` row is
a value as published; a ``quarter`` row is a measure's rating in the quarter shown or the one
before, the two the published headline compares."""
VALUE_ROW = "value"
QUARTER_ROW = "quarter"
NOT_RATED = "not rated"
NO_DIRECTION = "not available"
_BETTER = {
    core.Polarity.HIGHER: "higher",
    core.Polarity.LOWER: "lower",
    core.Polarity.NONE: "",
    core.Polarity.BAND: "within band",
}
_RATING_TEXT = {"green": "on target", "amber": "within tolerance", "red": "off target"}


@dataclass(frozen=True)
class Ratings:
    bars: tuple[RatingBar, ...]
    svg: str
    summary: str


def _ratings(title: str, group_counts: GroupSummary | None, public: PublicPlan) -> Ratings:
    counts = group_counts.current if group_counts is not None else public.summary.current
    bars = rating_bars(counts)
    summary = (
        f"{title}, {public.quarter}: {plural(counts.measures, 'measure')}; "
        + ", ".join(f"{bar.count} {bar.label.lower()}" for bar in bars)
        + "."
    )
    return Ratings(bars, rating_svg(bars, title=title, summary=summary), summary)


@dataclass(frozen=True)
class Glance:
    public: PublicPlan
    sentences: tuple[str, ...]
    ratings: Ratings
    priorities: tuple[GroupSummary, ...]


def glance(public: PublicPlan) -> Glance:
    return Glance(
        public,
        headline(public.summary),
        _ratings("Measures by rating", None, public),
        public.summary.priorities,
    )


@dataclass(frozen=True)
class PriorityPage:
    public: PublicPlan
    group: GroupSummary
    ratings: Ratings
    assessments: tuple[Assessment, ...]


def priority_page(public: PublicPlan, code: str) -> PriorityPage:
    group = next((g for g in public.summary.priorities if g.code == code), None)
    if group is None:
        raise Http404(f"no priority {code}")
    ratings = _ratings(f"Priority {group.code}: measures by rating", group, public)
    return PriorityPage(public, group, ratings, group.assessments)


@dataclass(frozen=True)
class HistoryRow:
    period: str
    value: str
    target: str
    first_published: str


@dataclass(frozen=True)
class MeasurePage:
    public: PublicPlan
    measure: core.Measure
    assessment: Assessment
    sentence: str
    chart: Chart
    rows: tuple[HistoryRow, ...]


def _rating_sentence(assessment: Assessment, unit: core.Measure, quarter: str) -> str:
    if assessment.value is None:
        return f"There is no published value for {quarter}."
    value = format_value(assessment.value, unit)
    if assessment.rag is None:
        reason = assessment.not_rated.label.lower() if assessment.not_rated else "not rated"
        return f"In {quarter} the value was {value}; it is not rated ({reason})."
    target = format_value(assessment.target, unit)
    return (
        f"In {quarter} the value was {value} against a target of {target}: "
        f"{_RATING_TEXT[assessment.rag.value]}."
    )


def measure_page(public: PublicPlan, code: str) -> MeasurePage:
    figures = public.figures
    measure = next((m for m in figures.measures if m.code == code), None)
    if measure is None:
        raise Http404(f"no public measure {code}")
    observations = figures.observations_of(code)
    points = [
        TrendPoint(str(o.period), o.value, figures.target(code, o.period)) for o in observations
    ]
    chart = trend_chart(points, unit=measure, title=f"{measure.code} {measure.title}")
    rows = tuple(
        HistoryRow(
            row.period,
            row.value,
            row.target,
            format_value(public.first_published.get((code, row.period)), measure)
            if (code, row.period) in public.first_published
            else "",
        )
        for row in chart.rows
    )
    assessment = assess(figures, measure, public.quarter)
    sentence = _rating_sentence(assessment, measure, str(public.quarter))
    return MeasurePage(public, measure, assessment, sentence, chart, rows)


def _values(public: PublicPlan, measure: core.Measure) -> list[dict[str, Any]]:
    figures = public.figures
    return [
        {
            "period": str(o.period),
            "value": plain_number(o.value),
            "target": plain_number(figures.target(measure.code, o.period)),
            "first_published_value": plain_number(
                public.first_published.get((measure.code, str(o.period)))
            ),
        }
        for o in figures.observations_of(measure.code)
    ]


def _rating(assessment: Assessment) -> dict[str, Any]:
    """A measure's rating in one quarter, as the downloads give it: enough to recompute the
    published headline (``docs/public-data.md``)."""
    return {
        "period": str(assessment.quarter),
        "value": plain_number(assessment.value),
        "target": plain_number(assessment.target),
        "target_upper": plain_number(assessment.target_upper),
        "rating": assessment.rag.value if assessment.rag else NOT_RATED,
        "previous_period": str(assessment.previous.period) if assessment.previous else "",
        "previous_value": plain_number(assessment.previous_value),
        "direction": assessment.direction.label.lower() if assessment.direction else NO_DIRECTION,
    }


def _ratings_of(public: PublicPlan) -> dict[str, list[dict[str, Any]]]:
    """Each measure's ratings, by code: in the quarter before the one shown, then in it."""
    shown = {a.measure.code: a for a in public.summary.assessments}
    before = {a.measure.code: a for a in assess_plan(public.figures, public.quarter.previous())}
    return {code: [_rating(before[code]), _rating(shown[code])] for code in shown if code in before}


def _measures(public: PublicPlan, code: str | None) -> tuple[core.Measure, ...]:
    chosen = tuple(m for m in public.figures.measures if code is None or m.code == code)
    if code is not None and not chosen:
        raise Http404(f"no public measure {code}")
    return chosen


def download_rows(public: PublicPlan, code: str | None = None) -> list[tuple[object, ...]]:
    """One row per published value (of one measure, or all), then one per quarter the
    headline compares with the measure's rating and direction of travel in it; every row
    with the measure's tolerance, the licence and the as-at date."""
    ratings = _ratings_of(public)
    rows: list[tuple[object, ...]] = []
    for measure in _measures(public, code):
        start = (
            public.organisation.name, public.plan.title, measure.priority.code,
            measure.outcome.code, measure.code, measure.title, measure.unit.value,
            _BETTER[measure.polarity],
        )  # fmt: skip
        end = (LICENCE_NAME, public.as_at.isoformat())
        tolerance = str(measure.tolerance)
        for value in _values(public, measure):
            rows.append(
                (
                    *start, VALUE_ROW, value["period"], value["value"], value["target"], "",
                    tolerance, "", "", "", "", value["first_published_value"], *end,
                )
            )  # fmt: skip
        for rating in ratings.get(measure.code, ()):
            rows.append(
                (
                    *start, QUARTER_ROW, rating["period"], rating["value"], rating["target"],
                    rating["target_upper"], tolerance, rating["rating"],
                    rating["previous_period"], rating["previous_value"], rating["direction"],
                    "", *end,
                )
            )  # fmt: skip
    return rows


def download_json(public: PublicPlan, code: str | None = None) -> dict[str, Any]:
    """The published values and, under ``quarters``, each measure's rating and direction in
    the quarter shown and the one before (``docs/public-data.md``)."""
    ratings = _ratings_of(public)
    return {
        "publisher": public.organisation.name,
        "plan": public.plan.title,
        "latest_quarter": str(public.quarter),
        "as_at": public.as_at.isoformat(),
        "licence": {"name": LICENCE_NAME, "url": LICENCE_URL},
        "measures": [
            {
                "code": m.code,
                "title": m.title,
                "priority": {"code": m.priority.code, "title": m.priority.title},
                "outcome": {"code": m.outcome.code, "title": m.outcome.title},
                "unit": m.unit.value,
                "better_when": _BETTER[m.polarity],
                "frequency": m.frequency.value,
                "definition": m.definition,
                "source": m.source,
                "tolerance": str(m.tolerance),
                "values": _values(public, m),
                "quarters": ratings.get(m.code, []),
            }
            for m in _measures(public, code)
        ],
    }


STATEMENT_PREPARED = dt.date(2026, 11, 29)
"""When the accessibility statement was first prepared."""
STATEMENT_REVIEWED = dt.date(2026, 11, 29)
"""When it was last reviewed against the service: update it with the statement's text."""


@dataclass(frozen=True)
class AccessibilityStatement:
    """What the accessibility statement says that is not fixed text: its dates and the
    contact for requests and complaints (the site's settings)."""

    prepared: dt.date
    reviewed: dt.date
    email: str
    phone: str
    response_days: int


def accessibility_statement() -> AccessibilityStatement:
    """The statement's dates and the contact from the site's settings
    (``COUNCILSTAT_ACCESSIBILITY_EMAIL``, ``_PHONE`` and ``_RESPONSE_DAYS``)."""
    return AccessibilityStatement(
        prepared=STATEMENT_PREPARED,
        reviewed=STATEMENT_REVIEWED,
        email=settings.COUNCILSTAT_ACCESSIBILITY_EMAIL,
        phone=settings.COUNCILSTAT_ACCESSIBILITY_PHONE,
        response_days=settings.COUNCILSTAT_ACCESSIBILITY_RESPONSE_DAYS,
    )
