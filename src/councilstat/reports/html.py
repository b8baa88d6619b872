"""Render a :class:`~councilstat.reports.model.CommitteeReport` as one accessible, printable
HTML page (Jinja2, autoescaped), self-contained: the stylesheet is embedded and every chart
and icon is inline SVG, so the page needs nothing from the network.

The same template makes the PDF (:mod:`councilstat.reports.pdf`): ``medium="pdf"`` adds the
paged-media stylesheet (A4, running header, page numbers, landscape pages for the wide
measure tables), leaves out what only a screen needs, and gives each chart and icon as an
``<img>`` of its SVG (a ``data:`` URL) with the chart's summary as its alt text.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable
from typing import Literal

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from councilstat.core.spc import Assurance, Improvement, Variation
from councilstat.reports.annexes import DefinitionRow, NotAssessedRow, ToleranceRow
from councilstat.reports.charts.data import ChartData
from councilstat.reports.charts.icons import (
    ASSURANCE_LABELS,
    VARIATION_LABELS,
    assurance_icon_svg,
    variation_icon_svg,
)
from councilstat.reports.charts.images import chart_svg, chart_svgs
from councilstat.reports.charts.svg import warm_up
from councilstat.reports.measures import RevisionNote
from councilstat.reports.model import CommitteeReport

__all__ = ["Medium", "render_html"]

Medium = Literal["screen", "pdf"]
ICON_SIZE = 22

_environment = Environment(
    loader=PackageLoader("councilstat.reports", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _tolerance_cells(row: ToleranceRow) -> tuple[str, ...]:
    return (row.code, row.title, row.polarity, row.tolerance, row.target.text, row.amber_band)


def _definition_cells(row: DefinitionRow) -> tuple[str, ...]:
    owner = ", ".join(part for part in (row.owner, row.directorate) if part) or "Not recorded"
    return (
        row.code, row.title, row.unit, row.polarity, row.frequency, row.definition, row.source,
        owner,
    )  # fmt: skip


def _revision_cells(note: RevisionNote) -> tuple[str, ...]:
    return (note.code, note.title, note.period, note.reported, note.current, note.reason or "–")


def _cells(row: NotAssessedRow) -> tuple[str, ...]:
    return (row.code, row.title, row.priority, row.frequency, row.reason)


_environment.filters.update(
    not_assessed_cells=_cells,
    tolerance_cells=_tolerance_cells,
    definition_cells=_definition_cells,
    revision_cells=_revision_cells,
)


_ROOT_STYLE = re.compile(r'(<svg\b[^>]*?)\sstyle="[^"]*"')


def _image_svg(svg: str) -> str:
    """The SVG as a stand-alone image: without the root's inline style (``height: auto``),
    which WeasyPrint would read as "square", so its width and height give its proportions."""
    return _ROOT_STYLE.sub(r"\1", svg, count=1)


class _Drawings:
    """The report's charts and icons as markup for one medium: inline SVG on screen; in a
    PDF, ``<img>`` of the same SVG with the chart's summary as its alt text: WeasyPrint lays
    it out faster than inline SVG (whose every element it would style), and tags it as a
    figure with that text."""

    def __init__(self, report: CommitteeReport, medium: Medium) -> None:
        self.medium = medium
        self.drawn = chart_svgs(report.charts)

    def _markup(self, svg: str, label: str, css_class: str) -> Markup:
        if not svg:
            return Markup("")
        if self.medium == "pdf":
            data = base64.b64encode(_image_svg(svg).encode("utf-8")).decode("ascii")
            alt = html.escape(label, quote=True)
            svg = f'<img class="{css_class}" alt="{alt}" src="data:image/svg+xml;base64,{data}">'
        # The SVG is built by our chart and icon code, which escapes every label in it.
        return Markup(svg)  # noqa: S704

    def chart(self, chart: ChartData) -> Markup:
        svg = self.drawn.get(chart.key) or chart_svg(chart)
        return self._markup(svg, chart.summary, f"chart chart-{chart.kind.value}")

    def variation_icon(
        self, variation: Variation | None, improvement: Improvement | None
    ) -> Markup:
        if variation is None or improvement is None:
            return Markup("")
        svg = variation_icon_svg(variation, improvement, size=ICON_SIZE)
        return self._markup(svg, VARIATION_LABELS[variation].name, "icon")

    def assurance_icon(self, assurance: Assurance | None) -> Markup:
        if assurance is None:
            return Markup("")
        svg = assurance_icon_svg(assurance, size=ICON_SIZE)
        return self._markup(svg, ASSURANCE_LABELS[assurance].name, "icon")


def render_html(
    report: CommitteeReport,
    *,
    medium: Medium = "screen",
    progress: Callable[[str], None] | None = None,
) -> str:
    """The report as a complete HTML document."""
    if progress is not None:
        progress("Drawing the charts")
    warm_up()
    drawings = _Drawings(report, medium)
    return _environment.get_template("report.html").render(
        report=report,
        medium=medium,
        svg=drawings.chart,
        variation_icon=drawings.variation_icon,
        assurance_icon=drawings.assurance_icon,
    )
