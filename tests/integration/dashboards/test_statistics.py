"""The statistics on the dashboards: SPC icons and charts, intervals, small numbers,
significance and year-end forecasts on the demo's pages, the user guide they link to, and who
sees the performance team's links."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal as D

import pytest
from django.urls import reverse

from councilstat.core.assessment import Assessment, QuarterValue
from councilstat.core.forecast import Forecast, ForecastMethod
from councilstat.core.intervals import TargetPosition
from councilstat.core.measure_statistics import MeasureStatistics, ValueInterval
from councilstat.core.periods import FinancialYear
from councilstat.core.plan import Frequency, Measure, Outcome, Polarity, Priority, Unit
from councilstat.core.rating import Direction, Rag
from councilstat.core.spc import Assurance, Variation
from councilstat.web.accounts.models import User
from councilstat.web.collection.models import Observation, Status
from councilstat.web.dashboards.templatetags.statistics import StatisticsView
from councilstat.web.plans.models import Plan
from tests.integration import factories
from tests.integration.dashboards.helpers import Q2, get_page, text_of, url

GUIDE_LINK = re.compile(r'<a class="govuk-link cs-spc-icon-link" href="([^"#]+)#([^"]+)"><svg ')


@pytest.fixture
def demo(demo_plan) -> tuple[Plan, User]:
    return demo_plan, User.objects.get(username="performance")


def guide_ids(client, user: User) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', get_page(client, user, reverse("dashboards:guide"))))


# The measure page ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "forecast", "rag", "target"),
    [
        ("5A1", "95.0% (range 94.7% to 95.1%)", "red", "97.0%"),
        ("5A2", "96.0% (range 95.9% to 96.2%)", "red", "98.0%"),
        ("5D7", "82.0%", "red", "95.0%"),
    ],
)
def test_the_year_end_forecast_sits_beside_the_current_status(
    client, demo, code, forecast, rag, target
):
    plan, performance = demo
    html = get_page(client, performance, url("measure", plan, code))
    words = text_of(html)
    assert "Now (2019/20 Q2)" in words
    assert f"Year-end forecast (2019/20) {forecast}" in words
    assert f"against the year-end target of {target}" in words
    assert "Based on " in words
    column = html[html.index("Year-end forecast (2019/20)") :]
    assert f"cs-rag--{rag}" in column[: column.index("against the year-end target")]


def test_the_overviews_forecast_column_shows_the_year_end_target_not_the_quarters(client, demo):
    """5A1 is year-to-date: its Q2 target is September's point of the profile (56.2%), while
    the forecast is for the year's end, so the target beside the forecast is the year's, 97%."""
    plan, performance = demo
    html = get_page(client, performance, url("overview", plan))
    row = html[html.index('href="' + url("measure", plan, "5A1") + '"') :]
    cells = [
        text_of(cell)
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row[: row.index("</tr>")], re.DOTALL)
    ]
    target, forecast = cells[0], cells[-1]
    assert target == "56.2%"  # the quarter's target, in the Target column
    assert forecast.replace("&nbsp;", " ").startswith("95.0% year-end target 97.0%"), forecast


def test_a_year_to_date_measure_keeps_its_trend_chart_and_forecasts_from_last_year(client, demo):
    plan, performance = demo
    html = get_page(client, performance, url("measure", plan, "5A1"))
    words = text_of(html)
    assert "No SPC chart: a year-to-date figure" in words
    assert "Show the chart's data" not in words
    assert '<h2 class="govuk-heading-m">Trend</h2>' in html
    assert "figure projected by the share of the year-end reached at the same point" in words


def test_a_small_sample_shows_its_interval_and_the_small_number_warning(client, demo):
    plan, performance = demo
    html = get_page(client, performance, url("measure", plan, "1A4"))
    words = text_of(html)
    assert re.search(r"\d+\.\d% \(95% interval 60\.0% to 92\.3%\)", words)
    assert "The interval includes the target of 90.0%" in words
    warning = re.search(r'<div class="govuk-warning-text">(.*?)</div>', html, re.S)
    assert warning is not None
    assert (
        "Small numbers: based on 21 cases; a change of one case moves this figure by about "
        "5 percentage points." in text_of(warning.group(1))
    )
    assert re.search(r"(Improving|Worsening) ?, not significant", words)


def test_a_measure_with_history_shows_its_spc_chart_data_and_linked_icons(client, demo):
    plan, performance = demo
    html = get_page(client, performance, url("measure", plan, "1A8"))
    words = text_of(html)
    chart = re.search(r'<svg[^>]*role="img" aria-labelledby="(spc-[0-9a-f]+)-title', html)
    assert chart is not None
    assert f'<title id="{chart.group(1)}-title">1A8 ' in html
    assert "Special cause: worsening for 11 months" in words
    details = html[html.index('<details class="govuk-details">') :]
    details = details[: details.index("</details>")]
    assert "Show the chart's data" in details
    assert "Upper process limit" in details
    assert details.count('<tr class="govuk-table__row">') == 31  # header and 30 months
    links = GUIDE_LINK.findall(html)
    fragments = {fragment for _, fragment in links}
    assert fragments == {"variation-concern_low", "assurance-inconsistent"}
    assert {address for address, _ in links} == {reverse("dashboards:guide")}
    assert fragments <= guide_ids(client, performance)


def test_the_performance_team_gets_the_audit_trail_and_restate_links(client, demo):
    plan, performance = demo
    address = url("measure", plan, "1A8")
    html = get_page(client, performance, address)
    audit = reverse("audit:measure", kwargs={"plan_id": plan.pk, "code": "1A8"})
    assert f'href="{audit}"' in html
    published = Observation.objects.filter(measure__plan=plan, measure__code="1A8").filter(
        status=Status.PUBLISHED
    )
    restate_links = re.findall(r'href="(/collect/observations/\d+/restate/)"', html)
    assert len(restate_links) == published.count() > 0
    assert reverse("collection:restate", args=[published.first().pk]) in restate_links

    for username in ("councillor", "owner", "director"):
        other = User.objects.get(username=username)
        seen = get_page(client, other, address)
        assert f'href="{audit}"' not in seen
        assert "/restate/" not in seen


# The tables ------------------------------------------------------------------------------


def test_the_overview_lists_every_measure_with_its_icons_and_forecast(client, demo):
    plan, performance = demo
    html = get_page(client, performance, url("overview", plan))
    words = text_of(html)
    assert "Every measure" in words
    assert html.count(f'href="{url("measure", plan, "1A1")}"') == 1
    icons = GUIDE_LINK.findall(html)
    assert len(icons) > 69  # most measures have both icons
    assert 'width="24" height="24" role="img" aria-label="Special cause' in html
    assert set(fragment for _, fragment in icons) <= guide_ids(client, performance)
    every_guide_link = re.findall(rf'href="{reverse("dashboards:guide")}#([^"]+)"', html)
    assert set(every_guide_link) <= guide_ids(client, performance)
    assert "trial-limits" in every_guide_link  # the quarterly measures' provisional limits
    assert "Small numbers: 21&nbsp;cases" in html
    assert "not significant" in words


@pytest.mark.parametrize("page", ["priority", "outcome"])
def test_the_priority_and_outcome_tables_show_the_statistics(client, demo, page):
    plan, performance = demo
    code = "1" if page == "priority" else "1.A"
    html = get_page(client, performance, url(page, plan, code))
    words = text_of(html)
    assert "Variation and assurance" in words
    assert "Year-end forecast" in words
    assert GUIDE_LINK.search(html)
    assert "Small numbers: 21&nbsp;cases" in html  # 1A4


def test_each_exception_has_its_readings_and_forecast(client, demo):
    plan, performance = demo
    html = get_page(client, performance, url("exceptions", plan))
    cards = html.split('<div class="govuk-summary-card">')[1:]
    assert len(cards) == 18
    for card in cards:
        words = text_of(card)
        assert "Year-end forecast" in words
        assert "Variation and assurance" in words or "No SPC chart" in words
        assert re.search(r"Special cause|Common cause|No SPC chart", words), words[:80]
    assert "Target consistently missed at current performance" in text_of(html)


# The user guide --------------------------------------------------------------------------


def test_the_guide_explains_every_icon_and_rule(client, demo):
    _, performance = demo
    html = get_page(client, performance, reverse("dashboards:guide"))
    ids = guide_ids(client, performance)
    assert {f"variation-{v.value}" for v in Variation} <= ids
    assert {f"assurance-{a.value}" for a in Assurance} <= ids
    assert {"rules", "common-cause", "intervals", "small-numbers", "not-significant"} <= ids
    assert "forecasts" in ids
    words = text_of(html)
    for rule in (
        "A point outside the limits",
        "A trend of 7 points",
        "Two out of three",
        "A shift",
    ):
        assert rule in words
    assert "fewer than 30 cases" in words
    assert html.count('role="img"') == len(Variation) + len(Assurance)


def test_a_councillor_can_read_the_guide_and_a_stranger_is_sent_to_sign_in(client, council):
    assert "Understanding the statistics" in get_page(
        client, council.councillor, reverse("dashboards:guide")
    )
    client.logout()
    response = client.get(reverse("dashboards:guide"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# A small council: significance, and no statistics without data ----------------------------


def test_a_change_within_the_noise_is_marked_not_significant(client, council):
    factories.observation(council.measure, "2019/20 Q2", "75", numerator=15, denominator=20)
    Observation.objects.filter(measure=council.measure, period="2019/20 Q1").update(
        numerator=14, denominator=20
    )
    for page in ("measure", "priority"):
        code = council.measure.code if page == "measure" else "1"
        words = text_of(get_page(client, council.performance, url(page, council.plan, code)))
        assert "not significant" in words, page
    words = text_of(
        get_page(client, council.performance, url("measure", council.plan, council.measure.code))
    )
    assert re.search(r"Improving ?, not significant", words)
    assert "Small numbers: based on 20 cases" in words
    assert "75.0% (95% interval" in words


def test_a_measure_with_one_value_has_a_trend_chart_and_no_icons(client, council):
    html = get_page(
        client, council.performance, url("measure", council.plan, council.measure.code, Q2)
    )
    assert "Show the chart's data" not in html
    assert not GUIDE_LINK.search(html)
    assert '<h2 class="govuk-heading-m">Trend</h2>' in html


# The words, from core's values (no database) ----------------------------------------------


def view(
    *,
    unit: Unit = Unit.PERCENT,
    polarity: Polarity = Polarity.HIGHER,
    value: str = "95.7",
    interval: ValueInterval | None = None,
    forecast: Forecast | None = None,
    direction: Direction | None = Direction.IMPROVING,
    significant: bool | None = None,
) -> StatisticsView:
    measure = Measure(
        code="1A4",
        title="Families rating Early Help good",
        priority=Priority("1", "Children"),
        outcome=Outcome("1.A", "Safe", "1"),
        unit=unit,
        polarity=polarity,
        frequency=Frequency.QUARTERLY,
    )
    current = QuarterValue(D(value), Q2, ())
    assessment = Assessment(measure, Q2, current, None, D(90), None, direction, None)
    statistics = MeasureStatistics(None, (), interval, significant, forecast)
    return StatisticsView(assessment, statistics)


def test_the_interval_and_small_numbers_in_words():
    small = ValueInterval(79.00884, 99.22833, 23.0, True, TargetPosition.STRADDLES, 100 / 23)
    words = view(interval=small)
    assert words.interval == "95.7% (95% interval 79.0% to 99.2%)"
    assert words.small_numbers == (
        "Small numbers: based on 23 cases; a change of one case moves this figure by about "
        "4 percentage points."
    )
    assert words.target_position.startswith("The interval includes the target of 90.0%")
    below = ValueInterval(60.0, 80.0, 300.0, False, TargetPosition.BELOW, 100 / 300)
    assert view(interval=below).small_numbers == ""
    assert view(interval=below).target_position.endswith(
        "worse than the target beyond the play of chance."
    )
    assert view(polarity=Polarity.LOWER, interval=below).target_position.endswith(
        "better than the target beyond the play of chance."
    )
    assert view(polarity=Polarity.NONE, interval=below).target_position == (
        "The whole interval lies below the target of 90.0%."
    )
    assert view().interval == view().small_numbers == view().target_position == ""


def test_significance_is_said_only_of_a_change():
    assert view(significant=False).not_significant
    assert view(significant=False).significance.startswith("Not significant")
    assert view(significant=True).significance.startswith("Significant")
    assert not view(significant=False, direction=Direction.NO_CHANGE).not_significant
    assert view(significant=None).significance == ""


def test_a_forecast_of_a_count_is_shown_as_precisely_as_the_counts():
    forecast = Forecast(
        year=FinancialYear(2019),
        value=D("661.114286"),
        low=D("649.368915"),
        high=D("672.859657"),
        method=ForecastMethod.TREND,
        target=D(550),
        rag=Rag.RED,
        basis="the straight-line trend of the 6 values so far this year",
    )
    words = view(unit=Unit.NUMBER, polarity=Polarity.LOWER, value="645", forecast=forecast)
    assert words.forecast_value == "661 (range 649 to 673)"
    assert words.forecast_rag == "red"
    assert words.forecast_target == "against the year-end target of 550"
    assert words.forecast_basis.startswith(
        "Based on the straight-line trend of the 6 values so far this year. The range is an "
        "80% prediction interval"
    )
    unrated = replace(forecast, target=None, rag=None, low=None, high=None)
    words = view(unit=Unit.NUMBER, value="645", forecast=unrated)
    assert words.forecast_value == "661"
    assert words.forecast_target == "(no year-end target is set)"
    assert words.forecast_basis.endswith("There is too little data for a range.")
