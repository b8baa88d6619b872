"""The rules a target or an observation must keep, shared by file import, web entry and API.

Each check raises ``InvalidFigure`` naming the field at fault (``value``, ``numerator``,
``denominator``, ``period`` or ``target``) with a message fit to show the person who typed it.
"""

from __future__ import annotations

from decimal import Decimal

from councilstat.core.errors import PlanError
from councilstat.core.periods import Period, PeriodKind
from councilstat.core.plan import Frequency, Measure, Polarity, Unit

__all__ = [
    "InvalidFigure",
    "check_observation_period",
    "check_target",
    "observation_value",
]

# A target may be set for the measure's own period or a longer one.
TARGET_PERIODS = {
    Frequency.ANNUAL: {PeriodKind.YEAR},
    Frequency.QUARTERLY: {PeriodKind.YEAR, PeriodKind.QUARTER},
    Frequency.MONTHLY: {PeriodKind.YEAR, PeriodKind.QUARTER, PeriodKind.MONTH},
}
_ARTICLE = {PeriodKind.MONTH: "a month", PeriodKind.QUARTER: "a quarter", PeriodKind.YEAR: "a year"}
_PLURAL = {PeriodKind.MONTH: "months", PeriodKind.QUARTER: "quarters", PeriodKind.YEAR: "years"}
_EXAMPLE = {
    PeriodKind.MONTH: "2019-07",
    PeriodKind.QUARTER: "2019/20 Q2",
    PeriodKind.YEAR: "2019/20",
}


class InvalidFigure(PlanError):
    """A figure breaks a rule; ``field`` says which one is at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _check_percent(measure: Measure, number: Decimal, field: str) -> None:
    if measure.unit is Unit.PERCENT and not 0 <= number <= 100:
        raise InvalidFigure(field, f"a percentage must be 0 to 100, not {number}")


def check_observation_period(measure: Measure, period: Period) -> None:
    """An observation's period must be of the measure's frequency."""
    kind = measure.frequency.period_kind
    if period.kind is not kind:
        raise InvalidFigure(
            "period",
            f"{measure.code} is collected {measure.frequency.value}, so its periods are "
            f"{_PLURAL[kind]} like {_EXAMPLE[kind]}; {period} is {_ARTICLE[period.kind]}",
        )


def check_target(measure: Measure, period: Period, value: Decimal) -> None:
    """A target needs a polarity, a period no shorter than the measure's, and a sane value."""
    if measure.polarity is Polarity.NONE:
        raise InvalidFigure(
            "target", f"{measure.code} has polarity none, so it cannot have a target"
        )
    if period.kind not in TARGET_PERIODS[measure.frequency]:
        raise InvalidFigure(
            "period",
            f"{measure.code} is collected {measure.frequency.value}, so a target cannot be "
            f"set for {_ARTICLE[period.kind]} ({period})",
        )
    _check_percent(measure, value, "target")


def _half_unit(value: Decimal) -> Decimal:
    """Half a unit in the last place written: 52 allows 0.5, 51.9 allows 0.05."""
    exponent = value.as_tuple().exponent
    places = exponent if isinstance(exponent, int) else 0
    return Decimal(5).scaleb(places - 1)


def _from_fraction(measure: Measure, numerator: Decimal, denominator: Decimal) -> Decimal:
    if denominator <= 0:
        raise InvalidFigure("denominator", f"the denominator must be above zero, not {denominator}")
    if numerator < 0:
        raise InvalidFigure("numerator", f"the numerator cannot be negative ({numerator})")
    if measure.unit is Unit.PERCENT and numerator > denominator:
        raise InvalidFigure(
            "numerator",
            f"the numerator ({numerator}) is above the denominator ({denominator}) "
            "for a percentage",
        )
    scale = 100 if measure.unit is Unit.PERCENT else 1
    return scale * numerator / denominator


def observation_value(
    measure: Measure,
    value: Decimal | None,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
) -> Decimal:
    """The observation's value: as given, or from numerator and denominator (100 x n / d for a
    percent, n / d otherwise). When both are given they must agree to the precision the value
    is written in."""
    if (numerator is None) != (denominator is None):
        missing = "denominator" if denominator is None else "numerator"
        raise InvalidFigure(missing, "give both numerator and denominator, or neither")
    if numerator is not None and denominator is not None:
        derived = _from_fraction(measure, numerator, denominator)
        if value is not None and abs(value - derived) > _half_unit(value):
            raise InvalidFigure(
                "value", f"the value {value} does not match numerator / denominator ({derived:.4g})"
            )
        value = value if value is not None else derived
    if value is None:
        raise InvalidFigure("value", "give a value, or a numerator and denominator")
    _check_percent(measure, value, "value")
    return value
