"""The public pages' content and downloads, from ``selectors.PublicPlan`` (figures from core).

Selectors query, presenters never do: nothing here reads the database. The downloads and pages
take only what ``public_plan`` put in the scrubbed snapshot, so what one shows the other shows
too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from councilstat.core import plan as core
from councilstat.core.assessment import Assessment, assess
from councilstat.core.narrative import headline, plural
from councilstat.core.summary import GroupSummary
from councilstat.reports.charts.data import TrendPoint
from councilstat.reports.charts.rating import RatingBar, rating_bars, rating_svg
from councilstat.reports.charts.trend import Chart, trend_chart
from councilstat.reports.formatting import format_value
from councilstat.reports.words import plain_number
from councilstat.web.public.selectors import PublicPlan

__all__ = [
    "LICENCE_NAME",
    "LICENCE_URL",
    "DOWNLOAD_COLUMNS",
    "Glance",
    "MeasurePage",
    "PriorityPage",
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
    "period", "value", "target", "first_published_value", "licence", "as_at",
)  # fmt: skip
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


def _measures(public: PublicPlan, code: str | None) -> tuple[core.Measure, ...]:
    chosen = tuple(m for m in public.figures.measures if code is None or m.code == code)
    if code is not None and not chosen:
        raise Http404(f"no public measure {code}")
    return chosen


def download_rows(public: PublicPlan, code: str | None = None) -> list[tuple[object, ...]]:
    """One row per published value (of one measure, or all), with the licence and as-at date."""
    rows: list[tuple[object, ...]] = []
    for measure in _measures(public, code):
        for value in _values(public, measure):
            rows.append(
                (
                    public.organisation.name, public.plan.title, measure.priority.code,
                    measure.outcome.code, measure.code, measure.title, measure.unit.value,
                    _BETTER[measure.polarity], value["period"], value["value"], value["target"],
                    value["first_published_value"], LICENCE_NAME, public.as_at.isoformat(),
                )
            )  # fmt: skip
    return rows


def download_json(public: PublicPlan, code: str | None = None) -> dict[str, Any]:
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
                "values": _values(public, m),
            }
            for m in _measures(public, code)
        ],
    }
