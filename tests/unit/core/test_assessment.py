from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from councilstat.core.assessment import NotRated, assess, quarter_value
from councilstat.core.periods import Month, Quarter
from councilstat.core.plan import Aggregation, Frequency, Polarity, Unit
from councilstat.core.rating import Direction, Rag
from tests.factories import measure, observation, plan, target

Q1, Q2, Q4 = Quarter(2019, 1), Quarter(2019, 2), Quarter(2019, 4)


def test_quarterly_measure_uses_its_quarter_and_the_year_target():
    m = measure("5D7")
    p = plan(
        [m],
        [target("5D7", "2019/20", 95)],
        [observation("5D7", "2019/20 Q1", 60), observation("5D7", "2019/20 Q2", 68)],
    )
    result = assess(p, m, Q2)
    assert (result.value, result.target, result.rag) == (D(68), D(95), Rag.RED)
    assert result.previous_value == D(60)
    assert result.direction is Direction.IMPROVING
    assert result.not_rated is None


def test_a_quarter_target_overrides_the_year_target():
    m = measure()
    p = plan(
        [m],
        [target("1A1", "2019/20", 90), target("1A1", "2019/20 Q2", 50)],
        [observation("1A1", "2019/20 Q2", 60)],
    )
    assert assess(p, m, Q2).target == D(50)
    assert assess(p, m, Q2).rag is Rag.GREEN


def test_monthly_last_takes_the_latest_month_with_data():
    m = measure("1A8", frequency=Frequency.MONTHLY)
    p = plan(
        [m],
        [target("1A8", "2019/20", 80)],
        [observation("1A8", "2019-07", 70), observation("1A8", "2019-08", 77)],
    )
    value = quarter_value(p, m, Q2)
    assert value is not None
    assert (value.value, value.period) == (D(77), Month(2019, 8))
    assert assess(p, m, Q2).rag is Rag.AMBER


def test_monthly_sum_needs_every_month_and_mean_uses_those_present():
    summed = measure("S", frequency=Frequency.MONTHLY, aggregation=Aggregation.SUM)
    averaged = measure("M", frequency=Frequency.MONTHLY, aggregation=Aggregation.MEAN)
    months = ["2019-07", "2019-08", "2019-09"]
    complete = plan([summed], observations=[observation("S", m, 10) for m in months])
    assert quarter_value(complete, summed, Q2).value == D(30)
    partial = plan([summed], observations=[observation("S", m, 10) for m in months[:2]])
    assert quarter_value(partial, summed, Q2) is None
    two = plan(
        [averaged],
        observations=[observation("M", "2019-07", 10), observation("M", "2019-08", 15)],
    )
    assert quarter_value(two, averaged, Q2).value == D("12.5")


def test_monthly_profiled_targets_follow_the_months_used():
    m = measure("5A1", frequency=Frequency.MONTHLY, tolerance_text="1")
    p = plan(
        [m],
        [
            target("5A1", "2019/20", 97),
            target("5A1", "2019-08", "45"),
            target("5A1", "2019-09", 54),
        ],
        [observation("5A1", "2019-08", "44.5"), observation("5A1", "2019-09", "53.5")],
    )
    result = assess(p, m, Q2)
    assert (result.value, result.target, result.rag) == (D("53.5"), D(54), Rag.AMBER)


def test_monthly_sum_targets_are_summed_when_every_month_has_one():
    m = measure("S", frequency=Frequency.MONTHLY, aggregation=Aggregation.SUM, unit=Unit.NUMBER)
    months = ["2019-07", "2019-08", "2019-09"]
    p = plan(
        [m],
        [target("S", mo, 10) for mo in months],
        [observation("S", mo, 11) for mo in months],
    )
    assert assess(p, m, Q2).target == D(30)


def test_annual_measure_counts_in_the_fourth_quarter_only():
    m = measure("1B1", frequency=Frequency.ANNUAL)
    p = plan([m], [target("1B1", "2019/20", 70)], [observation("1B1", "2019/20", 72)])
    early = assess(p, m, Q2)
    assert early.rag is None
    assert early.not_rated is NotRated.NOT_DUE
    assert assess(p, m, Q4).rag is Rag.GREEN


def test_reasons_for_not_rating():
    no_data = measure("A")
    no_target = measure("B")
    no_polarity = measure("C", polarity=Polarity.NONE)
    p = plan(
        [no_data, no_target, no_polarity],
        [target("A", "2019/20", 1)],
        [observation("B", "2019/20 Q2", 5), observation("C", "2019/20 Q2", 5)],
    )
    assert assess(p, no_data, Q2).not_rated is NotRated.NO_DATA
    assert assess(p, no_target, Q2).not_rated is NotRated.NO_TARGET
    assert assess(p, no_polarity, Q2).not_rated is NotRated.NO_POLARITY


def test_direction_without_a_target_and_none_without_a_previous_value():
    m = measure()
    p = plan(
        [m], observations=[observation("1A1", "2019/20 Q1", 5), observation("1A1", "2019/20 Q2", 5)]
    )
    assert assess(p, m, Q2).direction is Direction.NO_CHANGE
    assert assess(p, m, Q1).direction is None


def test_direction_across_the_year_boundary():
    m = measure(polarity=Polarity.LOWER)
    p = plan(
        [m], observations=[observation("1A1", "2018/19 Q4", 9), observation("1A1", "2019/20 Q1", 7)]
    )
    assert assess(p, m, Q1).direction is Direction.IMPROVING


def test_an_annual_measure_compares_with_the_previous_year():
    m = measure("1B1", frequency=Frequency.ANNUAL)
    p = plan(
        [m],
        [target("1B1", "2019/20", 70)],
        [observation("1B1", "2018/19", 68), observation("1B1", "2019/20", 72)],
    )
    result = assess(p, m, Q4)
    assert result.previous_value == D(68)
    assert result.direction is Direction.IMPROVING
    assert assess(p, m, Q2).direction is None


def test_a_year_to_date_measure_compares_with_the_same_point_of_the_previous_year():
    m = measure("4B1", unit=Unit.NUMBER, cumulative=True)
    p = plan(
        [m],
        observations=[
            observation("4B1", "2018/19 Q1", 200),
            observation("4B1", "2018/19 Q2", 400),
            observation("4B1", "2018/19 Q4", 800),
            observation("4B1", "2019/20 Q1", 150),
            observation("4B1", "2019/20 Q2", 420),
        ],
    )
    q2 = assess(p, m, Q2)
    assert q2.previous is not None
    assert (q2.previous.period, q2.previous_value) == (Quarter(2018, 2), D(400))
    assert q2.direction is Direction.IMPROVING  # not against Q1's 150
    q1 = assess(p, m, Q1)
    assert q1.previous_value == D(200)  # not against the year-end 800
    assert q1.direction is Direction.WORSENING


def test_a_monthly_year_to_date_measure_compares_with_the_same_month_a_year_before():
    m = measure("5A1", frequency=Frequency.MONTHLY, cumulative=True)
    p = plan(
        [m],
        observations=[
            observation("5A1", "2018-08", "47.0"),
            observation("5A1", "2018-09", "56.0"),
            observation("5A1", "2019-07", "37.5"),
            observation("5A1", "2019-08", "47.5"),
        ],
    )
    result = assess(p, m, Q2)  # September 2019 not in yet: August against August
    assert result.previous is not None
    assert (result.previous.period, result.previous_value) == (Month(2018, 8), D("47.0"))
    assert result.direction is Direction.IMPROVING


def test_a_year_to_date_measure_without_last_years_figure_has_no_direction():
    m = measure("4B2", unit=Unit.NUMBER, cumulative=True)
    p = plan(
        [m],
        observations=[observation("4B2", "2019/20 Q1", 12), observation("4B2", "2019/20 Q2", 41)],
    )
    assert assess(p, m, Q2).direction is None


@given(
    st.lists(st.integers(0, 10_000), min_size=4, max_size=4),
    st.lists(st.integers(0, 10_000), min_size=4, max_size=4),
    st.integers(-5_000, 5_000),
    st.sampled_from([Polarity.HIGHER, Polarity.LOWER]),
    st.integers(1, 4),
)
def test_year_to_date_direction_is_unchanged_by_a_common_shift(
    last_year, this_year, shift, polarity, number
):
    m = measure("C", unit=Unit.NUMBER, polarity=polarity, cumulative=True)

    def directions(offset: int) -> Direction | None:
        observations = [
            observation("C", f"{year}/{(year + 1) % 100:02d} Q{q}", value + offset)
            for year, values in ((2018, last_year), (2019, this_year))
            for q, value in enumerate(values, start=1)
        ]
        return assess(plan([m], observations=observations), m, Quarter(2019, number)).direction

    assert directions(shift) is directions(0)


def test_a_band_measure_is_rated_against_its_band_and_moves_towards_it():
    m = measure("5D8", polarity=Polarity.BAND, unit=Unit.NUMBER, tolerance_text="1")
    p = plan(
        [m],
        [target("5D8", "2019/20", -2, 2)],
        [observation("5D8", "2019/20 Q1", "4.5"), observation("5D8", "2019/20 Q2", "2.8")],
    )
    result = assess(p, m, Q2)
    assert (result.target, result.target_upper, result.rag) == (D(-2), D(2), Rag.AMBER)
    assert result.direction is Direction.IMPROVING
    assert assess(p, m, Q1).rag is Rag.RED


def test_a_band_measure_uses_a_quarters_own_band_before_the_years():
    m = measure("5D8", polarity=Polarity.BAND, unit=Unit.NUMBER, tolerance_text="0")
    p = plan(
        [m],
        [target("5D8", "2019/20", 0, 1), target("5D8", "2019/20 Q2", 3, 5)],
        [observation("5D8", "2019/20 Q2", 4)],
    )
    assert assess(p, m, Q2).rag is Rag.GREEN


def test_a_plain_measure_has_no_band_top():
    m = measure()
    p = plan([m], [target("1A1", "2019/20", 50)], [observation("1A1", "2019/20 Q2", 60)])
    assert assess(p, m, Q2).target_upper is None
