"""The statistics beside a measure's RAG and direction, in the words and icons a page shows.

A thin template layer: the sentences (the 95% interval, significance, the year-end forecast)
are :class:`~councilstat.reports.words.StatisticsWords`, shared with the reports; this module
adds the icons, linked to the user guide, and the filters templates use.

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
from functools import cached_property

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from councilstat.core.assessment import Assessment
from councilstat.core.measure_statistics import MeasureStatistics
from councilstat.core.spc import Assurance, Variation
from councilstat.reports.charts.icons import ICON_SIZE, assurance_icon_svg, variation_icon_svg
from councilstat.reports.words import StatisticsWords

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


class StatisticsView(StatisticsWords):
    """One measure's statistics in one quarter, as icons and plain-English text."""

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
