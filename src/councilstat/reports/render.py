"""One entry point for every format: ``render(report, fmt) -> bytes``, with what a download
needs (the media type and file extension), so the command line and the web share it.

>>> ReportFormat("pdf").media_type
'application/pdf'
>>> ReportFormat.DOCX.suffix
'.docx'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING

from councilstat.reports.model import CommitteeReport

if TYPE_CHECKING:
    from councilstat.reports.charts.images import ChartImages

__all__ = ["Progress", "ReportFormat", "download_name", "render"]

Progress = Callable[[str], None]
"""Called with a few words ("Laying out the pages") as each stage of a render starts."""


class ReportFormat(StrEnum):
    HTML = "html"
    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"

    @property
    def suffix(self) -> str:
        return f".{self.value}"

    @property
    def media_type(self) -> str:
        return _MEDIA_TYPES[self]

    @property
    def label(self) -> str:
        """How a download button names it."""
        return _LABELS[self]

    @classmethod
    def from_suffix(cls, suffix: str) -> ReportFormat | None:
        """The format a file name's extension implies (``.htm`` too), or ``None``."""
        cleaned = suffix.lower().lstrip(".")
        return {"htm": cls.HTML}.get(cleaned) or next(
            (member for member in cls if member.value == cleaned), None
        )


_MEDIA_TYPES = {
    ReportFormat.HTML: "text/html; charset=utf-8",
    ReportFormat.PDF: "application/pdf",
    ReportFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_LABELS = {
    ReportFormat.HTML: "Web page (HTML)",
    ReportFormat.PDF: "PDF",
    ReportFormat.DOCX: "Word document",
    ReportFormat.XLSX: "Excel workbook",
}


def download_name(report: CommitteeReport, fmt: ReportFormat | str) -> str:
    """A safe file name for a download or an attachment: ASCII letters, digits and hyphens,
    e.g. ``council-plan-2019-20-2019-20-q2-exceptions.pdf``.

    >>> from types import SimpleNamespace as S
    >>> fake = S(cover=S(plan_title='Plan "A"/../', quarter="2019/20 Q2"), exceptions_only=False)
    >>> download_name(fake, "pdf")
    'plan-a-2019-20-q2.pdf'
    """
    words = f"{report.cover.plan_title} {report.cover.quarter}"
    if report.exceptions_only:
        words += " exceptions"
    ascii_words = words.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_words).strip("-") or "report"
    return f"{slug[:120]}{ReportFormat(fmt).suffix}"


def render(
    report: CommitteeReport,
    fmt: ReportFormat | str,
    *,
    progress: Progress | None = None,
    images: ChartImages | None = None,
) -> bytes:
    """The report in ``fmt`` as the bytes of a file (HTML is UTF-8).

    Renderers are imported on demand: the chart libraries, Typst and python-docx load only
    when needed. ``progress`` is told each stage, for a progress display or a background
    task's status. ``images`` keeps the charts drawn: pass the same
    :class:`~councilstat.reports.charts.images.ChartImages` to render one report in several
    formats and each chart is drawn once.
    """
    from councilstat.reports.charts.images import ChartImages

    chosen = ReportFormat(fmt)
    drawn = images if images is not None else ChartImages()
    if chosen is ReportFormat.HTML:
        from councilstat.reports.html import render_html

        return render_html(report, progress=progress, images=drawn).encode("utf-8")
    if chosen is ReportFormat.PDF:
        from councilstat.reports.pdf import render_pdf

        return render_pdf(report, progress=progress, images=drawn)
    if chosen is ReportFormat.DOCX:
        from councilstat.reports.docx import render_docx

        return render_docx(report, progress=progress, images=drawn)
    from councilstat.reports.xlsx import render_xlsx

    return render_xlsx(report, progress=progress, images=drawn)
