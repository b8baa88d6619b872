"""Lines of enquiry in the application: the exceptions page asks the board's questions of each
red measure with the same evidence as the committee report, the pack carries them, and the
draft minutes leave room for each answer."""

from __future__ import annotations

import html
import io
from dataclasses import replace

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from councilstat.core.enquiry import Finding, Topic
from councilstat.core.periods import Quarter
from councilstat.core.plan import Polarity, Unit
from councilstat.reports.render import ReportFormat, render
from councilstat.web.accounts.models import User
from councilstat.web.benchmarking.presenters import comparison_for
from councilstat.web.benchmarking.selectors import comparator_data, comparator_standings
from councilstat.web.dashboards import presenters, selectors
from councilstat.web.plans.models import Measure, Plan

Q2 = Quarter(2019, 2)
SMALL_NUMBER_1A4 = "The figure rests on 21 cases, so one case moves it by 4.8 percentage points"


@pytest.fixture
def demo_meeting(demo_plan):
    from councilstat.web.demo.scrutiny import load_demo_meeting

    return load_demo_meeting()


@pytest.fixture(autouse=True)
def empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _report(user: User, plan: Plan):
    inputs = selectors.report_inputs(user, plan, None, Q2)
    wanted = presenters.ReportRequest(plan.pk, Q2, ReportFormat.PDF, False, None)
    return presenters.committee_report(inputs, wanted, plan.organisation.name)


def test_the_exceptions_page_asks_what_the_report_asks(client, demo_meeting):
    plan = demo_meeting.plan
    performance = User.objects.get(username="performance")
    client.force_login(performance)
    address = reverse("dashboards:exceptions", args=[plan.pk, Q2])
    page = html.unescape(client.get(address).content.decode())
    report = _report(performance, plan)
    assert len(report.exception_measures) == 18
    for item in report.exception_measures:
        assert f'id="enquiry-{item.row.code}"' in page
        for line in item.enquiry:
            assert line.question in page
            assert line.evidence in page, (item.row.code, line.evidence)
    by_code = {item.row.code: item.enquiry for item in report.exception_measures}
    assert any(line.evidence.startswith(SMALL_NUMBER_1A4) for line in by_code["1A4"])
    # The actions the board agreed at its meeting: 1A4's is complete; 1A8's, due by the end of
    # January 2020, is still open; 3A5b has none.
    assert {line.topic: line for line in by_code["1A4"]}[Topic.ACTIONS].finding is (
        Finding.NO_OPEN_ACTION
    )
    actions = {line.topic: line for line in by_code["1A8"]}[Topic.ACTIONS]
    assert actions.finding is Finding.OVERDUE_ACTIONS
    assert actions.evidence == "1 action is open on this measure; 1 is past its due date."
    no_action = {line.topic: line for line in by_code["3A5b"]}[Topic.ACTIONS]
    assert no_action.finding is Finding.NO_OPEN_ACTION


def test_each_exception_with_its_actions_and_lines_still_fits_one_pdf_page(demo_meeting):
    """The report downloaded from the service lists each red measure's actions as well as its
    lines of enquiry; each exception still takes one page."""
    performance = User.objects.get(username="performance")
    inputs = selectors.report_inputs(performance, demo_meeting.plan, None, Q2)
    wanted = presenters.ReportRequest(demo_meeting.plan.pk, Q2, ReportFormat.PDF, True, None)
    report = presenters.committee_report(inputs, wanted, "Demo")
    assert any(item.actions for item in report.exception_measures)
    pdf = PdfReader(io.BytesIO(render(report, ReportFormat.PDF)))
    bookmarks = _bookmark_pages(pdf, pdf.outline)
    pages = [bookmarks[f"{m.row.code} {m.row.title}"] for m in report.exception_measures]
    assert pages == list(range(pages[0], pages[0] + len(pages)))
    for page, item in zip(pages, report.exception_measures, strict=True):
        text = " ".join(pdf.pages[page].extract_text().split())
        assert item.enquiry[-1].question in text, item.row.code
        assert " ".join(item.enquiry[-1].evidence.split()[-3:]) in text, item.row.code


def _bookmark_pages(pdf, outline):
    found = {}
    for entry in outline:
        if isinstance(entry, list):
            found.update(_bookmark_pages(pdf, entry))
        else:
            found[entry.title] = pdf.get_destination_page_number(entry)
    return found


def test_the_pack_and_the_draft_minutes_carry_the_lines_with_room_for_answers(client, demo_meeting):
    client.force_login(User.objects.get(username="performance"))
    asked = client.get(reverse("scrutiny:pack", args=[demo_meeting.pk, "docx"]))
    assert asked.status_code == 302  # the pack is made by a job (inline here)
    job = int(asked.url.rstrip("/").rsplit("/", 1)[1])
    pack = client.get(reverse("jobs:download", kwargs={"pk": job}))
    assert pack.status_code == 200
    cells = [
        cell.text
        for table in Document(io.BytesIO(pack.content)).tables
        for row in table.rows
        for cell in row.cells
    ]
    assert any(text.startswith(SMALL_NUMBER_1A4) for text in cells)
    # The pack is for the meeting, so no action had yet been agreed on 1A4.
    assert "No action is open on this measure: should the board agree one?" in cells

    minutes = client.get(reverse("scrutiny:minutes_download", args=[demo_meeting.pk, "docx"]))
    document = Document(io.BytesIO(minutes.content))
    answer_tables = [
        t for t in document.tables if [c.text for c in t.rows[0].cells][-1] == "Answer given"
    ]
    # Every red measure's heading has its table: 16 for the 18, as 2B7 and 2B8, and 5A1 and
    # 5A2, were discussed together and share a heading.
    assert len(answer_tables) == 16
    for table in answer_tables:
        body = table.rows[1:]
        assert body
        assert all(row.cells[-1].text == "" for row in body)  # the space for the answer
    rows = [[c.text for c in row.cells] for t in answer_tables for row in t.rows[1:]]
    assert any(r[1].startswith(SMALL_NUMBER_1A4) for r in rows)
    assert any(r[0].startswith("5A2: ") for r in rows)  # a shared heading names each measure
    captions = [p.text for p in document.paragraphs if p.text.startswith("Lines of enquiry on")]
    assert "Lines of enquiry on 1A4: the answers given" in captions

    page = html.unescape(
        client.get(reverse("scrutiny:minutes", args=[demo_meeting.pk])).content.decode()
    )
    assert page.count("To be recorded") == len(rows)
    assert SMALL_NUMBER_1A4 in page


def test_comparator_standings_agree_with_the_measure_pages_comparison(demo_plan):
    from councilstat.web.demo.benchmarks import load_demo_benchmarks

    _, links = load_demo_benchmarks()
    codes = [link.measure.code for link in links]
    standings = comparator_standings(demo_plan, codes, Q2)
    assert set(standings) == set(codes)
    for code in codes:
        measure = Measure.objects.get(plan=demo_plan, code=code)
        comparison = comparison_for(comparator_data(measure, Q2))
        assert comparison is not None
        assert standings[code] == comparison.position
    assert comparator_standings(demo_plan, ["1A4"], Q2) == {}


def _pack_cells(client, meeting) -> tuple[str, list[str]]:
    """Ask for the meeting's Word pack; the job's address and the text of its tables' cells."""
    asked = client.get(reverse("scrutiny:pack", args=[meeting.pk, "docx"]))
    job = int(asked.url.rstrip("/").rsplit("/", 1)[1])
    pack = client.get(reverse("jobs:download", kwargs={"pk": job}))
    document = Document(io.BytesIO(pack.content))
    return asked.url, [c.text for t in document.tables for r in t.rows for c in r.cells]


def test_the_pack_and_minutes_ask_how_neighbours_compare(client, demo_meeting):
    """A red measure with a national metric: the pack and the draft minutes rank it among its
    comparators, as the exceptions page does, and a new comparator value makes a new pack."""
    from councilstat.demo.benchmarks import values_table
    from councilstat.web.benchmarking.models import ComparatorGroup
    from councilstat.web.benchmarking.services import (
        Metric,
        import_values_unchecked,
        map_measure_unchecked,
    )
    from councilstat.web.demo.benchmarks import load_demo_benchmarks

    load_demo_benchmarks()
    plan = demo_meeting.plan
    red = Measure.objects.get(plan=plan, code="1A4")
    metric = Metric("ASC5", "Outcome of short-term services", Unit.PERCENT, Polarity.HIGHER)
    map_measure_unchecked(red, metric, ComparatorGroup.objects.get())
    standing = comparator_standings(plan, ["1A4"], Q2)["1A4"]
    client.force_login(User.objects.get(username="performance"))
    page = html.unescape(
        client.get(reverse("dashboards:exceptions", args=[plan.pk, Q2])).content.decode()
    )
    ranked = f"Among its {standing.count} comparators the council ranks"
    assert ranked in page
    first, cells = _pack_cells(client, demo_meeting)
    assert any(cell.startswith(ranked) for cell in cells)
    minutes = client.get(reverse("scrutiny:minutes_download", args=[demo_meeting.pk, "docx"]))
    document = Document(io.BytesIO(minutes.content))
    rows = [[c.text for c in r.cells] for t in document.tables for r in t.rows]
    asked = [r for r in rows if r[0] == "How do comparable councils compare?"]
    assert [r[1:] for r in asked if r[1].startswith(ranked)] == [[asked[0][1], ""]]
    # Comparator values loaded since: the pack is made again (its key knows them).
    assert _pack_cells(client, demo_meeting)[0] == first
    table = values_table()
    column = [h.strip().lower() for h in table.header].index("value")
    number, row = table.rows[0]
    changed = (*row[:column], "99.9", *row[column + 1 :])
    import_values_unchecked(plan.organisation, replace(table, rows=((number, changed),)))
    assert _pack_cells(client, demo_meeting)[0] != first
