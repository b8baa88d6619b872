"""Render a committee report as a tagged, accessible PDF with WeasyPrint.

The PDF is the HTML report (:mod:`councilstat.reports.html`) laid out for A4 by its paged-media
stylesheet: a running header with the council, plan and period, page numbers, bookmarks from
the headings, and landscape pages for the wide measure tables. It is written as PDF/UA-1:
tagged, with the title from ``<title>`` and the language from ``<html lang>``.

Nothing is fetched while rendering: the stylesheet is embedded and charts are inline SVG, and
:class:`OfflineFetcher` refuses every URL but ``data:``, so a link or image slipped into a
commentary cannot make the server call out or read a local file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import weasyprint  # type: ignore[import-untyped]

from councilstat.reports.html import render_html
from councilstat.reports.model import CommitteeReport

__all__ = ["PDF_VARIANT", "OfflineFetcher", "render_pdf"]

PDF_VARIANT = "pdf/ua-1"

# The report stylesheet is small and valid; WeasyPrint's warnings would only be noise. Set
# once, when a renderer first needs WeasyPrint, rather than on every render.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


class OfflineFetcher(weasyprint.URLFetcher):  # type: ignore[misc]
    """A URL fetcher that refuses everything except inline ``data:`` URLs."""

    def fetch(self, url: str, headers: Any = None) -> Any:
        if not url.startswith("data:"):
            raise ValueError(f"a committee report fetches nothing from outside ({url[:80]})")
        return super().fetch(url, headers)


def render_pdf(report: CommitteeReport, *, progress: Callable[[str], None] | None = None) -> bytes:
    """The report as PDF bytes (A4, tagged PDF/UA-1)."""
    document = render_html(report, medium="pdf", progress=progress)
    if progress is not None:
        progress("Laying out the pages")
    html = weasyprint.HTML(string=document, base_url=None, url_fetcher=OfflineFetcher())
    pdf: bytes = html.write_pdf(pdf_variant=PDF_VARIANT)
    return pdf
