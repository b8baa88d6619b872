"""The words that reports, web pages and the API share: names of units and periods, dates,
figures rounded for display, and the plain-English sentences about a measure's statistics.

Kept in one place so every format says the same thing the same way. Plain text from core's
results: no drawing, document or web library is imported here. Numbers are formatted by
:func:`~councilstat.reports.formatting.format_value` at the measure's precision
(:meth:`~councilstat.core.plan.Precision.places`); rounding is for display only.

>>> unit_title(Unit.CURRENCY)
'Pounds (£)'
>>> long_date(dt.date(2019, 11, 14))
'14 November 2019'
>>> plain_number(Decimal("12.50")), plain_number(Decimal("12.00"))
(12.5, 12)
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import overload

from councilstat.core.assessment import Assessment, NotRated
from councilstat.core.benchmark import ordinal
from councilstat.core.enquiry import Finding, LineOfEnquiry, Topic
from councilstat.core.forecast import PREDICTION_LEVEL, Forecast, ForecastMethod
from councilstat.core.intervals import TargetPosition
from councilstat.core.measure_statistics import MeasureStatistics
from councilstat.core.plan import Frequency, Polarity, Precision, Unit
from councilstat.core.rating import Direction
from councilstat.core.spc import Assurance, Variation
from councilstat.reports.formatting import Shown, format_value, limit_format, precision_of

__all__ = [
    "PERIOD_NOUNS",
    "UNIT_TITLES",
    "StatisticsWords",
    "enquiry_evidence",
    "long_date",
    "period_noun",
    "plain_number",
    "unit_title",
    "whole_number",
]

UNIT_TITLES: dict[Unit, str] = {
    Unit.PERCENT: "Per cent",
    Unit.NUMBER: "Number",
    Unit.RATE: "Rate",
    Unit.DAYS: "Days",
    Unit.CURRENCY: "Pounds (£)",
    Unit.RATIO: "Ratio",
}
"""A unit as a title: a chart's y axis, the unit column of a table of definitions."""

PERIOD_NOUNS: dict[Frequency, str] = {
    Frequency.MONTHLY: "month",
    Frequency.QUARTERLY: "quarter",
    Frequency.ANNUAL: "year",
}
"""One period of a measure's frequency, as a noun ("improving for 3 months")."""


def unit_title(unit: Unit) -> str:
    """``Per cent``, ``Pounds (£)``: the unit as a title (:data:`UNIT_TITLES`)."""
    return UNIT_TITLES[unit]


def period_noun(frequency: Frequency) -> str:
    """``month``, ``quarter`` or ``year`` (:data:`PERIOD_NOUNS`)."""
    return PERIOD_NOUNS[frequency]


def long_date(day: dt.date) -> str:
    """``14 November 2019``."""
    return f"{day.day} {day:%B %Y}"


@overload
def plain_number(value: Decimal) -> int | float: ...
@overload
def plain_number(value: None) -> None: ...
def plain_number(value: Decimal | None) -> int | float | None:
    """A decimal as a plain number for JSON or a spreadsheet cell: an ``int`` when it is
    whole, else a ``float``; ``None`` stays ``None``."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def whole_number(value: float) -> str:
    """``4``: rounded half up to a whole number."""
    return str(Decimal(repr(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


class StatisticsWords:
    """One measure's statistics in one quarter, in plain English: the 95% interval and small
    numbers, whether the change is significant, and the year-end forecast.

    Every figure comes from ``core.measure_statistics`` or from the assessment; this class
    only rounds them for display and puts them in sentences. Each sentence is ``""`` where
    the statistic does not apply.
    """

    def __init__(self, assessment: Assessment, statistics: MeasureStatistics) -> None:
        self.assessment = assessment
        self.statistics = statistics
        self.measure = assessment.measure

    # SPC ----------------------------------------------------------------------------------

    @property
    def has_spc(self) -> bool:
        return self.statistics.spc is not None

    @property
    def readings(self) -> tuple[str, ...]:
        return self.statistics.readings

    @property
    def variation(self) -> Variation | None:
        return self.statistics.spc.variation if self.statistics.spc else None

    @property
    def assurance(self) -> Assurance | None:
        return self.statistics.spc.assurance if self.statistics.spc else None

    @property
    def trial_limits(self) -> bool:
        """The chart's limits are provisional (too few points yet)."""
        return self.statistics.spc is not None and self.statistics.spc.trial_limits

    @property
    def has_icons(self) -> bool:
        """Icons to show beside the quarter's rating: none for a measure not due this quarter
        (its latest point is from an earlier period, so its icons would read as this
        quarter's)."""
        if self.assessment.not_rated is NotRated.NOT_DUE:
            return False
        return self.variation is not None or self.assurance is not None

    # The 95% interval and small numbers ---------------------------------------------------

    @property
    def small_number(self) -> bool:
        interval = self.statistics.interval
        return interval is not None and interval.small_number

    @cached_property
    def interval_range(self) -> str:
        """``79.0% to 99.2%``, or ``""`` without an interval."""
        interval = self.statistics.interval
        if interval is None:
            return ""
        shown = limit_format(self.measure)
        return f"{shown(interval.lower)} to {shown(interval.upper)}"

    @cached_property
    def interval(self) -> str:
        """``95.7% (95% interval 79.0% to 99.2%)``, or ``""`` without an interval."""
        if not self.interval_range:
            return ""
        value = format_value(self.assessment.value, self.measure)
        return f"{value} (95% interval {self.interval_range})"

    @cached_property
    def denominator(self) -> str:
        """The number the figure is based on: ``23``."""
        interval = self.statistics.interval
        return "" if interval is None else format_value(interval.denominator, Unit.NUMBER)

    @cached_property
    def small_numbers(self) -> str:
        """``Small numbers: based on 23 cases; a change of one case moves this figure by about
        4 percentage points.`` (``""`` when the denominator is not small)."""
        interval = self.statistics.interval
        if interval is None or not interval.small_number:
            return ""
        text = f"Small numbers: based on {self.denominator} cases"
        if interval.denominator <= 0:
            return f"{text}."
        if self.measure.unit is Unit.PERCENT:
            points = interval.one_case_step
            shown = whole_number(points) if points >= 0.95 else f"{points:.1f}"
            noun = "percentage point" if shown == "1" else "percentage points"
            return f"{text}; a change of one case moves this figure by about {shown} {noun}."
        step = format_value(interval.one_case_step, self.measure)
        return f"{text}; a change of one case moves this figure by about {step}."

    @cached_property
    def target_position(self) -> str:
        """Where the interval lies against the target, in words (``""`` without one)."""
        interval = self.statistics.interval
        target = self.assessment.target
        if interval is None or interval.position is None or target is None:
            return ""
        shown = format_value(target, self.measure)
        if interval.position is TargetPosition.STRADDLES:
            return (
                f"The interval includes the target of {shown}, so the figure is not clearly "
                "above or below it: the difference could be chance."
            )
        side = "above" if interval.position is TargetPosition.ABOVE else "below"
        sentence = f"The whole interval lies {side} the target of {shown}"
        polarity = self.measure.polarity
        if polarity is Polarity.NONE:
            return f"{sentence}."
        better = (side == "above") == (polarity is Polarity.HIGHER)
        verdict = "better" if better else "worse"
        return f"{sentence}: {verdict} than the target beyond the play of chance."

    # Direction of travel ------------------------------------------------------------------

    def _tested(self, significant: bool) -> bool:
        direction = self.assessment.direction
        moved = direction is not None and direction is not Direction.NO_CHANGE
        return moved and self.statistics.direction_significant is significant

    @property
    def not_significant(self) -> bool:
        """The value moved, but by no more than chance could give."""
        return self._tested(False)

    @property
    def significant(self) -> bool:
        return self._tested(True)

    @property
    def significance(self) -> str:
        """A sentence on whether the change from the previous quarter is beyond the noise."""
        if self.not_significant:
            return (
                "Not significant: the change from the previous quarter is within what chance "
                "alone could give with numbers this size."
            )
        if self.significant:
            return (
                "Significant: the change from the previous quarter is larger than chance alone "
                "would usually give."
            )
        return ""

    # Year-end forecast --------------------------------------------------------------------

    @property
    def forecast(self) -> Forecast | None:
        return self.statistics.forecast

    def _forecast_shown(self, value: Decimal) -> str:
        return format_value(value, self.measure)

    @property
    def forecast_figure(self) -> str:
        """The forecast alone, without its range: ``96.0%``."""
        forecast = self.forecast
        return "" if forecast is None else self._forecast_shown(forecast.value)

    @cached_property
    def forecast_value(self) -> str:
        """``96.0% (range 95.9% to 96.0%)``, or ``""`` without a forecast."""
        forecast = self.forecast
        if forecast is None:
            return ""
        shown = self._forecast_shown(forecast.value)
        if forecast.low is None or forecast.high is None:
            return shown
        low, high = self._forecast_shown(forecast.low), self._forecast_shown(forecast.high)
        return f"{shown} (range {low} to {high})"

    @cached_property
    def forecast_target_figure(self) -> str:
        """The year-end target the forecast is rated against (``97.0%``, ``95.0% to 100.0%``
        for a band), or ``""`` without one: the target beside the forecast is the year's,
        not the quarter's."""
        forecast = self.forecast
        if forecast is None or forecast.target is None:
            return ""
        shown = format_value(forecast.target, self.measure)
        if forecast.target_upper is not None and forecast.target_upper != forecast.target:
            shown = f"{shown} to {format_value(forecast.target_upper, self.measure)}"
        return shown

    @property
    def forecast_rag(self) -> str:
        forecast = self.forecast
        return forecast.rag.value if forecast is not None and forecast.rag is not None else ""

    @cached_property
    def forecast_target(self) -> str:
        """``against the year-end target of 97.0%``, or why the forecast is not rated."""
        forecast = self.forecast
        if forecast is None:
            return ""
        if forecast.target is None:
            return "(no year-end target is set)"
        shown = self.forecast_target_figure
        if forecast.rag is None:
            return f"not rated against the year-end target of {shown}"
        return f"against the year-end target of {shown}"

    @cached_property
    def forecast_basis(self) -> str:
        """What the forecast rests on and what its range means, in one or two sentences."""
        forecast = self.forecast
        if forecast is None:
            return ""
        basis = f"Based on {forecast.basis}."
        if forecast.low is None or forecast.high is None:
            return f"{basis} There is too little data for a range."
        if forecast.method is ForecastMethod.TREND:
            level = f"{PREDICTION_LEVEL:.0%}"
            return (
                f"{basis} The range is an {level} prediction interval: if the trend holds, "
                f"the year-end figure should fall inside it {whole_number(PREDICTION_LEVEL * 10)} "
                "times in 10."
            )
        return f"{basis} The range runs across the projections from each of those years."


def _figure(value: object, unit: Shown) -> str:
    if isinstance(value, Decimal | float | int):
        return format_value(value, unit)
    return "–"


def _month_or_period(label: object) -> str:
    text = str(label)
    if len(text) == 7 and text[4] == "-":  # a month, 2019-10
        return f"{dt.date(int(text[:4]), int(text[5:]), 1):%B %Y}"
    return text


def _actions_open(opened: int) -> str:
    return f"{opened} action{'s are' if opened != 1 else ' is'} open on this measure"


class _Evidence:
    """The figures of one line of enquiry, shown at the measure's precision."""

    def __init__(self, line: LineOfEnquiry, unit: Shown) -> None:
        self.line, self.f = line, line.figures
        self.precision = precision_of(unit)
        self.unit = self.precision.unit

    def show(self, key: str) -> str:
        return _figure(self.f.get(key), self.precision)

    def limit(self, key: str) -> str:
        value = self.f.get(key)
        if not isinstance(value, Decimal | float | int):
            return "–"
        return limit_format(self.precision)(float(value))

    def count(self, key: str) -> int:
        value = self.f.get(key)
        return int(value) if isinstance(value, int | float | Decimal) else 0

    def noise(self) -> str:
        limits = f"process limits {self.limit('lpl')} to {self.limit('upl')}"
        change = f"the change from {self.show('previous')} to {self.show('value')}"
        return {
            Finding.SPECIAL_CAUSE_CONCERN: "The SPC chart shows special-cause concern: the "
            f"latest values are outside the measure's usual variation ({limits}, mean "
            f"{self.show('mean')}). Something has changed; ask what.",
            Finding.SPECIAL_CAUSE_IMPROVEMENT: "The SPC chart shows special-cause improvement: "
            f"the change is beyond the measure's usual variation ({limits}).",
            Finding.COMMON_CAUSE: "The SPC chart shows only common-cause variation: any value "
            f"between {self.limit('lpl')} and {self.limit('upl')} is expected from the process as "
            f"it is, so {change} is noise, not a change.",
            Finding.CHANGE_SIGNIFICANT: f"{change[0].upper()}{change[1:]} is beyond chance: the "
            "95% interval for the difference between the quarters excludes no change.",
            Finding.CHANGE_WITHIN_NOISE: f"{change[0].upper()}{change[1:]} is within the noise: "
            "the 95% interval for the difference between the quarters includes no change.",
        }[self.line.finding]

    def small_number(self) -> str:
        cases = whole_number(float(self.count("denominator")))
        step_value = self.f.get("one_case_step")
        if self.unit is Unit.PERCENT and isinstance(step_value, Decimal | float | int):
            points = Precision(Unit.NUMBER, self.precision.places(Decimal(repr(step_value))))
            step = f"{_figure(step_value, points)} percentage points"
        else:
            step = _figure(step_value, self.precision)
        return (
            f"The figure rests on {cases} cases, so one case moves it by {step}; its 95% "
            f"interval runs from {self.limit('lower')} to {self.limit('upper')}."
        )

    def newer_data(self) -> str:
        how = {
            Finding.NEWER_BETTER: "better than",
            Finding.NEWER_WORSE: "worse than",
        }.get(self.line.finding, "the same as")
        return (
            f"The latest figure, for {_month_or_period(self.f.get('newer_period'))}, is "
            f"{self.show('newer_value')}: {how} the quarter's {self.show('value')}."
        )

    def forecast(self) -> str:
        between = ""
        if self.f.get("low") is not None and self.f.get("high") is not None:
            between = f" (likely between {self.show('low')} and {self.show('high')})"
        start = f"At current performance {self.f.get('year')} ends at {self.show('value')}{between}"
        if self.line.finding is Finding.FORECAST_NO_TARGET:
            return f"{start}; there is no year-end target to compare it with."
        verdict = "meeting" if self.line.finding is Finding.FORECAST_ON_TARGET else "missing"
        return f"{start}, {verdict} the year-end target of {self.show('target')}."

    def neighbours(self) -> str:
        joint = "joint " if self.f.get("joint") == "yes" else ""
        quartile = self.count("quartile")
        in_quartile = f", in the {ordinal(quartile)} quartile" if quartile else ""
        return (
            f"Among its {self.count('count')} comparators the council ranks {joint}"
            f"{ordinal(self.count('rank'))}{in_quartile} (median {self.show('median')}), "
            "1st being best."
        )

    def actions(self) -> str:
        opened, overdue = self.count("open"), self.count("overdue")
        if self.line.finding is Finding.NO_OPEN_ACTION:
            return "No action is open on this measure: should the board agree one?"
        if not overdue:
            return f"{_actions_open(opened)}, none overdue."
        late = "is past its due date" if overdue == 1 else "are past their due dates"
        return f"{_actions_open(opened)}; {overdue} {late}."


def enquiry_evidence(line: LineOfEnquiry, unit: Shown) -> str:
    """What the figures show in answer to a line of enquiry, in one or two sentences, with
    figures at the measure's precision.

    >>> from councilstat.core.enquiry import ActionCounts, actions_line
    >>> enquiry_evidence(actions_line(ActionCounts(open=2, overdue=1)), Unit.PERCENT)
    '2 actions are open on this measure; 1 is past its due date.'
    """
    evidence = _Evidence(line, unit)
    words = {
        Topic.NOISE: evidence.noise,
        Topic.SMALL_NUMBER: evidence.small_number,
        Topic.NEWER_DATA: evidence.newer_data,
        Topic.FORECAST: evidence.forecast,
        Topic.NEIGHBOURS: evidence.neighbours,
        Topic.ACTIONS: evidence.actions,
    }
    return words[line.topic]()
