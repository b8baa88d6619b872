"""Typst, the typesetting engine behind the PDF report and the charts' PNG pictures: the one
module that calls it (docs/decisions/0004-typst-for-pdf.md says why Typst).

A document is a template in ``reports/templates`` (``report.typ``, ``pictures.typ``) filled
with data given as JSON in ``sys.inputs``. The template shows every string as text and never
evaluates it as markup, so nothing in a commentary or a title can change the document; it
imports no package, and the compiler's root is the templates folder, so nothing is fetched or
read from elsewhere. Fonts are the system's and Typst's own (built into the package), found
once per process: a render downloads nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from importlib import resources
from pathlib import Path
from typing import Any

import typst

__all__ = ["FONT_PREFERENCE", "font_families", "rasterise", "typeset_pdf"]

FONT_PREFERENCE = ("Arial", "Liberation Sans", "Helvetica", "DejaVu Sans")
"""Sans-serif fonts in the order wanted: Arial where installed; Liberation Sans has the same
metrics (the charts' text is measured for Arial), DejaVu Sans is on almost every Linux."""
FALLBACK_FONT = "Libertinus Serif"
"""Built into Typst, so a document always has a font."""
PDF_STANDARD = "ua-1"
"""PDF/UA-1: tagged, with the document's title and language, headings, table headers and
alternative text for every image (Typst refuses to write the file otherwise)."""


def _templates() -> Path:
    return Path(str(resources.files("councilstat.reports") / "templates"))


@functools.cache
def _fonts() -> typst.Fonts:
    """The system's fonts and Typst's own, found once per process."""
    return typst.Fonts(include_system_fonts=True, include_embedded_fonts=True)


@functools.cache
def font_families() -> tuple[str, ...]:
    """The preferred fonts that are installed, with Typst's own serif font last."""
    available = {family.lower() for family in _fonts().families()}
    return (*(f for f in FONT_PREFERENCE if f.lower() in available), FALLBACK_FONT)


def _compile(template: str, data: dict[str, Any], **options: Any) -> Any:
    folder = _templates()
    compiler = typst.Compiler(root=folder, font_paths=_fonts())
    inputs = {"data": json.dumps(data), "fonts": json.dumps(font_families())}
    return compiler.compile(folder / template, sys_inputs=inputs, **options)


def typeset_pdf(template: str, data: dict[str, Any], *, created: dt.date) -> bytes:
    """The PDF of ``template`` filled with ``data`` (PDF/UA-1), dated ``created`` so that the
    same report gives the same file."""
    moment = dt.datetime(created.year, created.month, created.day, tzinfo=dt.UTC)
    pdf: bytes = _compile(
        template, data, format="pdf", pdf_standards=PDF_STANDARD, timestamp=moment
    )
    return pdf


PICTURE_PPI = 144


PICTURES_A_PASS = 5
"""Pictures drawn in one pass. Typst holds every page of a pass as pixels and the process keeps
the high-water mark, so small passes keep memory down at no cost in time: for the 722 pictures
of a 500-measure report, 100 a pass peaked 790 MB above the report, 10 a pass 330 MB and 5 a
pass 180 MB, all in 5.2 to 5.5 s."""


def rasterise(pictures: list[tuple[str, int]]) -> list[bytes]:
    """Each ``(svg, width in pixels)`` as a PNG of that width, :data:`PICTURES_A_PASS` to a pass
    (Typst compresses them well: a third of the size vl-convert gives)."""
    drawn: list[bytes] = []
    for start in range(0, len(pictures), PICTURES_A_PASS):
        batch = pictures[start : start + PICTURES_A_PASS]
        data = {"ppi": PICTURE_PPI, "pictures": [{"svg": s, "width": w} for s, w in batch]}
        pages: bytes | list[bytes] = _compile("pictures.typ", data, format="png", ppi=PICTURE_PPI)
        drawn.extend([pages] if isinstance(pages, bytes) else pages)  # one page comes alone
    return drawn
