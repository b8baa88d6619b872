"""The user guide's icons: each variation and assurance icon with its name, explanation and
the fragment id every icon on the dashboards links to.

In a template: ``{% load statistics_guide %}{% variation_guide as icons %}``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.utils.safestring import SafeString

from councilstat.core.spc import Assurance, Variation
from councilstat.reports.charts.icons import (
    ASSURANCE_LABELS,
    EXAMPLE_IMPROVEMENT,
    VARIATION_LABELS,
    assurance_icon_svg,
    variation_icon_svg,
)
from councilstat.web.dashboards.templatetags.statistics import (
    assurance_fragment,
    trusted_svg,
    variation_fragment,
)

__all__ = ["GuideIcon", "assurance_guide", "variation_guide"]

register = template.Library()

GUIDE_ICON_SIZE = 56


@dataclass(frozen=True)
class GuideIcon:
    """An icon as the guide explains it: its fragment id, drawing, name and explanation."""

    fragment: str
    svg: SafeString
    name: str
    explanation: str


@register.simple_tag
def variation_guide() -> tuple[GuideIcon, ...]:
    """``{% variation_guide as icons %}``: every variation icon, in the order of ``Variation``."""
    return tuple(
        GuideIcon(
            variation_fragment(variation),
            trusted_svg(
                variation_icon_svg(variation, EXAMPLE_IMPROVEMENT[variation], size=GUIDE_ICON_SIZE)
            ),
            VARIATION_LABELS[variation].name,
            VARIATION_LABELS[variation].explanation,
        )
        for variation in Variation
    )


@register.simple_tag
def assurance_guide() -> tuple[GuideIcon, ...]:
    """``{% assurance_guide as icons %}``: every assurance icon, in the order of ``Assurance``."""
    return tuple(
        GuideIcon(
            assurance_fragment(assurance),
            trusted_svg(assurance_icon_svg(assurance, size=GUIDE_ICON_SIZE)),
            ASSURANCE_LABELS[assurance].name,
            ASSURANCE_LABELS[assurance].explanation,
        )
        for assurance in Assurance
    )
