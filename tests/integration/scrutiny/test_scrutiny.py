"""Scrutiny: the action lifecycle, overdue on a frozen clock, permissions, the presenter, the
pack and the draft minutes of the demonstration meeting in the seed minutes' structure. (The
pure rules are tested in tests/unit/web/scrutiny/test_rules.py.)"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from councilstat.web.accounts.models import Role
from councilstat.web.common.errors import StaleVersion, ValidationFailed
from councilstat.web.scrutiny.models import Action, Meeting, Question, Resolution
from councilstat.web.scrutiny.pack import ACTIONS_ARISING
from councilstat.web.scrutiny.presenters import ScrutinyPresenter, measure_scrutiny
from councilstat.web.scrutiny.rules import ActionStatus
from councilstat.web.scrutiny.selectors import scrutiny_records
from councilstat.web.scrutiny.services import (
    ActionDetails,
    create_board,
    create_meeting,
    mark_overdue_actions,
    record_action,
    record_question,
    record_resolution,
    update_action_progress,
)
from tests.integration import factories

MEETING_DAY = dt.date(2019, 11, 20)
DUE = dt.date(2020, 1, 31)


def pack(client, meeting, fmt):
    """Ask for a meeting's pack and download the file its job made (inline here)."""
    asked = client.get(reverse("scrutiny:pack", args=[meeting.pk, fmt]))
    assert asked.status_code == 302, asked.content[:300]
    job = int(asked.url.rstrip("/").rsplit("/", 1)[1])
    return client.get(reverse("jobs:download", kwargs={"pk": job}))


def frozen(day: dt.date):
    """Freeze Django's clock at noon, London time, on ``day``."""
    moment = timezone.make_aware(dt.datetime(day.year, day.month, day.day, 12))
    return mock.patch("django.utils.timezone.now", return_value=moment)


@pytest.fixture
def meeting(council) -> Meeting:
    board = create_board(council.performance, "Overview and Scrutiny Management Board")
    return create_meeting(
        council.performance, board, MEETING_DAY, council.plan, "2019/20 Q2", ["Performance"]
    )


@pytest.fixture
def action(council, meeting) -> Action:
    return record_action(
        council.performance,
        meeting,
        ActionDetails("Check everyone was offered the survey", council.owner, DUE, council.measure),
    )


def login(client, user):
    client.force_login(user)
    return client


# The action lifecycle -------------------------------------------------------------------


def test_action_lifecycle_is_audited(council, action):
    assert action.status == ActionStatus.NOT_STARTED
    day = dt.date(2019, 12, 2)
    action = update_action_progress(
        council.owner, action, status="on_track", progress="Survey list pulled",
        expected_version=action.version, today=day,
    )  # fmt: skip
    assert (action.status, action.progress, action.closed_on) == (
        "on_track",
        "Survey list pulled",
        None,
    )
    action = update_action_progress(
        council.owner, action, status="complete", progress="All offered it",
        expected_version=action.version, today=dt.date(2020, 1, 20),
    )  # fmt: skip
    assert action.closed_on == dt.date(2020, 1, 20)
    with pytest.raises(ValidationFailed) as refused:
        update_action_progress(
            council.owner, action, status="on_track", progress="",
            expected_version=action.version, today=dt.date(2020, 1, 21),
        )  # fmt: skip
    assert "reopen" in refused.value.errors["status"]
    action = update_action_progress(
        council.performance, action, status="on_track", progress="Reopened: one team missed",
        expected_version=action.version, today=dt.date(2020, 1, 22),
    )  # fmt: skip
    assert action.closed_on is None
    history = list(action.history.order_by("history_date"))
    assert [h.history_change_reason for h in history] == [
        "Action agreed at the meeting",
        "Status: On track",
        "Status: Complete",
        "Status: On track",
    ]
    assert [h.history_user_id for h in history[1:]] == [council.owner.pk] * 2 + [
        council.performance.pk
    ]


def test_will_not_be_done_needs_a_reason_and_keeps_it(council, action):
    with pytest.raises(ValidationFailed) as refused:
        update_action_progress(
            council.owner, action, status="will_not_be_done", progress="",
            expected_version=action.version, today=MEETING_DAY,
        )  # fmt: skip
    assert refused.value.errors == {"reason": "Explain why the action will not be done"}
    action = update_action_progress(
        council.owner, action, status="will_not_be_done", progress="", reason="Survey withdrawn",
        expected_version=action.version, today=MEETING_DAY,
    )  # fmt: skip
    assert (action.status, action.reason, action.closed_on) == (
        "will_not_be_done", "Survey withdrawn", MEETING_DAY,
    )  # fmt: skip


def test_a_stale_version_is_a_conflict_not_an_overwrite(council, action):
    stale = action.version
    update_action_progress(
        council.owner, action, status="on_track", progress="First",
        expected_version=stale, today=MEETING_DAY,
    )  # fmt: skip
    with pytest.raises(StaleVersion):
        update_action_progress(
            council.performance, action, status="complete", progress="Second",
            expected_version=stale, today=MEETING_DAY,
        )  # fmt: skip
    action.refresh_from_db()
    assert (action.status, action.progress) == ("on_track", "First")


def test_overdue_on_a_frozen_clock(client, council, action):
    assert mark_overdue_actions(DUE) == 0
    assert mark_overdue_actions(DUE + dt.timedelta(days=1)) == 1
    action.refresh_from_db()
    assert action.status == ActionStatus.OVERDUE
    assert action.history.first().history_change_reason == "Overdue: due 31/01/2020"
    assert mark_overdue_actions(DUE + dt.timedelta(days=2)) == 0  # recorded once
    # An update while late stays overdue; completing it closes it.
    late = DUE + dt.timedelta(days=3)
    action = update_action_progress(
        council.owner, action, status="on_track", progress="Nearly there",
        expected_version=action.version, today=late,
    )  # fmt: skip
    assert action.status == ActionStatus.OVERDUE
    login(client, council.councillor)
    overdue_tag = 'govuk-tag--red">Overdue'
    with frozen(DUE):  # stored as overdue, but on its due date it is not late: on track
        page = client.get(reverse("scrutiny:tracker")).content.decode()
    assert overdue_tag not in page
    assert "On track" in page
    with frozen(DUE + dt.timedelta(days=1)):
        page = client.get(reverse("scrutiny:tracker")).content.decode()
    assert overdue_tag in page
    assert "1 action overdue, listed first" in page
    measure_page = reverse("dashboards:measure", args=[council.plan.pk, "2019-20-q2", "1A1"])
    assert f'<a class="govuk-link" href="{measure_page}">1A1' in page  # the measure's page
    action = update_action_progress(
        council.owner, action, status="complete", progress="Done",
        expected_version=action.version, today=late,
    )  # fmt: skip
    assert action.status == ActionStatus.COMPLETE
    with frozen(late):
        page = client.get(reverse("scrutiny:tracker") + "?show=all").content.decode()
    assert overdue_tag not in page
    assert "Complete" in page


def test_recording_links_to_the_meetings_own_plan_and_council(council, meeting):
    elsewhere = factories.organisation()
    stranger = factories.user(elsewhere, Role.OWNER)
    with pytest.raises(ValidationFailed) as refused:
        record_action(council.performance, meeting, ActionDetails("Do it", stranger, DUE))
    assert refused.value.errors == {"owner": "Choose an officer of your council"}
    with pytest.raises(ValidationFailed) as refused:
        record_action(council.performance, meeting, ActionDetails("Do it", council.councillor, DUE))
    assert "owner" in refused.value.errors
    with pytest.raises(ValidationFailed) as refused:
        record_question(council.performance, meeting, text="Why?", measure_codes=["9Z9"])
    assert refused.value.errors == {"measures": "Council Plan 2019-20 has no measure 9Z9"}
    question = record_question(
        council.performance, meeting, text="Why?", measure_codes=["1a1", "3B1", "1A1"]
    )
    assert sorted(m.code for m in question.measures.all()) == ["1A1", "3B1"]


def test_further_discussion_creates_the_later_meeting(council, meeting):
    resolution = record_resolution(
        council.performance, meeting, kind="further_discussion",
        text="That the Board hold further discussion on 12 February 2020.",
        later_date=dt.date(2020, 2, 12),
    )  # fmt: skip
    later = resolution.later_meeting
    assert (later.board, later.date, later.plan, later.period) == (
        meeting.board, dt.date(2020, 2, 12), meeting.plan, "2019/20 Q2",
    )  # fmt: skip
    with pytest.raises(ValidationFailed) as refused:
        record_resolution(council.performance, meeting, kind="further_discussion", text="Later")
    assert "later_date" in refused.value.errors


# Permissions ----------------------------------------------------------------------------


def test_an_owner_updates_only_their_own_actions(client, council, meeting, action):
    theirs = record_action(
        council.performance, meeting, ActionDetails("Not yours", council.other_owner, DUE)
    )
    login(client, council.owner)
    data = {"status": "on_track", "progress": "Going well", "reason": "", "version": 1}
    mine = client.post(reverse("scrutiny:action_update", args=[action.pk]), data)
    assert mine.status_code == 302
    other = client.post(reverse("scrutiny:action_update", args=[theirs.pk]), data)
    assert other.status_code == 403
    theirs.refresh_from_db()
    assert theirs.status == ActionStatus.NOT_STARTED
    page = client.get(reverse("scrutiny:action", args=[theirs.pk]))
    assert page.status_code == 200
    assert b"Update progress" not in page.content
    assert b"Update progress" in client.get(reverse("scrutiny:action", args=[action.pk])).content


@pytest.mark.parametrize("role", ["councillor", "director", "other_owner"])
def test_others_cannot_update_or_record(client, council, meeting, action, role):
    login(client, getattr(council, role))
    data = {"status": "complete", "progress": "", "reason": "", "version": 1}
    assert client.post(reverse("scrutiny:action_update", args=[action.pk]), data).status_code == 403
    for name in ("question_new", "action_new", "resolution_new"):
        assert client.get(reverse(f"scrutiny:{name}", args=[meeting.pk])).status_code == 403
    assert client.get(reverse("scrutiny:meeting_new")).status_code == 403
    assert client.get(reverse("scrutiny:minutes", args=[meeting.pk])).status_code == 403
    assert client.get(reverse("scrutiny:action_edit", args=[action.pk])).status_code == 403


@pytest.mark.parametrize("role", ["performance", "owner", "director", "councillor"])
def test_every_role_reads(client, council, meeting, action, role):
    login(client, getattr(council, role))
    board = "Overview and Scrutiny Management Board"
    agreed = "Check everyone was offered the survey"
    for url, shown in (
        (reverse("scrutiny:meetings"), [board, "20 November 2019"]),
        (reverse("scrutiny:meeting", args=[meeting.pk]), [board, agreed]),
        (reverse("scrutiny:tracker"), [agreed, "Overdue"]),
        (reverse("scrutiny:action", args=[action.pk]), [agreed, "31 January 2020"]),
        (lambda: pack(client, meeting, "html"), ["2019/20 Q2", ACTIONS_ARISING]),
    ):
        response = url() if callable(url) else client.get(url)
        assert response.status_code == 200, url
        page = html.unescape(response.content.decode())
        for words in shown:
            assert words in page, (url, words)


def test_another_councils_records_are_not_found(client, council, meeting, action):
    elsewhere = factories.organisation()
    for role in (Role.PERFORMANCE, Role.OWNER, Role.COUNCILLOR):
        login(client, factories.user(elsewhere, role))
        for url in (
            reverse("scrutiny:meeting", args=[meeting.pk]),
            reverse("scrutiny:action", args=[action.pk]),
            reverse("scrutiny:pack", args=[meeting.pk, "html"]),
            reverse("scrutiny:minutes", args=[meeting.pk]),
            reverse("scrutiny:question_new", args=[meeting.pk]),
        ):
            assert client.get(url).status_code == 404, (role, url)
        update = reverse("scrutiny:action_update", args=[action.pk])
        assert client.post(update, {"status": "complete", "version": 1}).status_code == 404
        page = client.get(reverse("scrutiny:tracker")).content.decode()
        assert action.description not in page


def test_signed_out_people_are_sent_to_sign_in(client, meeting):
    response = client.get(reverse("scrutiny:meeting", args=[meeting.pk]))
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


def test_state_changes_need_a_post(client, council, action):
    login(client, council.owner)
    assert client.get(reverse("scrutiny:action_update", args=[action.pk])).status_code == 405


# Recording through the pages ------------------------------------------------------------


def test_performance_team_records_a_meeting_question_action_and_resolution(client, council):
    login(client, council.performance)
    create_board(council.performance, "Cabinet")
    board = council.plan.organisation.boards.get()
    response = client.post(
        reverse("scrutiny:meeting_new"),
        {"board": board.pk, "date_0": "20", "date_1": "11", "date_2": "2019",
         "plan": council.plan.pk, "period": "Q2 2019/20", "agenda": "Performance\n\nBudget"},
    )  # fmt: skip
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert meeting.period == "2019/20 Q2"
    assert [a.title for a in meeting.agenda_items.all()] == ["Performance", "Budget"]
    response = client.post(
        reverse("scrutiny:question_new", args=[meeting.pk]),
        {"measures": "1A1 and 3B1", "text": "Why the dip?", "response": "Fewer responses."},
    )
    assert response.status_code == 302
    question = Question.objects.get()
    response = client.post(
        reverse("scrutiny:action_new", args=[meeting.pk]),
        {"description": "Doublecheck", "owner": council.owner.pk, "due_0": "31", "due_1": "1",
         "due_2": "2020", "measure": council.measure.pk, "question": question.pk},
    )  # fmt: skip
    assert response.status_code == 302
    assert Action.objects.get().due == DUE
    response = client.post(
        reverse("scrutiny:resolution_new", args=[meeting.pk]),
        {"kind": "noted", "text": "That the report be noted."},
    )
    assert response.status_code == 302
    assert Resolution.objects.get().kind == "noted"
    page = client.get(reverse("scrutiny:meeting", args=[meeting.pk])).content.decode()
    assert "Why the dip?" in page
    assert "Doublecheck" in page
    assert "That the report be noted." in page


def test_form_errors_are_shown_the_govuk_way(client, council, meeting):
    login(client, council.performance)
    response = client.post(
        reverse("scrutiny:action_new", args=[meeting.pk]),
        {"description": "", "owner": "", "due_0": "31", "due_1": "2", "due_2": "2020"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("govuk-error-summary") >= 1
    assert "<title>Error: " in page
    assert "Describe what was agreed" in page
    assert "Choose who owns the action" in page
    assert "The due date must be a real date" in page
    assert 'href="#id_due_0"' in page
    response = client.post(
        reverse("scrutiny:question_new", args=[meeting.pk]), {"measures": "9Z9", "text": "Why?"}
    )
    assert "has no measure 9Z9" in response.content.decode()


# The presenter and the measure page's partial ---------------------------------------------


def test_presenter_groups_questions_and_actions_by_measure(
    council, meeting, action, django_assert_num_queries
):
    record_question(council.performance, meeting, text="Why the dip?", measure_codes=["1A1"])
    record_question(council.performance, meeting, text="A general point")
    with django_assert_num_queries(3):
        records = scrutiny_records(council.performance, council.plan)
    with django_assert_num_queries(0):
        presenter = ScrutinyPresenter(records, today=MEETING_DAY)
    assert [q.text for q in presenter.questions_for_measure(council.measure)] == ["Why the dip?"]
    assert [a.action for a in presenter.actions_for_measure("1A1")] == [action]
    assert presenter.actions_for_measure(council.other_measure) == ()
    records = scrutiny_records(council.councillor, council.plan, measure=council.measure)
    scrutiny = measure_scrutiny(records, council.measure, today=DUE + dt.timedelta(1))
    assert scrutiny.actions[0].overdue
    elsewhere = factories.user(factories.organisation(), Role.PERFORMANCE)
    assert not ScrutinyPresenter(scrutiny_records(elsewhere, council.plan)).actions_for_measure(
        "1A1"
    )
    assert list(presenter.by_code()) == ["1A1"]
    (item,) = presenter.report_actions()["1A1"]
    assert (item.description, item.owner, item.due, item.status) == (
        "Check everyone was offered the survey", "owner", DUE, "Not started",
    )  # fmt: skip
    assert item.meeting == "Overview and Scrutiny Management Board, 20 November 2019"


def test_measure_partial_renders(council, meeting, action, rf):
    from django.template.loader import render_to_string

    record_question(
        council.performance, meeting, text="Why the dip?", response="Few replies",
        measure_codes=["1A1"],
    )  # fmt: skip
    owner_records = scrutiny_records(council.owner, council.plan)
    html = render_to_string(
        "scrutiny/_measure_scrutiny.html",
        {"scrutiny": measure_scrutiny(owner_records, council.measure, today=MEETING_DAY)},
    )
    assert "Why the dip?" in html
    assert "Few replies" in html
    assert "Check everyone was offered the survey" in html
    assert "Not started" in html
    empty = render_to_string(
        "scrutiny/_measure_scrutiny.html",
        {"scrutiny": measure_scrutiny(owner_records, council.other_measure)},
    )
    assert "No board has raised questions" in empty
    presenter = ScrutinyPresenter(owner_records, today=MEETING_DAY)
    nested = render_to_string(
        "scrutiny/_measure_scrutiny.html", {"scrutiny": presenter.by_code()["1A1"], "level": 4}
    )
    assert '<h4 class="govuk-heading-s">Scrutiny</h4>' in nested
    assert "Actions agreed on 1A1" in nested


# The pack --------------------------------------------------------------------------------


@pytest.fixture
def later(council, meeting, action) -> Meeting:
    update_action_progress(
        council.owner, action, status="on_track", progress="Half the families called back",
        expected_version=action.version, today=MEETING_DAY,
    )  # fmt: skip
    record_action(
        council.performance, meeting,
        ActionDetails("Revisit the reporting cycle", council.performance, DUE),
    )  # fmt: skip
    resolution = record_resolution(
        council.performance, meeting, kind="further_discussion", text="Discuss again.",
        later_date=dt.date(2020, 2, 12),
    )  # fmt: skip
    return resolution.later_meeting


def test_pack_html_has_the_exception_report_and_actions_arising(client, council, later):
    login(client, council.councillor)
    with frozen(dt.date(2020, 1, 29)):
        response = pack(client, later, "html")
    page = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "exception report" in page
    arising = page.index('id="actions-arising"')
    assert arising < page.index('id="exceptions"')
    assert page.index("Check everyone was offered the survey", arising) > arising
    assert "Half the families called back" in page
    assert "On track" in page
    assert "Revisit the reporting cycle" in page
    assert "General point" in page
    with frozen(dt.date(2020, 2, 5)):
        page = pack(client, later, "html").content.decode()
    section = page[page.index('id="actions-arising"') : page.index('id="exceptions"')]
    assert "Overdue" in section
    assert "with their status on 5 February 2020" in section


def test_a_meeting_with_no_earlier_meeting_has_nothing_arising(client, council, meeting, action):
    login(client, council.performance)
    page = pack(client, meeting, "html").content.decode()
    assert "No actions are outstanding from previous meetings." in page


def test_pack_pdf(client, council, later):
    from pypdf import PdfReader

    login(client, council.performance)
    pdf = pack(client, later, "pdf")
    assert pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]
    assert (
        'filename="overview-and-scrutiny-management-board-2020-02-12-pack.pdf"'
        in (pdf["Content-Disposition"])
    )
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Actions arising from previous meetings" in text
    assert "Check everyone was offered the survey" in " ".join(text.split())


def test_the_same_pack_is_made_once_until_an_action_changes(client, council, meeting, action):
    login(client, council.councillor)
    address = reverse("scrutiny:pack", args=[meeting.pk, "html"])
    first = client.get(address).url
    assert client.get(address).url == first
    action.progress = "Half the families called back"
    action.save()
    assert client.get(address).url != first


def test_pack_word_and_excel(client, council, later):
    login(client, council.performance)
    word = pack(client, later, "docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    cells = " ".join(
        c.text for t in Document(io.BytesIO(word.content)).tables for r in t.rows for c in r.cells
    )
    assert "Actions arising from previous meetings" in text
    assert "Check everyone was offered the survey" in cells
    from openpyxl import load_workbook

    excel = pack(client, later, "xlsx")
    book = load_workbook(io.BytesIO(excel.content))
    (name,) = [n for n in book.sheetnames if n.startswith("Actions arising")]
    assert book.sheetnames.index(name) < book.sheetnames.index(
        next(n for n in book.sheetnames if n.lower().startswith("exception"))
    )
    rows = list(book[name].iter_rows(values_only=True))
    assert any(r[:3] == ("Agreed at", "Measure", "Action") for r in rows)
    assert any("Check everyone was offered the survey" in r for r in rows)
    assert client.get(reverse("scrutiny:pack", args=[later.pk, "odt"])).status_code == 404


# The demonstration meeting and its draft minutes -------------------------------------------


@pytest.fixture
def demo_meeting(demo_plan) -> Meeting:
    from councilstat.web.demo.scrutiny import load_demo_meeting

    return load_demo_meeting()


def _in_order(text: str, parts: list[str]) -> None:
    position = -1
    for part in parts:
        found = text.find(part, position + 1)
        assert found > position, f"{part!r} missing or out of order"
        position = found


RED_MEASURES = {
    "1": ["1A3 Number of Looked After Children",
          "1A4 Proportion of families who rated Early Help",
          "1A5 Children subject to a repeat child protection plan",
          "1A7 Looked after children with 3 or more",
          "1A8 Looked after children placed in a family-based setting",
          "1B4b Permanent exclusions - primary"],
    "2": ["2A1 Successful completion of drug treatment - opiate users",
          "2B7 Permanent admissions to residential/nursing care, aged 18-64",
          "2B8 Permanent admissions to residential/nursing care, aged 65+",
          "2B2 New contacts receiving information and advice"],
    "3": ["3A2 Positive outcomes for reported hate crime cases",
          "3A4b Licensed vehicles and drivers compliant at spot inspection",
          "3B3 Total number of customer contacts", "3A5b Residents satisfied with Rotherham"],
    "4": ["4A5 Gap between Rotherham and national rate"],
    "5": ["5A1 Council tax collection rate", "5A2 Business rates collection rate",
          "5D7 Staff completing mandatory equality training",
          "5D2 Days lost per FTE to sickness absence"],
}  # fmt: skip
"""Each priority's measures in the minutes: the 18 red and 2B2, discussed though amber."""


def _seed_structure() -> list[str]:
    return [
        "The Board considered the Council Plan 2019-20 performance report for Quarter 2 "
        "(July to September 2019).",
        "28 (52%) met or exceeded their target, compared with 55% in Quarter 1",
        "The direction of travel was positive for 30 (56%)",
        "The focus for the Overview and Scrutiny Management Board was on the 18 measures rated "
        "as red",
        "Priority 1",
        "1A3 Number of Looked After Children",
        "1A4 Proportion of families who rated Early Help as good or excellent",
        "Members observed that performance on this measure had dipped",
        "Some would choose not to respond",
        "Agreed: Doublecheck that everyone was offered the opportunity to feed back",
        "1A8 Looked after children placed in a family-based setting",
        "The most recent data did show an improvement to 79.3%.",
        "A general point was raised regarding the potential for making more up to date",
        "Agreed: Revisit the cycle and timelines",
        "Priority 2",
        "2A1 Successful completion of drug treatment",
        "2B7 Permanent admissions to residential/nursing care, aged 18-64, per 100,000 and 2B8",
        "2B2 New contacts receiving information and advice",
        "This measure was rated amber (within tolerance).",
        "Priority 3",
        "3A2 Positive outcomes for reported hate crime cases",
        "3A5b Residents satisfied with Rotherham",
        "No discussion was recorded on this measure.",
        "Priority 4",
        "4A5 Gap between Rotherham and national rate",
        "Priority 5",
        "5A1 Council tax collection rate (in-year) and 5A2 Business rates collection rate",
        "The service was confident it would achieve 98% for business rates",
        "Agreed: Report the year-end forecast for council tax collection",
        "Agreed: Report the year-end forecast for business rates collection",
        "5D2 Days lost per FTE to sickness absence",
        "workshops were underway with managers",
        "Agreed: Hold the workshops with managers on sickness absence",
        "Resolved: That the Overview and Scrutiny Management Board hold further discussion on "
        "the report at the meeting to be held on 12 February 2020",
    ]


def test_the_demo_meeting_is_recorded(demo_meeting):
    from councilstat.web.demo.scrutiny import load_demo_meeting

    assert demo_meeting.board.name == "Overview and Scrutiny Management Board"
    assert demo_meeting.period == "2019/20 Q2"
    assert demo_meeting.date == dt.date(2019, 11, 20)
    assert demo_meeting.questions.count() == 19
    owners = {
        a.measure.code if a.measure else "": a.owner.username for a in demo_meeting.actions.all()
    }
    assert owners["5D2"] == owners["5D7"] == "owner"
    assert owners["1A4"] == "owner-head-of-early-help"
    assert owners["1A8"] == "performance"  # the call for newer figures arose from 1A8
    assert owners["5A1"] == owners["5A2"] == "owner-head-of-revenues-and-benefits"
    later = demo_meeting.resolutions.get().later_meeting
    assert later.date == dt.date(2020, 2, 12)
    assert later.board == demo_meeting.board
    assert load_demo_meeting() == demo_meeting
    assert Meeting.objects.count() == 2


def test_the_demo_minutes_follow_the_seed_structure(client, demo_meeting):
    from councilstat.web.accounts.models import User

    login(client, User.objects.get(username="performance"))
    word = client.get(reverse("scrutiny:minutes_download", args=[demo_meeting.pk, "docx"]))
    assert word.status_code == 200
    document = Document(io.BytesIO(word.content))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    text = "\n".join(p.text for p in paragraphs)
    _in_order(text, _seed_structure())
    headings = [p.text for p in paragraphs if p.style.name == "Heading 2"]
    assert headings == [f"Priority {n}" for n in range(1, 6)]
    for priority, titles in RED_MEASURES.items():
        section = text[text.index(f"Priority {priority}") :]
        for title in titles:
            assert title in section.split("\nPriority ")[0], (priority, title)
    minutes_start = text.index("\nMinutes")
    assert text[minutes_start:].split("\n")[2].startswith("The Board considered")  # headline first
    assert text.rstrip().split("\n")[-1].startswith("Resolved:")
    assert document.core_properties.title.startswith("Overview and Scrutiny Management Board")

    html = client.get(reverse("scrutiny:minutes_download", args=[demo_meeting.pk, "html"]))
    assert "attachment" in html["Content-Disposition"]
    plain = re.sub(r"<[^>]+>", "", html.content.decode()).replace("&#x27;", "'")
    _in_order(plain, _seed_structure())
    page = client.get(reverse("scrutiny:minutes", args=[demo_meeting.pk]))
    assert "12 February 2020" in page.content.decode()


def test_meeting_page_queries_are_fixed(client, demo_meeting, django_assert_max_num_queries):
    from councilstat.web.accounts.models import User

    login(client, User.objects.get(username="councillor"))
    with django_assert_max_num_queries(20):
        assert client.get(reverse("scrutiny:meeting", args=[demo_meeting.pk])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("scrutiny:tracker")).status_code == 200


def test_the_demo_command(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("load_demo", stdout=out)
    assert out.getvalue().splitlines()[-1] == (
        "Recorded Overview and Scrutiny Management Board, 20 November 2019: 19 questions, "
        "6 actions, 1 resolution."
    )
    call_command("load_demo", stdout=StringIO())
    assert Meeting.objects.count() == 2
