"""The headline sentences of a performance report, in the style of the board's minutes.

Every percentage states its denominator, and the grammar holds for 0 and 1:

>>> from councilstat.core.summary import Counts
>>> plural(1, "measure"), plural(0, "measure"), plural(69, "measure")
('1 measure', '0 measures', '69 measures')
"""

from __future__ import annotations

from councilstat.core.periods import FinancialYear, Quarter
from councilstat.core.spc import Assurance, SpcResult, Variation
from councilstat.core.summary import Counts, PlanSummary

__all__ = ["headline", "period_name", "plural", "quarter_name", "spc_reading"]


def plural(count: int, noun: str, plural_noun: str | None = None) -> str:
    """``1 measure``, ``2 measures``."""
    word = noun if count == 1 else (plural_noun or f"{noun}s")
    return f"{count} {word}"


def quarter_name(quarter: Quarter, *, relative_to: Quarter) -> str:
    """``Quarter 1``, or ``Quarter 4 of 2018/19`` when the year differs."""
    if quarter.year == relative_to.year:
        return quarter.label
    return f"{quarter.label} of {quarter.financial_year}"


def period_name(
    period: Quarter | FinancialYear, *, relative_to: Quarter | FinancialYear | None = None
) -> str:
    """A quarter as ``quarter_name`` gives it (``Quarter 2 of 2019/20`` when there is no
    quarter to be relative to); a financial year as ``2018/19``."""
    if isinstance(period, Quarter) and isinstance(relative_to, Quarter):
        return quarter_name(period, relative_to=relative_to)
    if isinstance(period, Quarter):
        return f"{period.label} of {period.financial_year}"
    return str(period)


def _scope(summary: PlanSummary) -> str:
    measures = plural(summary.current.measures, "measure")
    outcomes = plural(
        summary.outcome_count, summary.outcome_term, summary.outcome_term_plural or None
    )
    when = period_name(summary.period)
    return f"This report covers performance against {outcomes} and {measures} for {when}."


def _met(current: Counts, previous: Counts, previous_name: str, span: str) -> str:
    if current.assessed == 0:
        return f"No measure had both data and a target this {span}, so none was rated."
    subject = plural(current.assessed, "measure")
    their = "its" if current.assessed == 1 else "their"
    sentence = (
        f"Of the {subject} with data and a target this {span}, {current.green} "
        f"({current.met_pct}%) met or exceeded {their} target"
    )
    if previous.met_pct is None:
        return f"{sentence}; no measure was rated in {previous_name}."
    return f"{sentence}, compared with {previous.met_pct}% in {previous_name}."


def _rag(current: Counts) -> str:
    if current.assessed == 0:
        return ""
    verb = "was" if current.green == 1 else "were"
    return (
        f"{plural(current.green, 'measure')} {verb} on target (green), "
        f"{current.amber} within tolerance (amber) and {current.red} off target (red)."
    )


def _direction(current: Counts, previous: Counts, previous_name: str) -> str:
    if current.direction_assessed == 0:
        return (
            "No measure had a comparable previous value, "
            "so no direction of travel could be calculated."
        )
    sentence = (
        f"The direction of travel was positive for {current.improving} "
        f"({current.improving_pct}%) of the {plural(current.direction_assessed, 'measure')} "
        "with a comparable previous value"
    )
    if previous.improving_pct is None:
        return f"{sentence}; none had one in {previous_name}."
    return f"{sentence}, compared with {previous.improving_pct}% in {previous_name}."


def headline(summary: PlanSummary) -> tuple[str, ...]:
    """The report's opening sentences for ``summary``'s quarter or year, each comparison naming
    the period it compares with (``Quarter 1``, ``2018/19``); a provisional period's first
    sentence says so, with how many of the measures due have reported."""
    previous_name = period_name(summary.previous_period, relative_to=summary.period)
    span = "year" if summary.is_year else "quarter"
    sentences = (
        summary.coverage.note,
        _scope(summary),
        _met(summary.current, summary.previous, previous_name, span),
        _rag(summary.current),
        _direction(summary.current, summary.previous, previous_name),
    )
    return tuple(s for s in sentences if s)


_VARIATION_READING = {
    Variation.COMMON_CAUSE: "Common cause variation: no sign of a real change",
    Variation.IMPROVEMENT_HIGH: "Special cause: improving",
    Variation.IMPROVEMENT_LOW: "Special cause: improving",
    Variation.CONCERN_HIGH: "Special cause: worsening",
    Variation.CONCERN_LOW: "Special cause: worsening",
    Variation.NEITHER_HIGH: "Special cause: higher than usual",
    Variation.NEITHER_LOW: "Special cause: lower than usual",
}
_ASSURANCE_READING = {
    Assurance.CONSISTENT_PASS: "Target consistently met at current performance",
    Assurance.CONSISTENT_FAIL: "Target consistently missed at current performance",
    Assurance.INCONSISTENT: (
        "Target met in some periods and missed in others at current performance"
    ),
}


def _latest_run(result: SpcResult) -> int:
    """How many points in a row, ending with the latest, share the latest point's type."""
    latest = result.points[-1].type
    run = 0
    for point in reversed(result.points):
        if point.type is not latest:
            break
        run += 1
    return run


def spc_reading(result: SpcResult, period_noun: str = "point") -> tuple[str, ...]:
    """Plain-English readings of a chart's icons, e.g. ``Special cause: improving for
    7 quarters`` and ``Target consistently missed at current performance``."""
    readings = []
    if result.variation is None:
        readings.append("Too few points in the latest period of the chart to read its variation")
    elif result.variation is Variation.COMMON_CAUSE:
        readings.append(_VARIATION_READING[result.variation])
    else:
        readings.append(
            f"{_VARIATION_READING[result.variation]} for {plural(_latest_run(result), period_noun)}"
        )
    if result.assurance is not None:
        readings.append(_ASSURANCE_READING[result.assurance])
    if result.trial_limits:
        readings.append("Limits are provisional: fewer than 13 points so far")
    return tuple(readings)
