"""The demonstration council's Q2 2019/20 committee report in every format, read back: the
board's headline, the 18 red measures priority by priority, the rules, and the accessibility
structure of each file (tagged PDF, Word headings and header rows, Excel as data)."""

from __future__ import annotations

import datetime as dt
import io
import time
from html.parser import HTMLParser

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from councilstat.core.periods import Quarter
from councilstat.core.summary import summarise
from councilstat.demo import demo_data_path
from councilstat.io.plan_reader import read_plan
from councilstat.reports.model import build_report
from councilstat.reports.render import ReportFormat, render
from tests.browser import CHROMIUM, CHROMIUM_ARGS

Q2 = Quarter(2019, 2)
HEADLINE = (
    "Of the 54 measures with data and a target this quarter, 28 (52%) met or exceeded their "
    "target, compared with 55% in Quarter 1."
)
RULE = "a value exactly on the edge of the tolerance is amber"
EXCEPTIONS = "Exception report: measures off target"


@pytest.fixture(scope="module")
def demo():
    return read_plan(demo_data_path())


@pytest.fixture(scope="module")
def reds(demo):
    """The red measures by priority, as core rates them: {"1": ["1A3 Number of ...", ...]}."""
    summary = summarise(demo.plan, Q2)
    return {
        e.priority.code: [f"{a.measure.code} {a.measure.title}" for a in e.assessments]
        for e in summary.exceptions
    }


@pytest.fixture(scope="module")
def report(demo):
    return build_report(demo.plan, Q2, organisation=demo.organisation)


def report_plan():
    return read_plan(demo_data_path()).plan


@pytest.fixture(scope="module")
def files(report):
    """Each format rendered once; the seconds each took are printed (``pytest -s``)."""
    rendered = {}
    for fmt in ReportFormat:
        started = time.perf_counter()
        rendered[fmt] = render(report, fmt)
        print(f"{fmt.value}: {time.perf_counter() - started:.1f} s")  # noqa: T201
    return rendered


def test_eighteen_red_measures_in_five_priorities(reds):
    assert sum(len(codes) for codes in reds.values()) == 18
    assert sorted(reds) == ["1", "2", "3", "4", "5"]


# HTML --------------------------------------------------------------------------------------


class _Outline(HTMLParser):
    """The page's text and its headings in order, as (level, text)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.headings: list[tuple[int, str]] = []
        self._level = 0
        self._heading: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"h1", "h2", "h3", "h4", "h5"}:
            self._level, self._heading = int(tag[1]), []

    def handle_endtag(self, tag):
        if self._level and tag == f"h{self._level}":
            self.headings.append((self._level, " ".join("".join(self._heading).split())))
            self._level = 0

    def handle_data(self, data):
        self.parts.append(data)
        if self._level:
            self._heading.append(data)


def _nested(headings, top, section, middle, leaf):
    """Under the heading ``section`` at level ``top``: each level-``middle`` heading with the
    level-``leaf`` headings beneath it, until the next heading at level ``top``."""
    start = headings.index((top, section))
    found: dict[str, list[str]] = {}
    current = None
    for level, text in headings[start + 1 :]:
        if level <= top:
            break
        if level == middle:
            current = found.setdefault(text, [])
        elif level == leaf and current is not None:
            current.append(text)
    return found


def _by_priority(found):
    return {title.split(":")[0].removeprefix("Priority "): codes for title, codes in found.items()}


def test_html_has_the_headline_the_exceptions_by_priority_and_the_rules(files, reds):
    outline = _Outline()
    outline.feed(files[ReportFormat.HTML].decode("utf-8"))
    text = " ".join(" ".join(outline.parts).split())
    assert HEADLINE in text
    assert RULE in text
    found = _nested(outline.headings, 2, EXCEPTIONS, 3, 4)
    assert {k: v for k, v in _by_priority(found).items() if v} == reds


# PDF ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf(files):
    return PdfReader(io.BytesIO(files[ReportFormat.PDF]))


def test_pdf_text_has_the_headline_every_red_measure_and_the_rules(pdf, reds):
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert HEADLINE in text
    assert RULE in text
    for titles in reds.values():
        for title in titles:
            assert title.split(" ")[0] in text


def _bookmarks(outline, level=1):
    """pypdf's nested outline as (level, title) in order; a list holds the children of the
    bookmark before it. Level 1 is the document's title (its h1)."""
    found = []
    for item in outline:
        if isinstance(item, list):
            found.extend(_bookmarks(item, level + 1))
        else:
            found.append((level, item.title))
    return found


def test_pdf_bookmarks_put_each_red_measure_under_its_priority(pdf, reds):
    bookmarks = _bookmarks(pdf.outline)
    assert bookmarks[0] == (1, "Council Plan 2019-20: performance report, 2019/20 Q2")
    found = _nested(bookmarks, 2, EXCEPTIONS, 3, 4)
    assert {k: v for k, v in _by_priority(found).items() if v} == reds


def test_pdf_is_tagged_with_a_title_and_a_language(pdf):
    root = pdf.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712  (a PDF boolean object)
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]) == "en-GB"
    assert pdf.metadata.title.startswith("Council Plan 2019-20: performance report, 2019/20 Q2")
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] in (True, 1)
    first = pdf.pages[0].mediabox
    assert (round(float(first.width)), round(float(first.height))) == (595, 842)  # A4


def _structure(node, found):
    """Every element of the PDF's structure tree, as (tag, alternative text)."""
    if isinstance(node, IndirectObject):
        node = node.get_object()
    if isinstance(node, ArrayObject):
        for kid in node:
            _structure(kid, found)
    elif isinstance(node, DictionaryObject):
        if "/S" in node:
            found.append((str(node["/S"]), str(node.get("/Alt", ""))))
        if "/K" in node:
            _structure(node["/K"], found)
    return found


def test_pdf_tags_headings_table_headers_and_alt_text_for_every_chart(pdf, report):
    tags = _structure(pdf.trailer["/Root"]["/StructTreeRoot"], [])
    names = {tag for tag, _ in tags}
    assert {"/H1", "/H2", "/H3", "/H4", "/Table", "/TH", "/TD", "/L", "/TOC"} <= names
    figures = [alt for tag, alt in tags if tag == "/Figure"]
    assert all(alt.strip() for alt in figures)
    for chart in report.charts:
        assert chart.summary in figures, chart.key


def test_pdf_cover_carries_the_headline_and_every_measure_fits_on_the_next_page(pdf, report):
    cover = " ".join(pdf.pages[0].extract_text().split())
    assert HEADLINE in cover
    assert "Contents" in cover
    glance = pdf.pages[1].extract_text()
    assert "Every measure at a glance" in glance
    lines = [" ".join(line.split()) for line in glance.splitlines()]
    for row in report.at_a_glance:
        assert any(line.startswith(f"{row.code} ") for line in lines), row.code


def _bookmark_pages(pdf, outline):
    found = {}
    for item in outline:
        if isinstance(item, list):
            found.update(_bookmark_pages(pdf, item))
        else:
            found[item.title] = pdf.get_destination_page_number(item)
    return found


def test_pdf_gives_each_exception_one_page(pdf, report):
    """Each exception's bookmark is on the page after the one before; its last words
    (the actions, then the lines of enquiry) are on its own page."""
    bookmarks = _bookmark_pages(pdf, pdf.outline)
    pages = [bookmarks[f"{m.row.code} {m.row.title}"] for m in report.exception_measures]
    assert pages == list(range(pages[0], pages[0] + len(pages)))
    for page, item in zip(pages, report.exception_measures, strict=True):
        text = " ".join(pdf.pages[page].extract_text().split())
        assert "Actions" in text
        assert "No actions recorded." in text or item.actions
        assert item.enquiry[-1].question in text
        assert " ".join(item.enquiry[-1].evidence.split()[-3:]) in text


def test_pdf_leaves_the_chart_figures_to_the_excel_workbook_unless_asked(pdf, report):
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Annex G" not in text
    assert "Chart data sheet" in text
    asked = build_report(report_plan(), Q2, organisation="", with_chart_data=True)
    with_data = PdfReader(io.BytesIO(render(asked, ReportFormat.PDF)))
    text = " ".join(page.extract_text() for page in with_data.pages)
    assert "Annex G: Figures behind the exception charts" in text
    assert len(with_data.pages) > len(pdf.pages)


def test_the_exceptions_only_pdf_is_short(demo):
    only = build_report(demo.plan, Q2, organisation=demo.organisation, exceptions_only=True)
    pdf = PdfReader(io.BytesIO(render(only, ReportFormat.PDF)))
    # The cover, every measure at a glance, the priorities, one page per exception, annexes.
    assert len(pdf.pages) <= len(only.exception_measures) + 10
    assert HEADLINE in " ".join(pdf.pages[0].extract_text().split())


def test_pdf_pages_are_numbered_under_a_running_header(pdf):
    second = pdf.pages[1].extract_text()
    assert "Rotherham Metropolitan Borough Council (demonstration) · Council Plan 2019-20" in second
    assert f"Page 2 of {len(pdf.pages)}" in second


# Word --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def word(files):
    return docx.Document(io.BytesIO(files[ReportFormat.DOCX]))


def test_word_has_the_headline_the_exceptions_by_priority_and_the_rules(word, reds):
    paragraphs = [p.text for p in word.paragraphs]
    assert HEADLINE in paragraphs
    assert any(RULE in p for p in paragraphs)
    headings = [
        (int(p.style.name.removeprefix("Heading ")), p.text)
        for p in word.paragraphs
        if p.style.name.startswith("Heading ")
    ]
    found = _nested(headings, 1, EXCEPTIONS, 2, 3)
    assert {k: v for k, v in _by_priority(found).items() if v} == reds


def test_word_has_a_table_of_contents_and_each_exception_starts_a_page(word, report):
    body = word.element.body
    instructions = [node.text for node in body.iter(qn("w:instrText"))]
    assert any(text.strip().startswith('TOC \\o "1-2"') for text in instructions)
    entries = [p.text for p in word.paragraphs if p.style.name.startswith("TOC ")]
    assert "Every measure at a glance" in entries
    assert "Exception report: measures off target" in entries
    settings = word.settings.element
    assert settings.find(qn("w:updateFields")) is not None
    starts = {
        p.text: bool(p.paragraph_format.page_break_before)
        for p in word.paragraphs
        if p.style.name in ("Heading 2", "Heading 3")
    }
    for section in report.exceptions:
        for index, item in enumerate(section.measures):
            opens_page = (
                starts[f"Priority {section.code}: {section.title}"]
                if index == 0
                else (starts[f"{item.row.code} {item.row.title}"])
            )
            assert opens_page or (section is report.exceptions[0] and index == 0)
    assert HEADLINE in [p.text for p in word.paragraphs[:12]]  # on the cover


def test_word_uses_real_headings_header_rows_and_alt_text(word):
    styles = {p.style.name for p in word.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "Heading 3"} <= styles
    assert word.core_properties.title.startswith("Council Plan 2019-20: performance report")
    assert word.core_properties.language == "en-GB"
    assert len(word.tables) > 20
    for table in word.tables:
        row_properties = table.rows[0]._tr.trPr
        assert row_properties is not None
        assert row_properties.find(qn("w:tblHeader")) is not None
    pictures = word.inline_shapes
    assert len(pictures) > 80  # the headline chart, 18 exception charts, 69 sparklines
    for picture in pictures:
        assert picture._inline.docPr.get("descr", "").strip()
    assert word.sections[1].orientation == 1  # the measure tables are on landscape pages


# Excel -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workbook(files):
    return openpyxl.load_workbook(io.BytesIO(files[ReportFormat.XLSX]))


def test_excel_has_the_headline_the_exceptions_by_priority_and_the_rules(workbook, reds):
    summary = [c.value for row in workbook["Summary"].iter_rows() for c in row if c.value]
    assert HEADLINE in summary
    rules = [c.value for row in workbook["Rules"].iter_rows() for c in row]
    assert any(RULE in str(rule) for rule in rules)
    exceptions = workbook["Exceptions"]
    header = [c.value for c in exceptions[1]]
    found: dict[str, list[str]] = {}
    for row in exceptions.iter_rows(min_row=2, values_only=True):
        cells = dict(zip(header, row, strict=True))
        found.setdefault(cells["Priority"], []).append(f"{cells['Code']} {cells['Measure']}")
    assert found == reds


def test_excel_sheets_are_filterable_tables_of_numbers(workbook):
    names = workbook.sheetnames
    assert names[:2] == ["Summary", "Exceptions"]
    priorities = [n for n in names if n[:1] == "P" and n[1:2].isdigit()]
    assert [n[:3] for n in priorities] == ["P1 ", "P2 ", "P3 ", "P4 ", "P5 "]
    assert priorities[0] == "P1 Every child making the best"  # 31 characters at most
    data = workbook["Data"]
    assert data.max_row == 70  # a header and 69 measures
    for name in ("Exceptions", "Data", priorities[0], "Tolerances"):
        sheet = workbook[name]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref is not None
        assert sheet.auto_filter.ref.startswith("A1:")
    header = [c.value for c in data[1]]
    rows = {r[2]: dict(zip(header, r, strict=True)) for r in data.iter_rows(2, values_only=True)}
    assert rows["1A3"]["This quarter"] == 590
    assert data.cell(row=2, column=header.index("This quarter") + 1).number_format == '#,##0.0"%"'
    assert rows["5D7"]["This quarter"] == 68
    assert isinstance(rows["1A8"]["Latest data"], float)
    assert rows["1A8"]["Latest data"] == pytest.approx(79.3)
    assert workbook["Summary"]._images  # the share on target over eight quarters


def test_the_as_at_date_is_printed(demo):
    report = build_report(demo.plan, Q2, organisation="", as_at=dt.date(2019, 11, 14))
    page = render(report, ReportFormat.HTML).decode("utf-8")
    assert "Figures as they stood on 14 November 2019" in page


# Accessibility in a browser ----------------------------------------------------------------


@pytest.mark.browser
def test_the_html_report_has_no_axe_violations(files, tmp_path):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "report.html"
    page_file.write_bytes(files[ReportFormat.HTML])
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page()
            page.goto(page_file.as_uri())
            results = Axe().run(page)
        finally:
            browser.close()
    assert results.violations_count == 0, results.generate_report()


def test_excel_always_has_the_figures_behind_the_charts(workbook, report):
    chart_data = workbook["Chart data"]
    codes = {row[0] for row in chart_data.iter_rows(min_row=2, values_only=True)}
    assert codes == {m.row.code for m in report.exception_measures}
    assert workbook["Trends"].max_row == 1 + 2 * 69  # a value and a target row per measure


# Lines of enquiry --------------------------------------------------------------------------

SMALL_NUMBER_1A4 = "The figure rests on 21 cases, so one case moves it by 4.8 percentage points"


def test_each_exception_carries_its_lines_of_enquiry_in_every_document(
    files, pdf, word, workbook, report
):
    """1A4 (a survey of 21 families) is asked whether its number is too small to read, with
    the evidence, on its own page of the PDF and in the Word, HTML and Excel reports."""
    (item,) = [m for m in report.exception_measures if m.row.code == "1A4"]
    questions = [line.question for line in item.enquiry]
    assert "Is the number small enough for a few cases to swing the figure?" in questions
    assert any(line.evidence.startswith(SMALL_NUMBER_1A4) for line in item.enquiry)
    assert all(m.enquiry for m in report.exception_measures)

    bookmarks = _bookmark_pages(pdf, pdf.outline)
    page = " ".join(pdf.pages[bookmarks[f"1A4 {item.row.title}"]].extract_text().split())
    assert "Lines of enquiry" in page
    assert SMALL_NUMBER_1A4 in page
    assert "Is the change beyond normal variation, or noise?" in page

    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    assert any(text.startswith(SMALL_NUMBER_1A4) for text in cells)
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 4"]
    assert headings.count("Lines of enquiry") == len(report.exception_measures)

    outline = _Outline()
    outline.feed(files[ReportFormat.HTML].decode())
    text = " ".join(" ".join(outline.parts).split())
    assert SMALL_NUMBER_1A4 in text
    assert outline.headings.count((5, "Lines of enquiry")) == len(report.exception_measures)

    sheet = workbook["Exceptions"]
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    column = header.index("Lines of enquiry")
    cells = [row[column] or "" for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sum(SMALL_NUMBER_1A4 in cell for cell in cells) == 1
