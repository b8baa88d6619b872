"""Draft minutes of a meeting, as plain data, in the structure of the board's own minutes.

1. A summary of the report's headline (``core.narrative.headline`` of the quarter's summary)
   and the number of red measures the board focused on.
2. Priority by priority: each measure discussed, headed by its code and title (measures
   discussed together share a heading, "2B7 … and 2B8 …"), with the points raised and the
   officers' responses, then the actions agreed; general points raised under the priority
   where the meeting came to them; then the red measures nobody asked about, so the clerk
   sees them.
3. General points raised under no priority.
4. The resolutions, each starting "Resolved:".

Measures appear in the order the meeting discussed them. A measure discussed that was not red
says how it was rated. Renderers (Word, HTML) draw this model
(:mod:`councilstat.reports.minutes`) and nothing else.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from councilstat.core.narrative import headline, plural
from councilstat.core.summary import PlanSummary
from councilstat.reports.enquiry import EnquiryLine
from councilstat.reports.minutes import DraftMinutes, MinuteEnquiry, MinuteItem, MinuteSection
from councilstat.reports.words import long_date
from councilstat.web.scrutiny.models import Action, Meeting, Question, ResolutionKind

__all__ = ["assemble_minutes"]


_RATING_NOTES = {"green": "rated green (on target)", "amber": "rated amber (within tolerance)"}


def _action_line(action: Action) -> str:
    owner = action.owner.display_name if action.owner else "owner to be confirmed"
    due = f"; due {long_date(action.due)}" if action.due else ""
    text = action.description.rstrip(".")
    return f"Agreed: {text} (action: {owner}{due})."


def _paragraph(question: Question) -> str:
    return " ".join(part for part in (question.text.strip(), question.response.strip()) if part)


class _Builder:
    """Places each question and action under its priority and heading, in meeting order."""

    def __init__(
        self,
        meeting: Meeting,
        summary: PlanSummary,
        enquiries: Mapping[str, Sequence[EnquiryLine]],
    ) -> None:
        self.summary = summary
        self.enquiries = enquiries
        assessed = {a.measure.code: a for a in summary.assessments}
        self.assessed = assessed
        self.priority_of = {code: a.measure.priority.code for code, a in assessed.items()}
        self.items: dict[tuple[str, tuple[str, ...]], MinuteItem] = {}
        self.by_priority: dict[str, list[MinuteItem]] = defaultdict(list)
        """Each priority's items in the order the meeting came to them."""
        self.by_question: dict[int, MinuteItem] = {}
        self.general: list[MinuteItem] = []
        self.order = {code: index for index, code in enumerate(assessed)}

    def _measure_item(self, codes: tuple[str, ...]) -> MinuteItem:
        priority = self.priority_of.get(codes[0], "")
        key = (priority, codes)
        if key not in self.items:
            heading = " and ".join(
                f"{code} {self.assessed[code].measure.title}" if code in self.assessed else code
                for code in codes
            )
            self.items[key] = MinuteItem(heading, codes, self._rating_note(codes))
            self.by_priority[priority].append(self.items[key])
        return self.items[key]

    def _rating_note(self, codes: tuple[str, ...]) -> str:
        notes = []
        for code in codes:
            assessment = self.assessed.get(code)
            rag = assessment.rag.value if assessment and assessment.rag else None
            if rag == "red":
                continue
            reading = _RATING_NOTES.get(rag or "", "not rated this quarter")
            notes.append(
                f"{code} was {reading}" if len(codes) > 1 else f"This measure was {reading}"
            )
        return "; ".join(notes) + "." if notes else ""

    def add_question(self, question: Question) -> None:
        codes = tuple(sorted({m.code for m in question.measures.all()}, key=self._plan_order))
        if codes:
            item = self._measure_item(codes)
        else:
            item = MinuteItem("", ())
            if question.priority is not None:
                self.by_priority[question.priority.code].append(item)
            else:
                self.general.append(item)
        item.paragraphs.append(_paragraph(question))
        self.by_question[question.pk] = item

    def add_action(self, action: Action) -> None:
        line = _action_line(action)
        if action.question_id is not None and action.question_id in self.by_question:
            self.by_question[action.question_id].actions.append(line)
            return
        if action.measure is not None:
            code = action.measure.code
            found = next((i for i in self.items.values() if code in i.codes), None)
            (found or self._measure_item((code,))).actions.append(line)
            return
        item = MinuteItem("", ())
        item.actions.append(line)
        self.general.append(item)

    def _plan_order(self, code: str) -> int:
        return self.order.get(code, len(self.order))

    def sections(self) -> tuple[MinuteSection, ...]:
        reds = {
            e.priority.code: [a.measure for a in e.assessments] for e in self.summary.exceptions
        }
        sections = []
        for group in self.summary.priorities:
            items = list(self.by_priority.get(group.code, []))
            covered = {code for item in items for code in item.codes}
            for measure in reds.get(group.code, []):
                if measure.code not in covered:
                    item = MinuteItem(f"{measure.code} {measure.title}", (measure.code,))
                    item.paragraphs.append("No discussion was recorded on this measure.")
                    items.append(item)
            for item in items:
                item.enquiry = [
                    MinuteEnquiry(code, line.question, line.evidence)
                    for code in item.codes
                    for line in self.enquiries.get(code, ())
                ]
            note = "" if items else "No measure under this priority was rated red."
            sections.append(
                MinuteSection(f"Priority {group.code}", group.title, tuple(items), note)
            )
        return tuple(sections)


def _summary(meeting: Meeting, summary: PlanSummary) -> tuple[str, ...]:
    quarter = summary.quarter
    months = f"{quarter.start:%B} to {quarter.end:%B %Y}"
    opening = (
        f"The Board considered the {summary.plan_title} performance report for "
        f"{quarter.label} ({months})."
    )
    reds = summary.current.red
    if reds:
        focus = (
            f"The focus for the {meeting.board.name} was on the "
            f"{plural(reds, 'measure')} rated as red, which were discussed on a priority by "
            "priority basis."
        )
    else:
        focus = "No measure was rated red this quarter."
    return (" ".join((opening, *headline(summary))), focus)


def _resolutions(meeting: Meeting) -> tuple[str, ...]:
    lines = []
    for resolution in meeting.resolutions.all():
        text = resolution.text.strip()
        later = resolution.later_meeting
        if resolution.kind == ResolutionKind.FURTHER_DISCUSSION and later is not None:
            when = long_date(later.date)
            if when not in text:
                text = f"{text.rstrip('.')} (to be discussed further on {when})."
        lines.append(f"Resolved: {text}")
    return tuple(lines)


def assemble_minutes(
    meeting: Meeting,
    summary: PlanSummary,
    enquiries: Mapping[str, Sequence[EnquiryLine]] | None = None,
) -> DraftMinutes:
    """The draft minutes of ``meeting`` (loaded by ``selectors.get_meeting``), with the
    report's figures in ``summary`` (the quarter the meeting considered) and the pack's lines
    of enquiry on its red measures (``enquiries``, by code), each with room for the answer."""
    builder = _Builder(meeting, summary, enquiries or {})
    for question in meeting.questions.all():
        builder.add_question(question)
    for action in meeting.actions.all():
        builder.add_action(action)
    agenda = [item.title for item in meeting.agenda_items.all()]
    agenda_item = agenda[0] if agenda else f"{summary.plan_title} performance, {meeting.period}"
    return DraftMinutes(
        title=f"{meeting.board.name}: draft minutes, {long_date(meeting.date)}",
        board=meeting.board.name,
        meeting_date=long_date(meeting.date),
        agenda_item=agenda_item,
        summary=_summary(meeting, summary),
        sections=builder.sections(),
        general=tuple(builder.general),
        resolutions=_resolutions(meeting),
    )
