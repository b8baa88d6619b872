"""Figures at their measure's precision (``docs/rules.md``, "Precision"): one rule,
``core.plan.Precision.places``, shown the same in every format."""

from __future__ import annotations

import io
import re
from decimal import ROUND_HALF_UP
from decimal import Decimal as D

import docx
import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from councilstat.core.errors import PlanError
from councilstat.core.periods import Quarter
from councilstat.core.plan import Precision, Unit
from councilstat.core.spc import spc_chart
from councilstat.io.plan_reader import read_plan
from councilstat.io.problems import DataFileError
from councilstat.reports.charts.data import spc_chart_data
from councilstat.reports.formatting import excel_number_format, format_value, limit_format
from councilstat.reports.model import build_report
from councilstat.reports.render import ReportFormat, render
from tests.unit.io.plan_files import write_plan

HEADER = (
    "code,title,priority,priority_title,outcome,outcome_title,unit,polarity,frequency,tolerance,"
    "aggregation,decimal_places,can_exceed_100"
)
MEASURES = [
    HEADER,
    "3C1,Cost per transaction,3,Council,3.C,Value,currency,lower,quarterly,5%,,,",
    "3C2,Exclusions per 100 pupils,3,Council,3.C,Value,rate,lower,quarterly,5%,,,",
    "3C3,Progress 8 score,3,Council,3.C,Value,number,higher,quarterly,0.05,,2,",
    "3C4,Budget spent,3,Council,3.C,Value,percent,none,quarterly,,,,yes",
]
TARGETS = ["code,period,target", "3C1,2019/20,3", "3C2,2019/20,0.03", "3C3,2019/20,-0.1"]
OBSERVATIONS = [
    "code,period,value,numerator,denominator,note",
    "3C1,2019/20 Q1,4.1,,,",
    "3C1,2019/20 Q2,4.64,,,",
    "3C2,2019/20 Q1,0.028,,,",
    "3C2,2019/20 Q2,0.031,,,",
    "3C3,2019/20 Q1,-0.2,,,",
    "3C3,2019/20 Q2,-0.1345,,,",
    "3C4,2019/20 Q2,101.5,,,",
]


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    folder = write_plan(
        tmp_path_factory.mktemp("precision"),
        measures=MEASURES,
        targets=TARGETS,
        observations=OBSERVATIONS,
    )
    return read_plan(folder).plan


@pytest.fixture(scope="module")
def report(plan):
    return build_report(plan, Quarter(2019, 2), organisation="Anytown")


def test_the_plan_file_declares_places_and_exceeding_100(plan):
    assert plan.measure("3C3").decimal_places == 2
    assert plan.measure("3C1").decimal_places is None
    assert plan.measure("3C4").can_exceed_100
    assert not plan.measure("3C1").can_exceed_100


@pytest.mark.parametrize("places", ["7", "1.5", "-1", "two"])
def test_bad_decimal_places_are_refused_naming_the_row_and_column(tmp_path, places):
    measures = [
        HEADER,
        f"3C3,Progress 8 score,3,Council,3.C,Value,number,higher,quarterly,,,{places},",
    ]
    folder = write_plan(
        tmp_path, measures=measures, targets=["code,period,target"], observations=OBSERVATIONS[:1]
    )
    with pytest.raises(DataFileError) as raised:
        read_plan(folder)
    assert any(
        str(p).startswith("measures.csv:2:decimal_places:") and "whole number from 0 to 6" in str(p)
        for p in raised.value.problems
    ), raised.value.problems


def test_money_is_shown_to_the_penny_below_a_thousand_pounds(report):
    row = next(r for r in report.measure_rows if r.code == "3C1")
    assert (row.current.text, row.target.text) == ("£4.64", "£3.00")
    page = render(report, ReportFormat.HTML).decode()
    assert re.search(r"£4\.64</td><td class=\"num\">£3\.00", page)
    assert format_value(D("1250.4"), Unit.CURRENCY) == "£1,250"
    assert format_value(D("-4.6"), Unit.CURRENCY) == "-£4.60"


def test_a_rate_is_shown_to_significant_figures(report):
    row = next(r for r in report.measure_rows if r.code == "3C2")
    assert (row.current.text, row.target.text) == ("0.031", "0.03")
    assert format_value(0.031234, Unit.RATE) == "0.0312"
    assert format_value(D("12.5"), Unit.RATE) == "12.5"


def test_a_counts_spc_mean_is_whole():
    values = [548, 575, 552, 571, 563, 549, 566, 558, 574, 551, 569, 556, 562, 567.5]
    result = spc_chart(values, improvement="increase")
    assert result.mean != int(result.mean)  # 561.9: not a whole number
    chart = spc_chart_data("1B1", "Children in need", Unit.NUMBER, result, period_noun="month")
    whole = D(repr(result.mean)).quantize(D(1), ROUND_HALF_UP)
    assert f"the mean is {whole}," in chart.summary
    assert not re.search(r"\d\.\d", chart.summary.split(". ")[0])


def test_a_percentages_upper_limit_is_shown_capped_at_100():
    values = [96.0, 99.5, 95.0, 99.0, 96.5, 98.5, 95.5, 99.8, 96.0, 98.0, 97.0, 99.0, 96.0]
    result = spc_chart(values, improvement="increase")
    assert result.upl is not None
    assert result.upl > 100
    capped = spc_chart_data("1A1", "Calls answered", Unit.PERCENT, result, period_noun="month")
    assert "to 100.0% (capped)" in capped.summary
    assert "100.0% (capped)" in capped.table_note
    may_exceed = Precision(Unit.PERCENT, can_exceed_100=True)
    shown = spc_chart_data("3C4", "Budget spent", may_exceed, result, period_noun="month")
    assert f"to {format_value(result.upl, Unit.PERCENT)}." in shown.summary
    assert "capped" not in shown.summary


def test_declared_places_are_honoured_in_every_format(report):
    row = next(r for r in report.measure_rows if r.code == "3C3")
    assert (row.current.text, row.target.text, row.previous.text) == ("-0.13", "-0.10", "-0.20")
    html = render(report, ReportFormat.HTML).decode()
    assert "-0.13" in html
    assert "-0.1345" not in html
    pdf = PdfReader(io.BytesIO(render(report, ReportFormat.PDF)))
    pdf_text = " ".join(page.extract_text() for page in pdf.pages)
    assert "-0.13" in pdf_text
    assert "-0.10" in pdf_text
    document = docx.Document(io.BytesIO(render(report, ReportFormat.DOCX)))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "-0.13" in cells
    assert "-0.10" in cells
    workbook = openpyxl.load_workbook(io.BytesIO(render(report, ReportFormat.XLSX)))
    data = workbook["Data"]
    header = [c.value for c in data[1]]
    found = next(r for r in data.iter_rows(2) if r[2].value == "3C3")
    current = found[header.index("This quarter")]
    assert current.value == pytest.approx(-0.1345)  # the stored value, every place
    assert current.number_format == "#,##0.00"
    cost = next(r for r in data.iter_rows(2) if r[2].value == "3C1")[header.index("This quarter")]
    assert cost.number_format == '"£"#,##0.00;-"£"#,##0.00'


def test_more_than_six_declared_places_is_refused():
    with pytest.raises(PlanError, match="from 0 to 6"):
        Precision(Unit.NUMBER, 7)


def _places(text: str) -> int:
    number = re.search(r"-?[\d,]+(?:\.(\d+))?", text)
    assert number is not None, text
    return len(number.group(1) or "")


@given(
    value=st.decimals(min_value=-(10**11), max_value=10**11, places=6, allow_nan=False),
    unit=st.sampled_from(list(Unit)),
    declared=st.none() | st.integers(min_value=0, max_value=6),
)
def test_formatting_never_shows_more_places_than_declared(value, unit, declared):
    precision = Precision(unit, declared)
    shown = format_value(value, precision)
    places = _places(shown)
    assert places == precision.places(value)
    if declared is not None:
        assert places == declared
    assert places <= 6
    fmt = excel_number_format(value, precision)
    assert fmt.split(";")[0].count("0") - 1 == places  # "#,##0" then one 0 a place


@given(limit=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_a_percentages_limit_is_shown_within_0_to_100_unless_it_may_exceed(limit):
    shown = limit_format(Unit.PERCENT)(limit)
    number = float(shown.split("%")[0].replace(",", ""))
    assert 0 <= number <= 100
    assert ("(capped)" in shown) == (not 0 <= limit <= 100)
    free = limit_format(Precision(Unit.PERCENT, can_exceed_100=True))(limit)
    assert "capped" not in free
