"""Record the demonstration council's scrutiny: the OSMB meeting on the Quarter 2 2019/20 report.

The points raised, the actions agreed (with their progress) and the resolution to discuss the
report further on 12 February 2020, which also adds that meeting, come from
``councilstat.demo.scrutiny``. Run after ``council.load_demo``; running it again changes nothing.
"""

from __future__ import annotations

from django.db import transaction

from councilstat.core.periods import Quarter, parse_period
from councilstat.demo import DEMO_PERIOD
from councilstat.demo.scrutiny import (
    AGENDA_ITEM,
    AGREED,
    DEMO_BOARD,
    DEMO_LATER_MEETING_DATE,
    DEMO_MEETING_DATE,
    POINTS,
    RESOLUTION,
)
from councilstat.web.accounts.models import Role, User
from councilstat.web.plans.models import Measure, Plan, Priority
from councilstat.web.scrutiny.models import Action, Board, Meeting
from councilstat.web.scrutiny.services import (
    ActionDetails,
    create_board,
    create_meeting,
    record_action,
    record_question,
    record_resolution,
    update_action_progress,
)

__all__ = ["demo_actions", "load_demo_meeting"]


def _demo_emails(plan: Plan) -> None:
    """Give the demonstration's users an address, so reminders can be tried (console e-mail)."""
    for user in User.objects.filter(organisation=plan.organisation, email=""):
        user.email = f"{user.username}@council.example"
        user.save(update_fields=["email"])


def _record(performance: User, meeting: Meeting, plan: Plan) -> None:
    measures = {m.code: m for m in Measure.objects.filter(plan=plan)}
    priorities = {p.code: p for p in Priority.objects.filter(plan=plan)}
    questions = [
        record_question(
            performance,
            meeting,
            text=point.text,
            response=point.response,
            measure_codes=point.codes,
            priority=priorities.get(point.priority),
        )
        for point in POINTS
    ]
    users = {u.username: u for u in User.objects.filter(organisation_id=plan.organisation_id)}
    for agreed in AGREED:
        action = record_action(
            performance,
            meeting,
            ActionDetails(
                description=agreed.description,
                owner=users[agreed.owner],
                due=agreed.due,
                measure=measures.get(agreed.code),
                question=questions[agreed.point],
            ),
        )
        for day, status, note in agreed.progress:
            action = update_action_progress(
                users[agreed.owner],
                action,
                status=status,
                progress=note,
                expected_version=action.version,
                today=day,
            )
    record_resolution(
        performance,
        meeting,
        kind="further_discussion",
        text=RESOLUTION,
        later_date=DEMO_LATER_MEETING_DATE,
    )


@transaction.atomic
def load_demo_meeting() -> Meeting:
    """Record the OSMB meeting on the Quarter 2 2019/20 report (once; later runs return it)."""
    performance = User.objects.get(username="performance", role=Role.PERFORMANCE)
    quarter = parse_period(DEMO_PERIOD)
    assert isinstance(quarter, Quarter)  # noqa: S101  (the constant names a quarter)
    plan = Plan.objects.get(organisation=performance.organisation, reporting_year=quarter.year)
    _demo_emails(plan)
    board = Board.objects.filter(organisation_id=plan.organisation_id, name=DEMO_BOARD).first()
    if board is None:
        board = create_board(performance, DEMO_BOARD)
    existing = Meeting.objects.filter(board=board, date=DEMO_MEETING_DATE).first()
    if existing is not None:
        return existing
    meeting = create_meeting(
        performance, board, DEMO_MEETING_DATE, plan, str(quarter), [AGENDA_ITEM]
    )
    _record(performance, meeting, plan)
    return meeting


def demo_actions() -> list[Action]:
    """The demonstration meeting's actions (for the command's summary)."""
    return list(Action.objects.filter(meeting__date=DEMO_MEETING_DATE).select_related("owner"))
