"""A file's problems as every upload page shows them: the first ``SUMMARISED`` linked from the
error summary, the first ``SHOWN`` in a table (``includes/problems.html``), and all of them in a
CSV download, so a file of 100,000 bad rows costs a page of a hundred."""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from councilstat.io.exports import csv_text
from councilstat.io.problems import Problem

__all__ = ["SHOWN", "SUMMARISED", "csv_download", "problem_links", "problems_csv"]

SHOWN = 100
"""Problems listed on a page; the CSV download has every one."""
SUMMARISED = 10
"""Problems linked from the error summary at the top of the page."""


def problem_links(problems: Sequence[Problem]) -> list[dict[str, str]]:
    """The error summary's entries, each linked to its row in the problems table, then one
    entry for the rest."""
    links = [
        {"text": str(problem), "href": f"#problem-{number}"}
        for number, problem in enumerate(problems[:SUMMARISED], start=1)
    ]
    if len(problems) > SUMMARISED:
        more = len(problems) - SUMMARISED
        links.append({"text": f"and {more:,} more problems, listed below", "href": "#problems"})
    return links


def problems_csv(problems: Sequence[Problem]) -> str:
    """Every problem as CSV: file, sheet, row, column and what was wrong (formula-safe)."""
    return csv_text(
        ("file", "sheet", "row", "column", "problem"),
        ((p.file, p.sheet, p.row, p.column, p.message) for p in problems),
    )


def csv_download(text: str, filename: str, what: str) -> HttpResponse:
    """``text`` as a CSV attachment named after the uploaded ``filename`` (made safe) and
    ``what`` it lists (``report-problems.csv``), with a byte-order mark so that Excel reads it
    as UTF-8."""
    name = f"{slugify(filename)[:60] or 'import'}-{what}.csv"
    response = HttpResponse(text.encode("utf-8-sig"), content_type="text/csv")
    response["Content-Disposition"] = content_disposition_header(True, name) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    return response
