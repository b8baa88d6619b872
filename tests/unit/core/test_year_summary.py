"""A summary for a financial year: each measure's value for the year against the year's target,
compared with the year before (`docs/rules.md`)."""

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from councilstat.core.assessment import NotRated, assess_year, year_value
from councilstat.core.narrative import headline
from councilstat.core.periods import FinancialYear, Month, Quarter
from councilstat.core.plan import Aggregation, Frequency, Polarity, Unit
from councilstat.core.rating import Direction, Rag
from councilstat.core.summary import summarise
from tests.factories import measure, observation, plan, target

Y2018, Y2019 = FinancialYear(2018), FinancialYear(2019)


def _annual_plan():
    """Three annual measures rated for 2018/19 and 2019/20."""
    measures = [measure(code, frequency=Frequency.ANNUAL) for code in ("A", "B", "C")]
    targets = [
        target(code, year, 50) for code in ("A", "B", "C") for year in ("2018/19", "2019/20")
    ]
    observations = [
        observation("A", "2018/19", 40),
        observation("A", "2019/20", 55),  # green, improving
        observation("B", "2018/19", 60),
        observation("B", "2019/20", 45),  # red, worsening
        observation("C", "2018/19", 52),
        observation("C", "2019/20", 52),  # green, no change
    ]
    return plan(measures, targets, observations)


def test_an_annual_plan_is_rated_and_compared_year_on_year():
    summary = summarise(_annual_plan(), Y2019)
    c, p = summary.current, summary.previous
    assert summary.period == Y2019
    assert summary.previous_period == Y2018
    assert (c.assessed, c.green, c.amber, c.red) == (3, 2, 0, 1)
    assert (c.direction_assessed, c.improving, c.no_change, c.worsening) == (3, 1, 1, 1)
    assert (p.assessed, p.green, p.met_pct) == (3, 2, 67)


def test_the_years_sentences_name_the_years():
    sentences = headline(summarise(_annual_plan(), Y2019))
    assert sentences[0].endswith("for 2019/20.")
    assert sentences[1] == (
        "Of the 3 measures with data and a target this year, 2 (67%) met or exceeded their "
        "target, compared with 67% in 2018/19."
    )
    assert sentences[3] == (
        "The direction of travel was positive for 1 (33%) of the 3 measures with a comparable "
        "previous value; none had one in 2018/19."
    )


def test_a_quarterly_measure_rolls_up_over_the_year_by_its_aggregation():
    last = measure("L")
    mean = measure("M", aggregation=Aggregation.MEAN)
    summed = measure("S", unit=Unit.NUMBER, aggregation=Aggregation.SUM)
    quarters = ("2019/20 Q1", "2019/20 Q2", "2019/20 Q3", "2019/20 Q4")
    p = plan(
        [last, mean, summed],
        observations=[
            *(observation("L", q, v) for q, v in zip(quarters[:3], (10, 20, 30), strict=True)),
            *(observation("M", q, v) for q, v in zip(quarters[:2], (10, 20), strict=True)),
            *(observation("S", q, 5) for q in quarters),
        ],
    )
    assert year_value(p, last, Y2019).value == D(30)  # the latest quarter with data
    assert year_value(p, last, Y2019).period == Quarter(2019, 3)
    assert year_value(p, mean, Y2019).value == D(15)
    assert year_value(p, summed, Y2019).value == D(20)
    short = plan([summed], observations=[observation("S", q, 5) for q in quarters[:3]])
    assert year_value(short, summed, Y2019) is None  # a sum over part of the year is not the year's


def test_a_monthly_measure_rolls_up_over_the_years_months():
    summed = measure(
        "S", frequency=Frequency.MONTHLY, unit=Unit.NUMBER, aggregation=Aggregation.SUM
    )
    months = [str(m) for m in Y2019.months()]
    p = plan([summed], [target("S", "2019/20", 100)], [observation("S", m, 9) for m in months])
    result = assess_year(p, summed, Y2019)
    assert (result.value, result.target, result.rag) == (D(108), D(100), Rag.GREEN)


def test_a_year_to_date_measure_in_a_year_under_way_compares_with_the_same_point():
    m = measure("5A1", frequency=Frequency.MONTHLY, cumulative=True, tolerance_text="1")
    p = plan(
        [m],
        [target("5A1", "2019/20", 97), target("5A1", "2019-09", "56.2")],
        [
            observation("5A1", "2018-09", "56.0"),
            observation("5A1", "2019-03", "96.7"),
            observation("5A1", "2019-09", "55.6"),
        ],
    )
    result = assess_year(p, m, Y2019)
    assert result.current is not None
    assert result.current.period == Month(2019, 9)
    assert result.previous_value == D("56.0")  # September's, not last year's outturn
    assert result.direction is Direction.WORSENING
    assert (result.target, result.rag) == (D("56.2"), Rag.AMBER)  # the profile at that point


def test_reasons_for_not_rating_a_year():
    none = measure("N", polarity=Polarity.NONE, frequency=Frequency.ANNUAL)
    empty = measure("E", frequency=Frequency.ANNUAL)
    untargeted = measure("U", frequency=Frequency.ANNUAL)
    p = plan([none, empty, untargeted], observations=[observation("U", "2019/20", 3)])
    assert assess_year(p, none, Y2019).not_rated is NotRated.NO_POLARITY
    assert assess_year(p, empty, Y2019).not_rated is NotRated.NO_DATA
    assert assess_year(p, untargeted, Y2019).not_rated is NotRated.NO_TARGET


@given(st.lists(st.sampled_from([None, 40, 50, 60]), min_size=2, max_size=2), st.booleans())
def test_an_annual_measures_direction_is_the_same_in_the_fourth_quarter_and_the_year(values, lower):
    polarity = Polarity.LOWER if lower else Polarity.HIGHER
    m = measure("A", frequency=Frequency.ANNUAL, polarity=polarity)
    observations = [
        observation("A", year, v)
        for year, v in zip(("2018/19", "2019/20"), values, strict=True)
        if v is not None
    ]
    p = plan([m], [target("A", "2019/20", 50)], observations)
    by_year = assess_year(p, m, Y2019)
    by_quarter = summarise(p, Quarter(2019, 4)).assessments[0]
    assert (by_year.direction, by_year.rag) == (by_quarter.direction, by_quarter.rag)
