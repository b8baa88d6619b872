"""The bulk reader accepts and refuses exactly what the row reader does, row for row."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from councilstat.io.bulk_observations import read_bulk_observations
from councilstat.io.observation_reader import read_observations_upload
from councilstat.io.plan_reader import read_plan
from councilstat.io.problems import DataFileError
from tests.unit.io.plan_files import write_plan


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    return read_plan(write_plan(tmp_path_factory.mktemp("plan"))).plan


def both(content: bytes, plan, name="values.csv"):
    """What each reader makes of the file: its values (code, period, value, numerator,
    denominator, note, row) and blank rows, or its problems."""
    try:
        rows = read_observations_upload(content, plan, name=name)
    except DataFileError as error:
        exact = ("problems", [str(p) for p in error.problems])
    else:
        exact = (
            "values",
            sorted(
                (
                    o.code,
                    str(o.period),
                    o.value,
                    o.numerator,
                    o.denominator,
                    o.note,
                    rows.rows[(o.code, str(o.period))],
                )
                for o in rows.observations
            ),
            rows.blank_rows,
        )
    try:
        bulk = read_bulk_observations(content, plan, name=name)
    except DataFileError as error:
        fast = ("problems", [str(p) for p in error.problems])
    else:

        def number(text):
            return None if text is None else Decimal(text)

        fast = (
            "values",
            sorted(
                (c, p, Decimal(v), number(n), number(d), note, r)
                for c, p, _, v, n, d, note, r in bulk.frame.iter_rows()
            ),
            bulk.blank_rows,
        )
    return exact, fast


MIXED = b"""code,period,title,value,numerator,denominator,note
1A1,2019-07,Families,78,,,
1A1,2019-08,Families,,39,50,
1a1,2019-09,lower-case code,80,,,
1A1,2019-10,,52%,,,
1A2, 2019/20 Q1 ,,"1,410",,,
1A2,2019/20 Q2,,395.000000,,,"  a note with spaces\t"
2A1,2019/20 Q2,,,,,
2A2,Q3 2019/20,,1200,,,
,,,,,,
2A2,2019/20 Q4,,-3.5,,,
"""


def test_a_mixed_file_reads_the_same_both_ways(plan):
    exact, fast = both(MIXED, plan)
    assert exact[0] == "values"
    assert fast == exact
    assert len(exact[1]) == 8
    assert exact[2] == 1  # 2A1's row with no figures yet


def test_blank_lines_keep_the_row_numbers(plan):
    with_gaps = MIXED.replace(b"\n2A2,2019/20 Q4", b"\n\n\n2A2,2019/20 Q4")
    exact, fast = both(with_gaps, plan)
    assert fast == exact
    assert max(row for *_, row in fast[1]) == 13


@pytest.mark.parametrize(
    "row",
    [
        "1A1,2019-07,101,,,",  # a percentage over 100
        "1A1,2019/20 Q2,50,,,",  # a quarter for a monthly measure
        "9Z9,2019-07,50,,,",  # unknown code
        "1A1,2019-07,1e30,,,",  # out of bounds
        "1A1,2019-07,1.1234567,,,",  # too many places
        "1A1,2019-07,1000000000000,,,",  # 10^12
        "1A1,2019-13,50,,,",  # no such month
        "1A1,2019-07,50,,,",  # a duplicate of the row above it
        "1A1,Jul 2019,50,,,",  # not a period
        "1A2,Q1 2019/20,6,,,",  # a duplicate written differently
        ",2019-07,50,,,",  # blank code
        "1A1,2019-07,50,,," + "x" * 5001,  # a note too long
    ],
)
def test_a_bad_row_is_refused_with_the_row_readers_message(plan, row):
    header = "code,period,value,numerator,denominator,note"
    content = f"{header}\n1A1,2019-07,1,,,\n1A2,2019/20 Q1,5,,,\n{row}\n".encode()
    exact, fast = both(content, plan)
    assert exact[0] == "problems"
    assert fast == exact


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["1A1", "1A2", "2A1", "2A2", "1a2", "X1", ""]),
            st.sampled_from(["2019-07", "2019-08", "2019/20 Q2", "2019/20 Q3", "2010-11", "bad"]),
            st.one_of(
                st.just(""),
                st.decimals(
                    allow_nan=False, allow_infinity=False, places=2, max_value=200, min_value=-5
                ).map(str),
                st.sampled_from(["52%", "1,200", "£3", "x", "1e3"]),
            ),
            st.sampled_from(["", "n"]),
        ),
        max_size=12,
    )
)
def test_any_file_reads_the_same_both_ways(plan, rows):
    lines = ["code,period,value,note"] + [",".join(r) for r in rows]
    exact, fast = both(("\n".join(lines) + "\n").encode(), plan)
    assert fast == exact
