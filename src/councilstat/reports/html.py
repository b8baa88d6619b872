"""Render a :class:`~councilstat.reports.model.CommitteeReport` as one accessible HTML page
(Jinja2, autoescaped), self-contained: the stylesheet is embedded and every chart and icon is
inline SVG, so the page needs nothing from the network. (The PDF is typeset from the same
model by :mod:`councilstat.reports.pdf`.)
"""

from __future__ import annotations

from collections.abc import Callable

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from councilstat.core.spc import Assurance, Improvement, Variation
from councilstat.reports.cells import (
    GLANCE_HEADER,
    definition_cells,
    not_assessed_cells,
    revision_cells,
    tolerance_cells,
)
from councilstat.reports.charts.data import ChartData
from councilstat.reports.charts.icons import assurance_icon_svg, variation_icon_svg
from councilstat.reports.charts.images import ChartImages
from councilstat.reports.model import CommitteeReport

__all__ = ["render_html"]

ICON_SIZE = 22

_environment = Environment(
    loader=PackageLoader("councilstat.reports", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


_environment.filters.update(
    not_assessed_cells=not_assessed_cells,
    tolerance_cells=tolerance_cells,
    definition_cells=definition_cells,
    revision_cells=revision_cells,
)


class _Drawings:
    """The report's charts and icons as inline SVG (each chart drawn once)."""

    def __init__(self, report: CommitteeReport, images: ChartImages) -> None:
        self.drawn = images.svgs(report.charts)

    def chart(self, chart: ChartData) -> Markup:
        # The SVG is built by our chart code, which escapes every label in it.
        return Markup(self.drawn.get(chart.key, ""))  # noqa: S704

    def variation_icon(
        self, variation: Variation | None, improvement: Improvement | None
    ) -> Markup:
        if variation is None or improvement is None:
            return Markup("")
        return Markup(variation_icon_svg(variation, improvement, size=ICON_SIZE))  # noqa: S704

    def assurance_icon(self, assurance: Assurance | None) -> Markup:
        if assurance is None:
            return Markup("")
        return Markup(assurance_icon_svg(assurance, size=ICON_SIZE))  # noqa: S704


def render_html(
    report: CommitteeReport,
    *,
    progress: Callable[[str], None] | None = None,
    images: ChartImages | None = None,
) -> str:
    """The report as a complete HTML document."""
    if progress is not None:
        progress("Drawing the charts")
    drawings = _Drawings(report, images or ChartImages())
    return _environment.get_template("report.html").render(
        report=report,
        svg=drawings.chart,
        variation_icon=drawings.variation_icon,
        assurance_icon=drawings.assurance_icon,
        glance_header=GLANCE_HEADER,
    )
