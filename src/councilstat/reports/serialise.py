"""A quarter's (or a financial year's) summary as plain JSON-ready data: the contract of
``councilstat summary --json`` (``docs/api.md``), reused by the web API so both give the same
figures."""

from __future__ import annotations

from typing import Any

from councilstat.core.assessment import Assessment
from councilstat.core.measure_statistics import MeasureStatistics
from councilstat.core.narrative import plural, spc_reading
from councilstat.core.plan import Plan
from councilstat.core.plan_statistics import plan_statistics
from councilstat.core.spc import SpcResult
from councilstat.core.summary import Counts, PlanSummary
from councilstat.reports.charts.spc_text import point_reading
from councilstat.reports.words import plain_number

__all__ = ["describe_spc", "summary_to_dict"]


def _counts(current: Counts, previous: Counts) -> dict[str, Any]:
    return {
        "measures": current.measures,
        "assessed": current.assessed,
        "not_assessed": current.not_assessed,
        "met": current.green,
        "met_pct": current.met_pct,
        "previous_assessed": previous.assessed,
        "previous_met": previous.green,
        "previous_met_pct": previous.met_pct,
        "rag": {"green": current.green, "amber": current.amber, "red": current.red},
        "direction": {
            "assessed": current.direction_assessed,
            "improving": current.improving,
            "improving_pct": current.improving_pct,
            "no_change": current.no_change,
            "worsening": current.worsening,
            "previous_assessed": previous.direction_assessed,
            "previous_improving_pct": previous.improving_pct,
        },
    }


def _float(value: float | None, places: int = 4) -> float | None:
    return None if value is None else round(value, places)


def _statistics(statistics: MeasureStatistics) -> dict[str, Any]:
    chart, interval, forecast = statistics.spc, statistics.interval, statistics.forecast
    return {
        "spc": None
        if chart is None
        else {
            "mean": _float(chart.mean),
            "lpl": _float(chart.lpl),
            "upl": _float(chart.upl),
            "variation": chart.variation.value if chart.variation else None,
            "assurance": chart.assurance.value if chart.assurance else None,
            "points": len(chart.points),
            "trial_limits": chart.trial_limits,
        },
        "reading": list(statistics.readings),
        "interval": None
        if interval is None
        else {
            "level": 0.95,
            "lower": _float(interval.lower),
            "upper": _float(interval.upper),
            "denominator": interval.denominator,
            "small_number": interval.small_number,
            "against_target": interval.position.value if interval.position else None,
        },
        "direction_significant": statistics.direction_significant,
        "forecast": None
        if forecast is None
        else {
            "year": str(forecast.year),
            "value": plain_number(forecast.value),
            "low": plain_number(forecast.low),
            "high": plain_number(forecast.high),
            "method": forecast.method.value,
            "target": plain_number(forecast.target),
            "target_upper": plain_number(forecast.target_upper),
            "rag": forecast.rag.value if forecast.rag else None,
            "basis": forecast.basis,
        },
    }


def _measure(assessment: Assessment, statistics: MeasureStatistics) -> dict[str, Any]:
    measure = assessment.measure
    return {
        "code": measure.code,
        "title": measure.title,
        "priority": measure.priority.code,
        "outcome": measure.outcome.code,
        "unit": measure.unit.value,
        "polarity": measure.polarity.value,
        "value": plain_number(assessment.value),
        "value_period": str(assessment.current.period) if assessment.current else None,
        "target": plain_number(assessment.target),
        "target_upper": plain_number(assessment.target_upper),
        "previous_value": plain_number(assessment.previous_value),
        "rag": assessment.rag.value if assessment.rag else None,
        "direction": assessment.direction.value if assessment.direction else None,
        "not_assessed_reason": assessment.not_rated.value if assessment.not_rated else None,
        **_statistics(statistics),
    }


def summary_to_dict(summary: PlanSummary, plan: Plan, *, organisation: str = "") -> dict[str, Any]:
    """The whole summary, with the headline figures at the top level (and whether they are
    provisional: ``coverage`` says how many of the measures due have reported and whether the
    quarter is published), and each measure with its SPC reading, interval and year-end
    forecast beside its RAG and direction (computed for every measure at once)."""
    statistics = plan_statistics(plan, summary.assessments)
    return {
        "organisation": organisation,
        "plan": summary.plan_title,
        "period": str(summary.period),
        "previous_period": str(summary.previous_period),
        "outcomes": summary.outcome_count,
        "provisional": summary.coverage.provisional,
        "provisional_note": summary.coverage.note,
        "coverage": {
            "due": summary.coverage.due,
            "reported": summary.coverage.reported,
            "published": summary.coverage.published,
        },
        **_counts(summary.current, summary.previous),
        "priorities": [
            {"code": g.code, "title": g.title, **_counts(g.current, g.previous)}
            for g in summary.priorities
        ],
        "exceptions": [
            {"priority": e.priority.code, "measures": [a.measure.code for a in e.assessments]}
            for e in summary.exceptions
        ],
        "by_measure": [_measure(a, statistics[a.measure.code]) for a in summary.assessments],
    }


def _limit(value: float | None) -> str:
    return "–" if value is None else f"{value:.4g}"


def describe_spc(result: SpcResult) -> list[str]:
    """A chart as lines of text for the terminal: limits, readings and the special-cause points."""
    lines = [
        f"Mean {_limit(result.mean)}, process limits {_limit(result.lpl)} to {_limit(result.upl)}"
        f" ({plural(len(result.groups), 'group')}, {plural(len(result.points), 'point')}, "
        f"profile {result.profile.value})",
        *spc_reading(result),
    ]
    flagged = [p for p in result.points if p.type != "common_cause"]
    if flagged:
        lines.append("Special-cause points:")
        for point in flagged:
            when = point.date or point.index
            lines.append(f"  {when} ({point.value:g}): {point_reading(point)}")
    lines.extend(f"Warning: {w}" for w in result.warnings)
    return lines
