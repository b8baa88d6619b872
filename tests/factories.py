"""Factories for core objects, so each test states only what matters to it."""

from __future__ import annotations

from decimal import Decimal

from councilstat.core.periods import Period, parse_period
from councilstat.core.plan import (
    Aggregation,
    Frequency,
    Measure,
    Observation,
    Outcome,
    Plan,
    Polarity,
    Priority,
    Target,
    Tolerance,
    ToleranceKind,
    Unit,
)

PRIORITY = Priority("1", "Every child making the best start in life")
OUTCOME = Outcome("1.A", "Children are safe", "1")


def tolerance(text: str) -> Tolerance:
    """``"5%"`` or ``"2"``, as written in measures.csv."""
    if text.endswith("%"):
        return Tolerance(ToleranceKind.PERCENT_OF_TARGET, Decimal(text[:-1]))
    return Tolerance(ToleranceKind.ABSOLUTE, Decimal(text))


def measure(
    code: str = "1A1",
    *,
    polarity: Polarity = Polarity.HIGHER,
    frequency: Frequency = Frequency.QUARTERLY,
    unit: Unit = Unit.PERCENT,
    tolerance_text: str = "5%",
    aggregation: Aggregation = Aggregation.LAST,
    priority: Priority = PRIORITY,
    outcome: Outcome = OUTCOME,
    cumulative: bool = False,
) -> Measure:
    return Measure(
        code=code,
        title=f"Measure {code}",
        priority=priority,
        outcome=outcome,
        unit=unit,
        polarity=polarity,
        frequency=frequency,
        tolerance=tolerance(tolerance_text),
        aggregation=aggregation,
        cumulative=cumulative,
    )


def period(text: str) -> Period:
    return parse_period(text)


def target(
    code: str,
    period_text: str,
    value: str | int | float,
    upper: str | int | float | None = None,
) -> Target:
    top = None if upper is None else Decimal(str(upper))
    return Target(code, parse_period(period_text), Decimal(str(value)), top)


def observation(code: str, period_text: str, value: str | int | float) -> Observation:
    return Observation(code, parse_period(period_text), Decimal(str(value)))


def plan(
    measures: list[Measure],
    targets: list[Target] | None = None,
    observations: list[Observation] | None = None,
) -> Plan:
    return Plan(tuple(measures), tuple(targets or ()), tuple(observations or ()))
