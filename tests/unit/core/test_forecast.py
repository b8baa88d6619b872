from dataclasses import replace
from decimal import Decimal as D

import pytest

from councilstat.core.forecast import ForecastMethod, forecast_year_end
from councilstat.core.periods import Quarter
from councilstat.core.plan import Frequency, Polarity, Unit
from councilstat.core.rating import Rag
from tests.factories import measure, observation, plan, target

Q2 = Quarter(2019, 2)


def collection_rate():
    """A year-to-date collection rate with two earlier years' September and March figures."""
    m = measure("5A1", frequency=Frequency.MONTHLY, tolerance_text="1")
    m = replace(m, cumulative=True)
    observations = [
        observation("5A1", "2017-09", "56"),
        observation("5A1", "2018-03", "98"),
        observation("5A1", "2018-09", "55"),
        observation("5A1", "2019-03", "96.25"),
        observation("5A1", "2019-08", "46"),
        observation("5A1", "2019-09", "54"),
    ]
    return m, plan([m], [target("5A1", "2019/20", 97)], observations)


def test_cumulative_measure_projects_from_the_same_point_of_earlier_years():
    m, p = collection_rate()
    forecast = forecast_year_end(p, m, Q2)
    assert forecast.method is ForecastMethod.SAME_POINT_LAST_YEAR
    assert forecast.value == D("94.5")  # 54 x 96.25 / 55, last year's profile
    # 54 x 98 / 56 = 94.5 too, but the years agreeing is no certainty: 54 is a whole number,
    # so it stands for 53.5 to 54.5, which projects to 93.625 to 95.375.
    assert (forecast.low, forecast.high) == (D("93.625"), D("95.375"))
    assert forecast.target == D(97)
    assert forecast.rag is Rag.RED  # 2.5 points short with a 1-point tolerance
    assert "2018/19, 2017/18" in forecast.basis


def test_cumulative_without_an_earlier_profile_has_no_forecast():
    m, p = collection_rate()
    bare = plan([m], [], [o for o in p.observations if o.period.financial_year.year == 2019])
    assert forecast_year_end(bare, m, Q2) is None


def test_trend_forecast_with_a_prediction_range():
    m = measure("1A8", frequency=Frequency.MONTHLY)
    values = {
        "2019-04": 70,
        "2019-05": 71,
        "2019-06": 73,
        "2019-07": 73,
        "2019-08": 75,
        "2019-09": 76,
    }
    p = plan(
        [m], [target("1A8", "2019/20", 80)], [observation("1A8", k, v) for k, v in values.items()]
    )
    forecast = forecast_year_end(p, m, Q2)
    assert forecast.method is ForecastMethod.TREND
    # slope 1.2 per month through the mean 73 at month 2.5: March (month 11) is 73 + 1.2 x 8.5
    assert float(forecast.value) == pytest.approx(83.2)
    assert forecast.low < forecast.value < forecast.high
    assert forecast.rag is Rag.GREEN


def test_two_values_alone_give_a_trend_with_neither_range_nor_rating_and_say_why():
    m = measure("5D7")
    p = plan(
        [m],
        [target("5D7", "2019/20", 95)],
        [observation("5D7", "2019/20 Q1", 60), observation("5D7", "2019/20 Q2", 90)],
    )
    forecast = forecast_year_end(p, m, Q2)
    assert forecast.value == D(100)  # 150 by the line, but a percentage stops at 100
    assert (forecast.low, forecast.high, forecast.rag) == (None, None, None)
    assert "no range or rating" in forecast.basis
    assert "earlier" in forecast.basis


def test_two_values_take_their_range_from_the_measures_earlier_scatter():
    m = measure("5D7")
    earlier = {"2018/19 Q1": 60, "2018/19 Q2": 64, "2018/19 Q3": 61, "2018/19 Q4": 65}
    p = plan(
        [m],
        [target("5D7", "2019/20", 80)],
        [
            *(observation("5D7", k, v) for k, v in earlier.items()),
            observation("5D7", "2019/20 Q1", 66),
            observation("5D7", "2019/20 Q2", 70),
        ],
    )
    forecast = forecast_year_end(p, m, Q2)
    assert float(forecast.value) == pytest.approx(78)  # 66, 70, 74, 78
    assert forecast.low < forecast.value < forecast.high
    assert forecast.rag is Rag.AMBER  # 2 short of 80 with a 5% (4) tolerance
    assert "earlier" in forecast.basis


def test_a_perfect_line_still_has_a_range_as_wide_as_its_figures_precision():
    m = measure("1A8", frequency=Frequency.MONTHLY, unit=Unit.NUMBER)
    months = ["2019-04", "2019-05", "2019-06", "2019-07", "2019-08", "2019-09"]
    p = plan([m], [], [observation("1A8", k, 70 + i) for i, k in enumerate(months)])
    forecast = forecast_year_end(p, m, Q2)
    assert forecast.value == D(81)
    # Whole numbers each stand for a range one unit wide: the forecast cannot be surer than that.
    assert forecast.high - forecast.low >= 1
    assert forecast.low < forecast.value < forecast.high


def test_one_earlier_profile_gives_a_forecast_with_neither_range_nor_rating():
    m, p = collection_rate()
    one_year = plan(
        [m],
        list(p.targets),
        [o for o in p.observations if o.period.financial_year.year != 2017],
    )
    forecast = forecast_year_end(one_year, m, Q2)
    assert forecast.value == D("94.5")
    assert (forecast.low, forecast.high, forecast.rag) == (None, None, None)
    assert "no range or rating" in forecast.basis


def test_no_forecast_for_a_finished_year_an_annual_measure_or_no_data():
    m = measure("Q", unit=Unit.NUMBER, polarity=Polarity.LOWER)
    p = plan([m], [], [observation("Q", f"2019/20 Q{n}", n) for n in range(1, 5)])
    assert forecast_year_end(p, m, Quarter(2019, 4)) is None
    assert forecast_year_end(p, m, Quarter(2020, 1)) is None
    annual = measure("A", frequency=Frequency.ANNUAL)
    assert (
        forecast_year_end(plan([annual], [], [observation("A", "2018/19", 5)]), annual, Q2) is None
    )


def test_forecast_ignores_data_after_the_quarter():
    m = measure("1A8", frequency=Frequency.MONTHLY)
    observations = [
        observation("1A8", "2019-08", 70),
        observation("1A8", "2019-09", 72),
        observation("1A8", "2019-10", 10),
    ]
    forecast = forecast_year_end(plan([m], [], observations), m, Q2)
    assert float(forecast.value) == pytest.approx(72 + 2 * 6)


def test_the_precision_of_a_series_does_not_depend_on_how_a_store_pads_it():
    m, p = collection_rate()
    padded = plan(
        [m],
        list(p.targets),
        [replace(o, value=o.value.quantize(D("0.000001"))) for o in p.observations],
    )
    as_written, as_stored = forecast_year_end(p, m, Q2), forecast_year_end(padded, m, Q2)
    assert (as_stored.low, as_stored.high) == (as_written.low, as_written.high)
