"""Render a ``QuarterReport`` as one accessible, printable HTML page (Jinja2, autoescaped)."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from councilstat.reports.model import QuarterReport

__all__ = ["render_html"]

_environment = Environment(
    loader=PackageLoader("councilstat.reports", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_html(report: QuarterReport) -> str:
    """The report as a complete HTML document."""
    return _environment.get_template("report.html").render(report=report)
