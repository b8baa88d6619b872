"""The pack for a meeting: the exception report for the quarter it considers, and the actions
arising from the board's previous meetings with their status, in the report formats.

Both go through the committee report model (``reports.model.build_report``):

* its ``actions`` input (keyed by measure code) lists under each red measure every action
  agreed on it at a meeting before this one, with its status on the day;
* its ``sections`` input carries "Actions arising from previous meetings": the board's
  earlier actions still open, or closed since it last met, on any measure or none. The report
  shows it before the exception report in every format (HTML and PDF with a contents entry, a
  Heading 1 and table in Word, a sheet in Excel).
"""

from __future__ import annotations

import datetime as dt
import re

from councilstat.reports.model import CommitteeReport, ReportSection, build_report
from councilstat.reports.render import ReportFormat, render
from councilstat.reports.words import long_date
from councilstat.web.accounts.models import User
from councilstat.web.benchmarking.selectors import comparator_standings
from councilstat.web.scrutiny.models import Action, Meeting
from councilstat.web.scrutiny.presenters import ActionView, ScrutinyPresenter
from councilstat.web.scrutiny.selectors import (
    actions_from_previous_meetings,
    meeting_snapshot,
    scrutiny_records,
)

__all__ = [
    "ACTIONS_ARISING",
    "ReportFormat",
    "actions_arising",
    "build_pack",
    "file_stem",
    "pack_report",
]

ACTIONS_ARISING = "Actions arising from previous meetings"
_HEADER = ("Agreed at", "Measure", "Action", "Owner", "Due", "Status", "Latest progress")


def _long_date(day: dt.date | None) -> str:
    return long_date(day) if day else "Not set"


def _row(action: Action, today: dt.date) -> tuple[str, ...]:
    view = ActionView(action, action.status_on(today))
    measure = action.measure
    return (
        str(action.meeting),
        f"{measure.code} {measure.title}" if measure else "General point",
        action.description,
        view.owner_name,
        _long_date(action.due),
        view.status.label,
        action.progress or "–",
    )


def actions_arising(meeting: Meeting, today: dt.date) -> ReportSection:
    """The board's earlier actions still open, or closed since it last met, as the report's
    added section."""
    return ReportSection(
        key="actions-arising",
        title=ACTIONS_ARISING,
        header=_HEADER,
        rows=tuple(_row(a, today) for a in actions_from_previous_meetings(meeting)),
        text=(
            f"The actions agreed at earlier meetings of the {meeting.board.name} that are "
            "still open, or that were closed since it last met, with their status on "
            f"{_long_date(today)}."
        ),
        empty="No actions are outstanding from previous meetings.",
    )


def pack_report(user: User, meeting: Meeting, today: dt.date) -> CommitteeReport:
    """The exception report for the meeting's quarter over the values ``user`` may see, with
    each red measure's earlier actions, its place among its comparators (for the lines of
    enquiry) and the actions arising from previous meetings."""
    records = scrutiny_records(user, meeting.plan, before=meeting.date)
    presenter = ScrutinyPresenter(records, today=today)
    figures = meeting_snapshot(user, meeting)
    return build_report(
        figures,
        meeting.quarter,
        organisation=meeting.board.organisation.name,
        actions=presenter.report_actions(),
        exceptions_only=True,
        records_actions=True,
        generated=today,
        sections=[actions_arising(meeting, today)],
        standings=comparator_standings(
            meeting.plan, [m.code for m in figures.measures], meeting.quarter
        ),
    )


def file_stem(meeting: Meeting, what: str) -> str:
    """``overview-and-scrutiny-management-board-2020-02-12-pack``: a meeting's document's name."""
    board = re.sub(r"[^a-z0-9]+", "-", meeting.board.name.lower()).strip("-")[:60]
    return f"{board}-{meeting.date:%Y-%m-%d}-{what}"


def build_pack(user: User, meeting: Meeting, fmt: ReportFormat, *, today: dt.date) -> bytes:
    """The pack for ``meeting`` in ``fmt``, over the values ``user`` may see, on ``today``."""
    return render(pack_report(user, meeting, today), fmt)
