"""Rank, quartile, median and mean among comparators, the sentences, and funnel outliers."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from councilstat.core.benchmark import (
    FunnelOutlier,
    funnel_outliers,
    funnel_sentence,
    group_position,
    ordinal,
    position_sentence,
    quartile,
)
from councilstat.core.errors import StatisticsError
from councilstat.core.funnel import FunnelPosition, Overdispersion, proportion_funnel
from councilstat.core.plan import Polarity

SIXTEEN = {f"A{i:02}": D(i) for i in range(1, 17)}  # A01 = 1 ... A16 = 16


@pytest.mark.parametrize(
    ("rank", "count", "expected"),
    [(1, 16, 1), (4, 16, 1), (5, 16, 2), (8, 16, 2), (9, 16, 3), (12, 16, 3), (13, 16, 4),
     (16, 16, 4), (1, 4, 1), (4, 4, 4), (3, 5, 3), (2, 3, None), (1, 1, None)],
)  # fmt: skip
def test_quartile_is_the_ceiling_of_four_rank_over_count(rank, count, expected):
    assert quartile(rank, count) == expected


@pytest.mark.parametrize(("rank", "count"), [(0, 4), (5, 4), (1, 0)])
def test_quartile_refuses_a_rank_outside_the_group(rank, count):
    with pytest.raises(StatisticsError):
        quartile(rank, count)


def test_higher_is_better_ranks_the_highest_first():
    position = group_position(SIXTEEN, "A08", Polarity.HIGHER)  # 8 is 9th highest of 16
    assert (position.rank, position.count, position.quartile) == (9, 16, 3)
    assert position.joint is False
    assert position.median == D("8.5")
    assert position.mean == D("8.5")
    assert position_sentence("Rotherham", position, "nearest neighbours") == (
        "Rotherham is 9th of 16 nearest neighbours, in the third quartile."
    )


def test_lower_is_better_ranks_the_lowest_first():
    position = group_position(SIXTEEN, "A08", Polarity.LOWER)
    assert (position.rank, position.quartile) == (8, 2)


def test_ties_share_a_rank_and_the_next_rank_skips():
    values = {"A": D(90), "B": D(80), "C": D(80), "D": D(70)}
    assert group_position(values, "B", Polarity.HIGHER).rank == 2
    assert group_position(values, "C", Polarity.HIGHER).joint is True
    assert group_position(values, "D", Polarity.HIGHER).rank == 4
    position = group_position(values, "C", Polarity.HIGHER)
    assert position_sentence("C", position, "councils in the region") == (
        "C is joint 2nd of 4 councils in the region, in the second quartile."
    )


def test_areas_without_a_value_are_left_out():
    values = {"A": D(3), "B": None, "C": D(1), "S": D(2)}
    position = group_position(values, "S", Polarity.HIGHER)
    assert (position.rank, position.count, position.quartile) == (2, 3, None)
    assert position_sentence("S", position, "neighbours") == "S is 2nd of 3 neighbours."


def test_no_value_for_the_subject_is_not_ranked():
    position = group_position({"A": D(1), "B": D(2)}, "S", Polarity.HIGHER)
    assert position.rank is None
    assert position.subject_value is None
    assert position.median == D("1.5")
    assert position_sentence("S", position, "neighbours") == (
        "S has no value, so it is not placed among 2 neighbours."
    )


def test_polarity_none_is_placed_against_the_median_not_ranked():
    position = group_position(SIXTEEN, "A12", Polarity.NONE)
    assert position.rank is None
    assert position.quartile is None
    assert position.above_median is True
    assert position_sentence("S", position, "neighbours") == (
        "S is above the median of 16 neighbours; neither a higher nor a lower value is better, "
        "so it is not ranked."
    )


def test_an_empty_group_says_so():
    position = group_position({}, "S", Polarity.HIGHER)
    assert position.median is None
    assert position.mean is None
    assert position_sentence("S", position, "neighbours") == (
        "No comparator values are available for S's neighbours."
    )


def test_a_value_that_is_not_finite_is_refused():
    with pytest.raises(StatisticsError):
        group_position({"A": D("NaN"), "S": D(1)}, "S", Polarity.HIGHER)


@pytest.mark.parametrize(
    ("number", "text"),
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th"),
     (21, "21st"), (22, "22nd"), (23, "23rd"), (101, "101st"), (111, "111th")],
)  # fmt: skip
def test_ordinal(number, text):
    assert ordinal(number) == text


@given(
    others=st.lists(st.integers(-1000, 1000), min_size=1, max_size=30),
    value=st.integers(-1000, 1000),
    rise=st.integers(0, 500),
)
def test_raising_the_value_never_worsens_the_rank_when_higher_is_better(others, value, rise):
    values = {f"A{i}": D(v) for i, v in enumerate(others)}
    before = group_position({**values, "S": D(value)}, "S", Polarity.HIGHER)
    after = group_position({**values, "S": D(value + rise)}, "S", Polarity.HIGHER)
    assert before.rank is not None
    assert after.rank is not None
    assert 1 <= after.rank <= before.rank <= before.count
    if before.quartile is not None and after.quartile is not None:
        assert after.quartile <= before.quartile


# Funnel outliers ---------------------------------------------------------------------------


def _funnel():
    """Ten councils of 1,000 near 50%, one far above and one far below (no adjustment)."""
    numerators = [500, 510, 490, 505, 495, 500, 502, 498, 600, 400]
    return proportion_funnel(numerators, [1000] * 10, overdispersion=Overdispersion.NONE), [
        f"Council {chr(65 + i)}" for i in range(10)
    ]


def test_funnel_outliers_name_only_the_councils_outside_the_limits():
    funnel, names = _funnel()
    outliers = funnel_outliers(names, funnel)
    assert outliers == (
        FunnelOutlier("Council I", FunnelPosition.ABOVE_99_8),
        FunnelOutlier("Council J", FunnelPosition.BELOW_99_8),
    )
    assert outliers[0].label == "above the upper 99.8% limit"
    assert funnel_sentence(outliers, 10) == (
        "Council I is above the upper 99.8% limit. Council J is below the lower 99.8% limit. "
        "The other 8 councils are within the 95% limits: the funnel plot cannot tell them "
        "apart."
    )


def test_funnel_sentence_when_all_are_inside():
    assert funnel_sentence((), 16) == (
        "All 16 councils are within the 95% limits: the differences between them are no more "
        "than chance would give."
    )


def test_funnel_sentence_lists_several_in_one_band_by_name():
    outliers = (
        FunnelOutlier("Bury", FunnelPosition.BELOW_95),
        FunnelOutlier("Tameside", FunnelPosition.BELOW_95),
        FunnelOutlier("Wigan", FunnelPosition.BELOW_95),
    )
    assert funnel_sentence(outliers, 4) == (
        "Bury, Tameside and Wigan are below the lower 95% limit. "
        "The other council is within the 95% limits."
    )


def test_funnel_outliers_need_a_name_per_council():
    funnel, names = _funnel()
    with pytest.raises(StatisticsError):
        funnel_outliers(names[:-1], funnel)
