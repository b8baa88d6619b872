"""Draft minutes as a Word document, for the clerk to edit.

Headings use Word's heading styles (so the navigation pane and screen readers find them),
the agreed actions are a bulleted list, and the document carries a title and its language.
"""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.document import Document as WordDocument

from councilstat.reports.docx_parts import add_table
from councilstat.reports.minutes import ANSWER_HEADER, DraftMinutes, MinuteItem

__all__ = ["render_minutes_docx"]


def _item(document: WordDocument, item: MinuteItem) -> None:
    if item.heading:
        document.add_heading(item.heading, level=3)
    if item.rating_note:
        document.add_paragraph().add_run(item.rating_note).italic = True
    if item.enquiry:
        codes = sorted({line.code for line in item.enquiry}, key=item.codes.index)
        add_table(
            document,
            ANSWER_HEADER,
            [
                (
                    f"{line.code}: {line.question}" if len(codes) > 1 else line.question,
                    line.evidence,
                    "",
                )
                for line in item.enquiry
            ],  # fmt: skip
            caption=f"Lines of enquiry on {' and '.join(codes)}: the answers given",
            widths=(4.5, 7, 5),
        )
    for paragraph in item.paragraphs:
        document.add_paragraph(paragraph)
    for line in item.actions:
        document.add_paragraph(line, style="List Bullet")


def _resolution(document: WordDocument, text: str) -> None:
    paragraph = document.add_paragraph()
    label, _, rest = text.partition(" ")
    paragraph.add_run(label).bold = True
    paragraph.add_run(f" {rest}")


def render_minutes_docx(minutes: DraftMinutes) -> bytes:
    """The minutes as a .docx file's bytes."""
    document = Document()
    properties = document.core_properties
    properties.title = minutes.title
    properties.language = "en-GB"
    properties.subject = "Draft minutes"
    document.add_heading(minutes.title, level=0)
    document.add_paragraph("Draft for the clerk to edit: check every entry before publishing.")
    document.add_heading("Agenda item", level=1)
    document.add_paragraph(minutes.agenda_item)
    document.add_heading("Minutes", level=1)
    for paragraph in minutes.summary:
        document.add_paragraph(paragraph)
    for section in minutes.sections:
        document.add_heading(section.heading, level=2)
        if section.note:
            document.add_paragraph(section.note)
        for item in section.items:
            _item(document, item)
    if minutes.general:
        document.add_heading("General points", level=2)
        for item in minutes.general:
            _item(document, item)
    for resolution in minutes.resolutions:
        _resolution(document, resolution)
    output = BytesIO()
    document.save(output)
    return output.getvalue()
