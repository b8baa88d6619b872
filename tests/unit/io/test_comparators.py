"""Comparator files read without the database: values in the long format, a group's areas.

The problems each row can have are tested through the import, in
tests/integration/benchmarking/test_benchmarking.py, which also checks nothing is stored.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from councilstat.core.periods import FinancialYear
from councilstat.io.comparators import read_group_areas, read_values
from councilstat.io.problems import DataFileError
from councilstat.io.tables import Table


def table(header: tuple[str, ...], *rows: tuple[str, ...], name: str = "values.csv") -> Table:
    return Table(name, None, header, tuple((n, row) for n, row in enumerate(rows, start=2)))


def test_values_are_read_with_their_fractions():
    loaded = read_values(
        table(
            ("area_code", "area_name", "metric", "period", "value", "numerator", "denominator"),
            ("E08000018", "Rotherham", "ASC5", "2018-19", "93.5", "", ""),
            ("E08000016", "Barnsley", "ASC5", "2018/19", "60", "600", "1000"),
        )
    )
    assert [(r.area_code, r.period, r.value, r.numerator) for r in loaded.rows] == [
        ("E08000018", FinancialYear(2018), D("93.5"), None),
        ("E08000016", FinancialYear(2018), D("60"), D("600")),
    ]
    assert loaded.warnings == ()


def test_a_bad_area_code_is_a_problem_at_its_row_and_column():
    with pytest.raises(DataFileError) as error:
        read_values(
            table(
                ("area_code", "area_name", "metric", "period", "value"),
                ("X123", "Nowhere", "ASC5", "2018/19", "50"),
            )
        )
    assert [str(p) for p in error.value.problems] == [
        "values.csv:2:area_code: 'X123' is not an ONS area code like E08000018"
    ]


def test_a_published_neighbour_list_names_its_subject():
    members = read_group_areas(
        table(
            ("neighbour_code", "neighbour_name", "is_subject"),
            ("E08000018", "Rotherham", "yes"),
            ("E08000016", "Barnsley", "no"),
            name="group.csv",
        )
    )
    assert [(m.area_code, m.subject) for m in members] == [
        ("E08000018", True),
        ("E08000016", False),
    ]
