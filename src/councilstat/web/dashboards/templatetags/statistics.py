"""The statistics beside a measure's RAG and direction, in the words and icons a page shows.

Presentation only: every figure here comes from ``core.measure_statistics`` (SPC, the 95%
interval, the significance of the direction, the year-end forecast) or from the assessment;
this module rounds them for display and puts them in sentences, so templates never do.

In a template::

    {% load statistics %}
    {% with s=statistics|present:a %}{{ s.variation_icon_small }} {{ s.interval }}{% endwith %}

where ``statistics`` is a page's mapping of measure code to core's ``MeasureStatistics`` (or
one ``MeasureStatistics``) and ``a`` the measure's core ``Assessment``.

Icons and charts are SVG produced by our own ``reports`` modules and are marked safe by
:func:`trusted_svg` alone (see there for why that is safe).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from councilstat.core.assessment import Assessment
from councilstat.core.forecast import PREDICTION_LEVEL, Forecast, ForecastMethod
from councilstat.core.intervals import TargetPosition
from councilstat.core.measure_statistics import MeasureStatistics
from councilstat.core.plan import Polarity, Unit
from councilstat.core.rating import Direction
from councilstat.core.spc import Assurance, Variation
from councilstat.reports.formatting import format_value
from councilstat.reports.icons import ICON_SIZE, assurance_icon_svg, variation_icon_svg

__all__ = [
    "StatisticsView",
    "assurance_fragment",
    "guide_url",
    "present",
    "trusted_svg",
    "variation_fragment",
]

register = template.Library()

SMALL_ICON_SIZE = 24
"""Icons in a table of measures."""


def trusted_svg(svg: str) -> SafeString:
    """Mark SVG drawn by ``councilstat.reports`` (icons, SPC and trend charts) as safe HTML.

    Safe because those modules build it themselves: shapes and positions from numbers, fixed
    glyphs, and text (measure titles, labels, summaries, periods) that they escape with
    ``html.escape`` or that the Vega renderer escapes as it draws. Never pass it anything else.
    """
    return mark_safe(svg)  # noqa: S308  (our own SVG; see the docstring)


register.filter("trusted_svg", trusted_svg)


def variation_fragment(variation: Variation) -> str:
    """The guide's fragment id for a variation icon: ``variation-improvement_high``."""
    return f"variation-{variation.value}"


def assurance_fragment(assurance: Assurance) -> str:
    """The guide's fragment id for an assurance icon: ``assurance-consistent_fail``."""
    return f"assurance-{assurance.value}"


def guide_url(fragment: str = "") -> str:
    """The user guide's address, at ``fragment`` when given."""
    address = reverse("dashboards:guide")
    return f"{address}#{fragment}" if fragment else address


def _linked(svg: str, fragment: str) -> SafeString:
    """An icon as a link to its section of the guide (the icon's own name names the link)."""
    if not svg:
        return SafeString("")
    return format_html(
        '<a class="govuk-link cs-spc-icon-link" href="{}">{}</a>',
        guide_url(fragment),
        trusted_svg(svg),
    )


def _shown(value: float, unit: Unit) -> str:
    return format_value(Decimal(repr(value)), unit)


def _whole(value: float) -> str:
    return str(Decimal(repr(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


class StatisticsView:
    """One measure's statistics in one quarter, as icons and plain-English text."""

    def __init__(self, assessment: Assessment, statistics: MeasureStatistics) -> None:
        self.assessment = assessment
        self.statistics = statistics
        self.measure = assessment.measure

    # SPC: icons and readings --------------------------------------------------------------

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

    def _variation_icon(self, size: int) -> SafeString:
        spc = self.statistics.spc
        if spc is None or spc.variation is None:
            return SafeString("")
        svg = variation_icon_svg(spc.variation, spc.improvement, size=size)
        return _linked(svg, variation_fragment(spc.variation))

    def _assurance_icon(self, size: int) -> SafeString:
        if self.assurance is None:
            return SafeString("")
        svg = assurance_icon_svg(self.assurance, size=size)
        return _linked(svg, assurance_fragment(self.assurance))

    @cached_property
    def variation_icon(self) -> SafeString:
        return self._variation_icon(ICON_SIZE)

    @cached_property
    def variation_icon_small(self) -> SafeString:
        return self._variation_icon(SMALL_ICON_SIZE)

    @cached_property
    def assurance_icon(self) -> SafeString:
        return self._assurance_icon(ICON_SIZE)

    @cached_property
    def assurance_icon_small(self) -> SafeString:
        return self._assurance_icon(SMALL_ICON_SIZE)

    @property
    def trial_limits(self) -> bool:
        """The chart's limits are provisional (too few points yet)."""
        return self.statistics.spc is not None and self.statistics.spc.trial_limits

    @property
    def has_icons(self) -> bool:
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
        unit = self.measure.unit
        return f"{_shown(interval.lower, unit)} to {_shown(interval.upper, unit)}"

    @cached_property
    def interval(self) -> str:
        """``95.7% (95% interval 79.0% to 99.2%)``, or ``""`` without an interval."""
        if not self.interval_range:
            return ""
        value = format_value(self.assessment.value, self.measure.unit)
        return f"{value} (95% interval {self.interval_range})"

    @cached_property
    def denominator(self) -> str:
        """The number the figure is based on: ``23``."""
        interval = self.statistics.interval
        return "" if interval is None else _shown(interval.denominator, Unit.NUMBER)

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
            shown = _whole(points) if points >= 0.95 else f"{points:.1f}"
            noun = "percentage point" if shown == "1" else "percentage points"
            return f"{text}; a change of one case moves this figure by about {shown} {noun}."
        step = _shown(interval.one_case_step, self.measure.unit)
        return f"{text}; a change of one case moves this figure by about {step}."

    @cached_property
    def target_position(self) -> str:
        """Where the interval lies against the target, in words (``""`` without one)."""
        interval = self.statistics.interval
        target = self.assessment.target
        if interval is None or interval.position is None or target is None:
            return ""
        shown = format_value(target, self.measure.unit)
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
        """A forecast figure, shown no more precisely than the measure's own values: a count
        of 645 forecasts 661, not 661.11 (other units have their fixed places already)."""
        latest = self.assessment.value
        if self.measure.unit is Unit.NUMBER and latest is not None:
            exponent = latest.normalize().as_tuple().exponent
            if isinstance(exponent, int):
                value = value.quantize(Decimal(1).scaleb(min(0, exponent)), ROUND_HALF_UP)
        return format_value(value, self.measure.unit)

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
        shown = format_value(forecast.target, self.measure.unit)
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
                f"the year-end figure should fall inside it {_whole(PREDICTION_LEVEL * 10)} "
                "times in 10."
            )
        return f"{basis} The range runs across the projections from each of those years."


@register.filter
def present(
    statistics: Mapping[str, MeasureStatistics] | MeasureStatistics | None,
    assessment: Assessment,
) -> StatisticsView | None:
    """``{% with s=statistics|present:a %}``: the statistics of ``a``'s measure, for display
    (``None`` when the page has none for it)."""
    if statistics is None:
        return None
    if isinstance(statistics, MeasureStatistics):
        return StatisticsView(assessment, statistics)
    found = statistics.get(assessment.measure.code)
    return StatisticsView(assessment, found) if found is not None else None


@register.simple_tag
def guide(fragment: str = "") -> str:
    """``{% guide "small-numbers" %}``: the guide's address at a section."""
    return guide_url(fragment)
