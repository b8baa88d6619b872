"""``councilstat report`` in every format, run as a user runs it, each file read back; and
the renderers' safety (no fetching, no markup from data) and extension (added sections)."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import docx
import openpyxl
import pytest
from pypdf import PdfReader

from councilstat.core.periods import Quarter
from councilstat.io.plan_reader import read_plan
from councilstat.reports.model import ReportSection, build_report
from councilstat.reports.render import ReportFormat, render
from tests.unit.io.plan_files import OBSERVATIONS, write_plan

COMMAND = Path(sys.executable).with_name("councilstat")
HEADLINE = "Of the 3 measures with data and a target this quarter, 1 (33%) met or exceeded"
FORMULA = "=SUM(A1:A9) looks like a formula"
LATER = "1A1,2019-10,81,,,October figure"


def run(*args):
    return subprocess.run(
        [str(COMMAND), *map(str, args)], capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture(scope="module")
def plan_folder(tmp_path_factory):
    observations = [
        *OBSERVATIONS[:4],
        f"1A2,2019/20 Q2,395,,,{FORMULA}",
        *OBSERVATIONS[5:],
        LATER,
    ]
    return write_plan(tmp_path_factory.mktemp("plan"), observations=observations)


@pytest.fixture(scope="module")
def written(plan_folder, tmp_path_factory):
    """The report in each format, written once for the module."""
    folder = tmp_path_factory.mktemp("reports")
    files = {}
    for fmt in ("html", "pdf", "docx", "xlsx"):
        output = folder / f"report.{fmt}"
        result = run("report", plan_folder, "--period", "2019/20 Q2", "--format", fmt, "-o", output)
        assert result.returncode == 0, result.stderr
        assert f"Wrote the {fmt.upper()} report to {output}" in result.stdout
        files[fmt] = output
    return files


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []
        self.ids = []
        self.headings = []
        self._in_heading = False

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if "id" in found:
            self.ids.append(found["id"])
        self._in_heading = tag in {"h1", "h2", "h3", "h4"}

    def handle_endtag(self, tag):
        self._in_heading = False

    def handle_data(self, data):
        self.parts.append(data)
        if self._in_heading and data.strip():
            self.headings.append(data.strip())

    @property
    def text(self):
        return " ".join(" ".join(self.parts).split())


def html_text(path):
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def pdf_text(path):
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def test_html_has_the_headline_exceptions_and_sections(written):
    page = html_text(written["html"])
    assert HEADLINE in page.text
    assert "Exception report: measures off target" in page.headings
    assert "2A1 Drug treatment completions" in page.headings
    assert "Priority 1: Best start" in page.headings
    assert "a value exactly on the edge of the tolerance is amber" in page.text
    assert len(page.ids) == len(set(page.ids))  # every id unique


def test_pdf_text_has_the_headline_and_exceptions(written):
    text = pdf_text(written["pdf"])
    assert HEADLINE in text
    assert "2A1 Drug treatment completions" in text
    assert "Annex A: Rating rules and tolerances" in text


def test_word_document_has_the_headline_and_exceptions(written):
    document = docx.Document(str(written["docx"]))
    paragraphs = [p.text for p in document.paragraphs]
    assert any(HEADLINE in p for p in paragraphs)
    headings = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Heading 1", "Exception report: measures off target") in headings
    assert ("Heading 3", "2A1 Drug treatment completions") in headings
    assert ("Heading 1", "Priority 1: Best start") in headings


def test_workbook_has_the_headline_numbers_and_escaped_text(written):
    workbook = openpyxl.load_workbook(written["xlsx"])
    summary = workbook["Summary"]
    assert any(HEADLINE in str(c.value) for row in summary.iter_rows() for c in row)
    data = workbook["Data"]
    header = [c.value for c in data[1]]
    assert data.freeze_panes == "A2"
    assert data.auto_filter.ref.startswith("A1:")
    rows = {
        row[2]: dict(zip(header, row, strict=True)) for row in data.iter_rows(2, values_only=True)
    }
    assert rows["1A2"]["This quarter"] == 395
    assert isinstance(rows["1A2"]["This quarter"], int)
    assert rows["1A2"]["Commentary"] == "'" + FORMULA
    assert rows["2A1"]["Rating"] == "Off target"
    exceptions = workbook["Exceptions"]
    assert [row[3] for row in exceptions.iter_rows(2, values_only=True)] == ["2A1"]


def test_the_format_follows_the_file_extension(plan_folder, tmp_path):
    output = tmp_path / "pack.docx"
    result = run("report", plan_folder, "--period", "2019/20 Q2", "--output", output)
    assert result.returncode == 0, result.stderr
    assert output.read_bytes()[:2] == b"PK"
    assert docx.Document(str(output)).core_properties.title.endswith("2019/20 Q2")


def test_exceptions_only_leaves_out_the_priority_sections(plan_folder, tmp_path):
    output = tmp_path / "exceptions.html"
    result = run("report", plan_folder, "-p", "2019/20 Q2", "-o", output, "--exceptions-only")
    assert result.returncode == 0, result.stderr
    page = html_text(output)
    assert "2A1 Drug treatment completions" in page.headings
    assert "priority-1" not in page.ids  # the section for priority 1
    assert not any(h.startswith("1.A ") for h in page.headings)  # and its outcomes
    assert "exception report, 2019/20 Q2" in page.text


def test_as_at_drops_later_data_and_prints_the_date(plan_folder, tmp_path):
    everything = tmp_path / "now.html"
    assert run("report", plan_folder, "-p", "2019/20 Q2", "-o", everything).returncode == 0
    assert "81.0% 2019-10" in html_text(everything).text
    output = tmp_path / "as-at.html"
    result = run("report", plan_folder, "-p", "2019/20 Q2", "-o", output, "--as-at", "2019-10-15")
    assert result.returncode == 0, result.stderr
    text = html_text(output).text
    assert "Figures as they stood on 15 October 2019" in text
    assert "2019-10" not in text
    assert "warning" not in result.stderr  # the quarter had ended by then


def test_as_at_before_the_quarter_ended_warns(plan_folder, tmp_path):
    output = tmp_path / "early.html"
    result = run("report", plan_folder, "-p", "2019/20 Q2", "-o", output, "--as-at", "2019-08-31")
    assert result.returncode == 0
    assert "warning: --as-at 2019-08-31 is before 2019/20 Q2 ended" in result.stderr


@pytest.mark.parametrize("as_at", ["2019-13-01", "14/11/2019", "soon"])
def test_a_bad_as_at_date_is_bad_usage(plan_folder, tmp_path, as_at):
    output = tmp_path / "report.pdf"
    output.write_text("the pack that went to committee")
    result = run("report", plan_folder, "-p", "2019/20 Q2", "-o", output, "--as-at", as_at)
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.stderr
    assert output.read_text() == "the pack that went to committee"


def test_a_bad_plan_leaves_an_existing_pdf_untouched(tmp_path):
    output = tmp_path / "report.pdf"
    output.write_text("the pack that went to committee")
    folder = write_plan(tmp_path / "plan", observations=[*OBSERVATIONS, "1A2,2019/20 Q3,lots,,,"])
    result = run("report", folder, "-p", "2019/20 Q2", "-o", output, "--format", "pdf")
    assert result.returncode == 1
    assert "observations.csv:8:value: 'lots' is not a number" in result.stderr
    assert "Traceback" not in result.stderr
    assert output.read_text() == "the pack that went to committee"


def test_the_report_replaces_the_file_whole_and_leaves_no_temporary_file(plan_folder, tmp_path):
    output = tmp_path / "report.xlsx"
    output.write_text("last quarter's")
    output.chmod(0o640)
    result = run("report", plan_folder, "-p", "2019/20 Q2", "-o", output)
    assert result.returncode == 0, result.stderr
    assert output.read_bytes()[:2] == b"PK"
    assert oct(output.stat().st_mode & 0o777) == oct(0o640)
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]


def test_an_output_that_is_a_folder_is_a_clear_error(plan_folder, tmp_path):
    result = run("report", plan_folder, "-p", "2019/20 Q2", "-o", tmp_path, "-f", "html")
    assert result.returncode == 1
    assert "cannot write the report" in result.stderr
    assert "Traceback" not in result.stderr
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_an_unknown_format_is_bad_usage(plan_folder, tmp_path):
    result = run("report", plan_folder, "-p", "2019/20 Q2", "-o", tmp_path / "r", "-f", "odt")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


TYPST = '#read("/etc/hostname") #image("/etc/passwd") *bold* $x^2$ <label> @cite // not a comment'


def test_typst_code_in_a_commentary_is_printed_as_text(tmp_path):
    """The PDF template shows data as text: nothing in a commentary is run as Typst, so it
    can neither read a file nor fetch anything."""
    observations = [*OBSERVATIONS[:5], f"2A1,2019/20 Q2,,5,30,{TYPST}", *OBSERVATIONS[6:]]
    folder = write_plan(tmp_path / "plan", observations=observations)
    output = tmp_path / "report.pdf"
    result = run("report", folder, "-p", "2019/20 Q2", "-o", output)
    assert result.returncode == 0, result.stderr
    text = pdf_text(output)
    assert TYPST in text
    assert "root:" not in text


def test_markup_in_a_commentary_is_shown_as_text(tmp_path):
    note = '<img src="http://example.org/x.png"> <script>alert(1)</script>'
    observations = [*OBSERVATIONS[:5], f"2A1,2019/20 Q2,,5,30,{note}", *OBSERVATIONS[6:]]
    folder = write_plan(tmp_path / "plan", observations=observations)
    output = tmp_path / "report.html"
    assert run("report", folder, "-p", "2019/20 Q2", "-o", output).returncode == 0
    source = output.read_text(encoding="utf-8")
    assert "<script>alert" not in source
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in source
    assert not re.search(r"<img[^>]+example\.org", source)


def test_the_figures_behind_the_charts_are_an_annex_only_when_asked_for(
    plan_folder, written, tmp_path
):
    plain, annexed = tmp_path / "plain.html", tmp_path / "annexed.html"
    assert run("report", plan_folder, "-p", "2019/20 Q2", "-o", plain).returncode == 0
    result = run("report", plan_folder, "-p", "2019/20 Q2", "-o", annexed, "--with-chart-data")
    assert result.returncode == 0, result.stderr
    assert "annex-chart-data" not in html_text(plain).ids
    assert "Excel workbook's Chart data sheet" in html_text(plain).text
    assert "annex-chart-data" in html_text(annexed).ids
    pdf = tmp_path / "annexed.pdf"
    result = run("report", plan_folder, "-p", "2019/20 Q2", "-o", pdf, "--with-chart-data")
    assert result.returncode == 0, result.stderr
    assert "Annex G: Figures behind the exception charts" in pdf_text(pdf)
    assert "Annex G" not in pdf_text(written["pdf"])


def test_help_explains_the_as_at_limitation():
    result = run("report", "--help")
    assert result.returncode == 0
    text = " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.stdout).split())
    assert "Plan files keep no history" in text
    assert "--exceptions-only" in text
    assert "--with-chart-data" in text


def test_a_format_that_disagrees_with_the_file_name_is_refused(plan_folder, tmp_path):
    output = tmp_path / "report.html"
    result = run("report", plan_folder, "-p", "2019/20 Q2", "-o", output, "-f", "xlsx")
    assert result.returncode == 2
    message = " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.stderr).split())
    assert "report.html is named for HTML, but --format asks for XLSX" in message
    assert not output.exists()


def test_a_section_added_by_the_caller_appears_in_every_format(plan_folder):
    loaded = read_plan(plan_folder)
    added = ReportSection(
        "actions-arising",
        "Actions arising from previous meetings",
        ("Measure", "Action", "Status"),
        (("2A1", "Ask the provider about re-presentations", "Open"),),
        text="Actions agreed at earlier meetings and their status.",
    )
    report = build_report(loaded.plan, Quarter(2019, 2), organisation="Anytown", sections=[added])
    page = render(report, ReportFormat.HTML).decode("utf-8")
    assert '<li><a href="#actions-arising">Actions arising from previous meetings</a></li>' in page
    assert page.index('id="actions-arising"') < page.index('id="exceptions"')
    assert "Ask the provider about re-presentations" in page
    document = docx.Document(io.BytesIO(render(report, ReportFormat.DOCX)))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings.index("Actions arising from previous meetings") < headings.index(
        "Exception report: measures off target"
    )
    workbook = openpyxl.load_workbook(io.BytesIO(render(report, ReportFormat.XLSX)))
    sheet = workbook["Actions arising from previous m"]
    assert [c.value for c in sheet[2]] == ["2A1", "Ask the provider about re-presentations", "Open"]
