"""A series break (a change of definition) starts new SPC limits at the first period of the
new definition, and no rule runs across it (docs/statistics.md, "Series breaks")."""

from dataclasses import replace

import pytest

from councilstat.core.assessment import assess
from councilstat.core.measure_statistics import break_indices, measure_statistics
from councilstat.core.periods import FinancialYear, Month, Quarter, parse_period
from councilstat.core.plan import Frequency
from councilstat.core.spc import PointType, Rule, Variation
from councilstat.io.plan_reader import read_plan
from councilstat.io.problems import DataFileError
from councilstat.reports.charts.spc import spc_chart_spec
from councilstat.reports.charts.spc_text import spc_summary
from tests.factories import measure, observation, plan, target
from tests.unit.io.plan_files import MEASURES, write_plan

Q2 = Quarter(2019, 2)
MONTHS = [str(Month(2018 + (i + 3) // 12, (i + 3) % 12 + 1)) for i in range(18)]  # 2018-04..2019-09
# Ten months around 70, then a new definition from 2019-02 reads around 40.
VALUES = [70, 71, 69, 70, 71, 70, 69, 71, 70, 70, 40, 41, 39, 40, 41, 40, 39, 41]


def _statistics(breaks=()):
    m = replace(measure("1A8", frequency=Frequency.MONTHLY), breaks=breaks)
    p = plan(
        [m],
        [target("1A8", "2019/20", 50)],
        [observation("1A8", month, v) for month, v in zip(MONTHS, VALUES, strict=True)],
    )
    return measure_statistics(p, assess(p, m, Q2))


def test_without_a_break_the_change_of_definition_looks_like_a_real_fall():
    spc = _statistics().spc
    assert len(spc.groups) == 1
    assert spc.variation is Variation.CONCERN_LOW
    assert any(Rule.SHIFT_BELOW in p.rules for p in spc.points)


def test_limits_are_recomputed_from_the_first_period_of_the_new_definition():
    spc = _statistics(breaks=(Month(2019, 2),)).spc
    assert [(g.first_index, g.last_index) for g in spc.groups] == [(0, 9), (10, 17)]
    assert spc.groups[0].limits.mean == pytest.approx(70.1)
    assert spc.groups[1].limits.mean == pytest.approx(40.125)
    assert spc.mean == pytest.approx(40.125)  # the chart's limits are the latest group's
    assert spc.lpl > 35
    assert spc.upl < 45


def test_no_rule_runs_across_the_break():
    spc = _statistics(breaks=(Month(2019, 2),)).spc
    assert {p.type for p in spc.points} == {PointType.COMMON_CAUSE}
    assert spc.variation is Variation.COMMON_CAUSE


def test_a_break_given_as_a_quarter_starts_at_its_first_month():
    """A break in 2018/19 Q4 (January to March) starts at January, the first value in it."""
    spc = _statistics(breaks=(parse_period("2018/19 Q4"),)).spc
    assert spc.groups[1].first_index == MONTHS.index("2019-01")


@pytest.mark.parametrize(
    ("breaks", "expected"),
    [
        ((), ()),
        ((Month(2018, 1),), ()),  # before the first value: nothing to split
        ((Month(2020, 1),), ()),  # after the last value
        ((Month(2019, 2), Month(2019, 2)), (10,)),
        ((Month(2018, 10), Month(2019, 2)), (6, 10)),
    ],
)
def test_where_breaks_fall_in_the_history(breaks, expected):
    m = replace(measure("1A8", frequency=Frequency.MONTHLY), breaks=breaks)
    history = [observation("1A8", month, v) for month, v in zip(MONTHS, VALUES, strict=True)]
    assert break_indices(m, history) == expected


def test_the_chart_marks_the_break_and_its_text_says_so():
    spc = _statistics(breaks=(Month(2019, 2),)).spc
    spec = spc_chart_spec(spc, title="1A8")
    assert spec["datasets"]["breaks"] == [{"period": "2019-02", "text": "New limits"}]
    assert any(layer.get("mark", {}).get("type") == "rule" for layer in spec["layer"])
    summary = spc_summary(spc, value_format=lambda v: f"{v:.1f}")
    assert "The series breaks at 2019-02: limits start again there" in summary
    unbroken = spc_chart_spec(_statistics().spc, title="1A8")
    assert "breaks" not in unbroken["datasets"]
    assert not any(layer.get("mark", {}).get("type") == "rule" for layer in unbroken["layer"])


# The plan file's breaks column ----------------------------------------------------------------


def _measures_with_breaks(cells):
    rows = [MEASURES[0] + ",breaks"]
    rows += [f"{line},{cell}" for line, cell in zip(MEASURES[1:], cells, strict=True)]
    return rows


def test_the_breaks_column_of_a_plan_file(tmp_path):

    folder = write_plan(
        tmp_path, measures=_measures_with_breaks(["2019-02; 2011-12", "2019/20 Q1", "2019/20", ""])
    )
    with pytest.raises(DataFileError) as raised:
        read_plan(folder)
    problems = [str(p) for p in raised.value.problems]
    assert problems == [
        "measures.csv:2:breaks: write the series breaks in time order, each once: 2011-12 comes "
        "after 2019-02"
    ]
    folder = write_plan(
        tmp_path / "good",
        measures=_measures_with_breaks(["2011-12; 2019-02", "2019/20 Q1", "2019/20", ""]),
    )
    measures = {m.code: m.breaks for m in read_plan(folder).plan.measures}
    assert measures == {
        "1A1": (Month(2011, 12), Month(2019, 2)),  # a monthly measure's 2011-12 is the month
        "1A2": (Quarter(2019, 1),),
        "2A1": (FinancialYear(2019),),
        "2A2": (),
    }


def test_a_two_way_break_for_a_quarterly_measure_is_refused_naming_both(tmp_path):

    folder = write_plan(tmp_path, measures=_measures_with_breaks(["", "2010-11", "", ""]))
    with pytest.raises(DataFileError) as raised:
        read_plan(folder)
    (problem,) = [str(p) for p in raised.value.problems]
    assert problem.startswith(
        "measures.csv:3:breaks: '2010-11' could be November 2010 or the financial year 2010/11"
    )
