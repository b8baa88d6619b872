"""The rules a target or an observation must keep, shared by file import, web entry and API.

Each check raises ``InvalidFigure`` naming the field at fault (``value``, ``numerator``,
``denominator``, ``period``, ``target``, ``target_upper``, or a text field such as ``source``)
with a message fit to show the person who typed it.

One set of bounds holds for every value, whichever door it comes in by (`docs/rules.md`), so
that nothing the database cannot hold ever reaches it:

* a number is finite, its magnitude below 10^12, with at most 6 decimal places (trailing zeros
  do not count: ``1.50000000`` is ``1.5``) and at most 15 significant digits (SQLite keeps a
  decimal as a double, exact to 15 digits: ``123456789012.123456`` would come back altered, and
  ``999999999999.999999`` as 10^12, which its column cannot hold); a value worked out from a
  numerator and denominator is rounded to 6 places, or fewer to keep 15 digits (half to even,
  as the database column rounds);
* a tolerance, below 10^8 with at most 4 decimal places;
* text, within its column's length (``MAX_LENGTH``).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_EVEN, Decimal
from types import MappingProxyType

from councilstat.core.errors import PlanError
from councilstat.core.periods import Period, PeriodKind
from councilstat.core.plan import Frequency, Measure, Polarity, Unit

__all__ = [
    "MAX_DECIMAL_PLACES",
    "MAX_LENGTH",
    "MAX_MAGNITUDE",
    "MAX_SIGNIFICANT_DIGITS",
    "MAX_TOLERANCE",
    "TOLERANCE_DECIMAL_PLACES",
    "InvalidFigure",
    "check_number",
    "check_observation_period",
    "check_target",
    "check_text",
    "check_tolerance",
    "observation_value",
]

MAX_MAGNITUDE = Decimal(10) ** 12
"""Every figure (value, numerator, denominator, target) is below this in magnitude."""
MAX_DECIMAL_PLACES = 6
"""Every figure has at most this many decimal places (the stored columns' scale)."""
MAX_SIGNIFICANT_DIGITS = 15
"""Every figure has at most this many significant digits: what SQLite's doubles keep exactly."""
MAX_TOLERANCE = Decimal(10) ** 8
TOLERANCE_DECIMAL_PLACES = 4
"""A tolerance's column holds 12 digits, 4 of them after the point."""

MAX_LENGTH: Mapping[str, int] = MappingProxyType(
    {
        "code": 20,
        "title": 300,
        "priority": 20,
        "priority_title": 300,
        "outcome": 20,
        "outcome_title": 300,
        "directorate": 200,
        "owner": 200,
        "definition": 5000,
        "source": 300,
        "note": 5000,
        "commentary": 5000,
        "organisation": 200,
        "plan_title": 200,
        "outcome_term": 100,
        "outcome_term_plural": 100,
    }
)
"""The most characters each text field may hold: the stored column's length (a measure's code
20, its title and source 300, a plan's title and an organisation's or directorate's name 200).
Definitions and commentary (an observation's note) are stored without a limit; 5,000
characters is the limit of the API's commentary, and keeps a page readable."""

_LABELS = {
    "plan_title": "plan title",
    "priority_title": "priority title",
    "outcome_title": "outcome title",
    "outcome_term": "outcome term",
    "outcome_term_plural": "plural outcome term",
}

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


def _decimal_places(number: Decimal) -> int:
    """Decimal places that matter: ``1.50`` has 1, ``100`` and ``1E+3`` none."""
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def check_number(
    number: Decimal,
    field: str,
    *,
    limit: Decimal = MAX_MAGNITUDE,
    places: int = MAX_DECIMAL_PLACES,
) -> None:
    """A figure must be finite, below ``limit`` in magnitude, with at most ``places``
    decimal places."""
    if not number.is_finite():
        raise InvalidFigure(field, f"the {field} is not a finite number")
    if abs(number) >= limit:
        raise InvalidFigure(
            field, f"the {field} must be less than {limit:,.0f} (and more than -{limit:,.0f})"
        )
    if _decimal_places(number) > places:
        raise InvalidFigure(field, f"give the {field} with no more than {places} decimal places")
    if len(number.normalize().as_tuple().digits) > MAX_SIGNIFICANT_DIGITS:
        raise InvalidFigure(
            field, f"give the {field} with no more than {MAX_SIGNIFICANT_DIGITS} significant digits"
        )


def check_tolerance(amount: Decimal) -> None:
    """A tolerance fits its column: below 10^8, at most 4 decimal places."""
    check_number(amount, "tolerance", limit=MAX_TOLERANCE, places=TOLERANCE_DECIMAL_PLACES)


def check_text(text: str, field: str) -> None:
    """Text must fit its column: at most ``MAX_LENGTH[field]`` characters."""
    limit = MAX_LENGTH[field]
    if len(text) > limit:
        label = _LABELS.get(field, field)
        raise InvalidFigure(
            field, f"the {label} is {len(text)} characters long: at most {limit} are allowed"
        )


def _check_percent(measure: Measure, number: Decimal, field: str) -> None:
    """A percentage is 0 to 100, unless the measure declares it can exceed 100 (then 0 or
    more)."""
    if measure.unit is not Unit.PERCENT:
        return
    if measure.can_exceed_100:
        if number < 0:
            raise InvalidFigure(field, f"a percentage must be 0 or more, not {number}")
    elif not 0 <= number <= 100:  # noqa: PLR2004
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


def check_target(
    measure: Measure, period: Period, value: Decimal, upper: Decimal | None = None
) -> None:
    """A target needs a polarity, a period no shorter than the measure's, and a sane value.
    ``upper`` is the top of a target band (``value`` its bottom), for polarity ``band`` only."""
    check_number(value, "target")
    if upper is not None:
        check_number(upper, "target_upper")
    if measure.polarity is Polarity.NONE:
        raise InvalidFigure(
            "target", f"{measure.code} has polarity none, so it cannot have a target"
        )
    if upper is not None and measure.polarity is not Polarity.BAND:
        raise InvalidFigure(
            "target_upper",
            f"{measure.code} has polarity {measure.polarity.value}: only a measure with "
            "polarity band has a target band",
        )
    if upper is not None and upper < value:
        raise InvalidFigure(
            "target_upper",
            f"the top of the target band ({upper}) is below its bottom ({value})",
        )
    if period.kind not in TARGET_PERIODS[measure.frequency]:
        raise InvalidFigure(
            "period",
            f"{measure.code} is collected {measure.frequency.value}, so a target cannot be "
            f"set for {_ARTICLE[period.kind]} ({period})",
        )
    _check_percent(measure, value, "target")
    if upper is not None:
        _check_percent(measure, upper, "target_upper")


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
    derived = scale * numerator / denominator
    if abs(derived) >= MAX_MAGNITUDE:
        raise InvalidFigure(
            "value",
            f"the value worked out from numerator / denominator ({derived:.4g}) must be less "
            f"than {MAX_MAGNITUDE:,.0f}",
        )
    whole_digits = max(derived.adjusted() + 1, 1)
    places = min(MAX_DECIMAL_PLACES, MAX_SIGNIFICANT_DIGITS - whole_digits)
    return derived.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)


def observation_value(
    measure: Measure,
    value: Decimal | None,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
) -> Decimal:
    """The observation's value: as given, or from numerator and denominator (100 x n / d for a
    percent, n / d otherwise, to 6 decimal places). When both are given they must agree to the
    precision the value is written in. Every figure given must be within the bounds
    (``check_number``). A negative zero is returned as zero."""
    for field, number in (("value", value), ("numerator", numerator), ("denominator", denominator)):
        if number is not None:
            check_number(number, field)
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
    return value.copy_abs() if value.is_zero() else value  # -0 is 0
