import csv
import io

import pytest

from councilstat.io.exports import csv_text, escape_formula


@pytest.mark.parametrize("text", ["=SUM(A1)", "+1", "-2+3", "@cmd", "\tx", "\rx", "\0x"])
def test_formula_like_text_is_quoted(text):
    assert escape_formula(text) == "'" + text


@pytest.mark.parametrize("value", ["plain text", "", 5, -3.5, None])
def test_other_values_and_numbers_are_unchanged(value):
    assert escape_formula(value) == value


def test_csv_reads_back_with_the_quote_and_numbers_intact():
    text = csv_text(["title", "value"], [['=HYPERLINK("x")', -4], ["ok", None]])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["title", "value"], ['\'=HYPERLINK("x")', "-4"], ["ok", ""]]
