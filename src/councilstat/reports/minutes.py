"""Draft minutes of a meeting as plain data: the model the Word renderer
(:mod:`councilstat.reports.minutes_docx`) and the web pages draw.

The web application assembles it from a meeting's questions, actions and resolutions
(``web.scrutiny.minutes``); nothing here reads a database or draws a document.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["ANSWER_HEADER", "DraftMinutes", "MinuteEnquiry", "MinuteItem", "MinuteSection"]

ANSWER_HEADER = ("Question", "What the figures show", "Answer given")
"""The columns of a measure's lines of enquiry in the minutes: the last is left blank for the
clerk to record the answer the board was given."""


@dataclass(frozen=True)
class MinuteEnquiry:
    """A line of enquiry on a red measure (``reports.enquiry``), with room for its answer."""

    code: str
    question: str
    evidence: str


@dataclass
class MinuteItem:
    """One heading's worth of discussion."""

    heading: str
    codes: tuple[str, ...]
    rating_note: str = ""
    paragraphs: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    enquiry: list[MinuteEnquiry] = field(default_factory=list)
    """The lines of enquiry of the item's red measures, each to be answered."""


@dataclass(frozen=True)
class MinuteSection:
    heading: str
    title: str
    items: tuple[MinuteItem, ...]
    note: str = ""


@dataclass(frozen=True)
class DraftMinutes:
    title: str
    board: str
    meeting_date: str
    agenda_item: str
    summary: tuple[str, ...]
    sections: tuple[MinuteSection, ...]
    general: tuple[MinuteItem, ...]
    resolutions: tuple[str, ...]

    @property
    def filename_stem(self) -> str:
        return "draft-minutes"
