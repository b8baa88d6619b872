"""What an SPC chart says in words: its summary, its data table and the words for each point
type and special-cause rule.

Plain text from :class:`~councilstat.core.spc.SpcResult`, with no drawing library, so the
report model (:mod:`councilstat.reports.charts.data`) and the chart itself
(:mod:`councilstat.reports.charts.spc`) say the same in every format. Limits are shown through
``limit_format``: a percentage's within 0 to 100, marked "(capped)" where the calculated limit
lies beyond (``docs/statistics.md``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from councilstat.core.narrative import spc_reading
from councilstat.core.spc import PointType, Rule, SpcPoint, SpcResult

__all__ = [
    "POINT_TYPE_WORDS",
    "RULE_WORDS",
    "TABLE_HEADER",
    "group_starts",
    "point_period",
    "point_reading",
    "spc_summary",
    "spc_table",
]

POINT_TYPE_WORDS: dict[PointType, str] = {
    PointType.COMMON_CAUSE: "Common cause",
    PointType.SPECIAL_CAUSE_IMPROVEMENT: "Special cause: improvement",
    PointType.SPECIAL_CAUSE_CONCERN: "Special cause: concern",
    PointType.SPECIAL_CAUSE_NEUTRAL_HIGH: "Special cause: higher than usual",
    PointType.SPECIAL_CAUSE_NEUTRAL_LOW: "Special cause: lower than usual",
}
"""A point's type in plain words, as the legend and the data table give it."""

RULE_WORDS: dict[Rule, str] = {
    Rule.ABOVE_UPL: "Above the upper process limit",
    Rule.BELOW_LPL: "Below the lower process limit",
    Rule.TREND_INCREASING: "Part of a rising trend",
    Rule.TREND_DECREASING: "Part of a falling trend",
    Rule.TWO_IN_THREE_ABOVE: "Two of three points close to the upper limit",
    Rule.TWO_IN_THREE_BELOW: "Two of three points close to the lower limit",
    Rule.SHIFT_ABOVE: "Part of a run above the mean",
    Rule.SHIFT_BELOW: "Part of a run below the mean",
}
"""Each special-cause rule in plain words, for the data table."""

TABLE_HEADER = (
    "Date", "Value", "Mean", "Lower process limit", "Upper process limit", "Point type",
    "Special-cause rules met",
)  # fmt: skip


def point_reading(point: SpcPoint) -> str:
    """A point's type and the rules it met, in words: ``Special cause: improvement -- above the
    upper process limit; part of a run above the mean``."""
    reading = POINT_TYPE_WORDS[point.type]
    if not point.rules:
        return reading
    rules = "; ".join(RULE_WORDS[rule][:1].lower() + RULE_WORDS[rule][1:] for rule in point.rules)
    return f"{reading} -- {rules}"


def point_period(point: SpcPoint) -> str:
    """The point's date, or its position (counting from 1) when it has none."""
    return point.date if point.date is not None else str(point.index + 1)


def _sentence(readings: Sequence[str]) -> str:
    """Join readings into one sentence: ``A; b; c.``"""
    parts = [readings[0], *(r[:1].lower() + r[1:] for r in readings[1:])]
    return "; ".join(parts) + "."


def spc_summary(
    result: SpcResult,
    *,
    value_format: Callable[[float], str],
    limit_format: Callable[[float], str] | None = None,
    period_noun: str = "point",
) -> str:
    """Two sentences: the latest value against the mean, limits and target; then what the
    variation and assurance icons say (:func:`~councilstat.core.narrative.spc_reading`)."""
    limit = limit_format or value_format
    latest = result.points[-1]
    when = f" ({latest.date})" if latest.date is not None else ""
    figures = f"The latest value is {value_format(latest.value)}{when}; the mean is "
    figures += value_format(result.mean)
    if result.lpl is None or result.upl is None:
        since = " since the limits were recalculated" if len(result.groups) > 1 else ""
        figures += f", with no process limits yet (one value{since})"
    elif result.no_variation:
        figures += ", with no variation, so the process limits equal the mean"
    else:
        figures += f", with process limits from {limit(result.lpl)} to "
        figures += limit(result.upl)
    if result.target is not None:
        figures += f", and the target is {value_format(result.target)}"
    starts = group_starts(result)
    if starts:
        figures += (
            f". The series breaks at {_and(starts)}: limits start again there, from the values "
            "since"
        )
    return f"{figures}. {_sentence(spc_reading(result, period_noun))}"


def group_starts(result: SpcResult) -> list[str]:
    """The period of the first point of each group after the first: where new limits start
    (a series break, or a rebase)."""
    first = {point.group: point for point in reversed(result.points)}
    return [point_period(first[group.number]) for group in result.groups[1:]]


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def spc_table(
    result: SpcResult,
    *,
    value_format: Callable[[float], str],
    limit_format: Callable[[float], str] | None = None,
) -> tuple[tuple[str, ...], ...]:
    """One row per observed point, with its group's mean and limits (through
    ``limit_format``, which may cap them)."""
    limit = limit_format or value_format

    def shown(value: float | None) -> str:
        return "–" if value is None else limit(value)

    rows = []
    for point in result.points:
        limits = result.groups[point.group].limits
        rules = "; ".join(RULE_WORDS[rule] for rule in point.rules) or "None"
        rows.append(
            (
                point_period(point),
                value_format(point.value),
                value_format(limits.mean),
                shown(limits.lpl),
                shown(limits.upl),
                POINT_TYPE_WORDS[point.type],
                rules,
            )
        )
    return tuple(rows)
