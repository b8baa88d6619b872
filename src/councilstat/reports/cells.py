"""The report's tables as rows of text, shared by the documents (HTML, PDF, Word): the same
words in the same columns in every format. Plain data, from the report model."""

from __future__ import annotations

from councilstat.reports.annexes import DefinitionRow, NotAssessedRow, ToleranceRow
from councilstat.reports.measures import ActionItem, Figure, MeasureRow, RevisionNote
from councilstat.reports.words import long_date

__all__ = [
    "ACTION_HEADER",
    "DEFINITION_HEADER",
    "ENQUIRY_HEADER",
    "EXCEPTION_FIGURES",
    "GLANCE_HEADER",
    "NOT_ASSESSED_HEADER",
    "NO_ENQUIRY",
    "REVISION_HEADER",
    "SINCE_HEADER",
    "SINCE_ROWS",
    "TOLERANCE_HEADER",
    "action_cells",
    "definition_cells",
    "figure_text",
    "not_assessed_cells",
    "revision_cells",
    "since_cells",
    "spc_text",
    "tolerance_cells",
]

TOLERANCE_HEADER = (
    "Code", "Measure", "Better direction", "Tolerance", "Target", "Amber when the value",
)  # fmt: skip
DEFINITION_HEADER = (
    "Code", "Measure", "Unit", "Better direction", "Frequency", "Definition", "Source", "Owner",
)  # fmt: skip
NOT_ASSESSED_HEADER = ("Code", "Measure", "Priority", "Frequency", "Reason")
REVISION_HEADER = ("Code", "Measure", "Period", "First reported", "Now", "Reason")
SINCE_HEADER = ("Period", "Value", "As at", "Note")
SINCE_ROWS = 6
"""An exception lists at most the latest six values since the quarter ended, so it stays one
page; the Excel workbook's Exceptions sheet has them all."""
ACTION_HEADER = ("Action", "Owner", "Due", "Status", "Agreed at")
ENQUIRY_HEADER = ("Question", "What the figures show")
NO_ENQUIRY = "The figures inform none of the board's usual questions on this measure."
GLANCE_HEADER = (
    "Code", "Measure", "This quarter", "Target", "Rating", "Direction", "SPC",
    "Year-end forecast (target)",
)  # fmt: skip
"""Every measure at a glance: the icons-only summary SPC users ask for."""
EXCEPTION_FIGURES = (
    "Target", "Previous quarter", "This quarter", "Latest data", "Rating", "Direction",
    "SPC variation and assurance", "Year-end forecast",
)  # fmt: skip
"""The figures above an exception's chart."""


def tolerance_cells(row: ToleranceRow) -> tuple[str, ...]:
    return (row.code, row.title, row.polarity, row.tolerance, row.target.text, row.amber_band)


def definition_cells(row: DefinitionRow) -> tuple[str, ...]:
    owner = ", ".join(part for part in (row.owner, row.directorate) if part) or "Not recorded"
    return (
        row.code, row.title, row.unit, row.polarity, row.frequency, row.definition, row.source,
        owner,
    )  # fmt: skip


def revision_cells(note: RevisionNote) -> tuple[str, ...]:
    return (note.code, note.title, note.period, note.reported, note.current, note.reason or "–")


def not_assessed_cells(row: NotAssessedRow) -> tuple[str, ...]:
    return (row.code, row.title, row.priority, row.frequency, row.reason)


def figure_text(figure: Figure) -> str:
    """The figure, marked when revised since reported; ``–`` without one."""
    if figure.value is None:
        return "–"
    return figure.text + (" (revised)" if figure.revision else "")


def since_cells(figure: Figure) -> tuple[str, ...]:
    as_at = long_date(figure.as_at) if figure.as_at else "–"
    return (figure.period, figure_text(figure), as_at, figure.note or "–")


def action_cells(action: ActionItem) -> tuple[str, ...]:
    due = long_date(action.due) if action.due else "–"
    return (
        action.description, action.owner or "–", due, action.status or "–", action.meeting or "–",
    )  # fmt: skip


def spc_text(row: MeasureRow) -> str:
    """The SPC icons in words, ``Common cause variation; Target consistently missed``."""
    if row.spc is None:
        return "–"
    return "; ".join(filter(None, (row.spc.variation_label, row.spc.assurance_label))) or "–"
