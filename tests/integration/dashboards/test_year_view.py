"""The year view: a financial year's summary on the web, from core's year summaries (as
``councilstat summary PLAN --period 2022/23``), on a small annual plan built here."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from councilstat.core.periods import FinancialYear, Quarter
from councilstat.web.accounts.models import Role
from councilstat.web.collection.models import Status
from tests.integration import factories
from tests.integration.dashboards.helpers import get_page, text_of

YEAR = FinancialYear(2022)


@pytest.fixture
def annual(db):
    """Three annual measures with 2021/22 and 2022/23 values: one met and improving, one unit
    cost missed and worsening (money to the penny), one new this year (no previous value)."""
    org = factories.organisation("Annual Borough Council")
    performance = factories.user(org, Role.PERFORMANCE)
    plan = factories.plan(org, title="Annual Plan 2022-23", year=2022)
    rate = factories.measure(plan, "A1", frequency="annual")
    cost = factories.measure(
        plan, "A2", frequency="annual", unit="currency", polarity="lower", outcome_code="1.B"
    )
    new = factories.measure(
        plan, "A3", frequency="annual", unit="number", priority_code="2", outcome_code="2.A"
    )
    for year, value in (("2021/22", 75), ("2022/23", 82)):
        factories.target(rate, year, 80)
        factories.observation(rate, year, value)
    factories.target(cost, "2022/23", 3)
    factories.observation(cost, "2021/22", "4.10")
    factories.observation(cost, "2022/23", "4.64")
    factories.target(new, "2022/23", 500)
    factories.observation(new, "2022/23", 561)
    return plan, performance


def year_url(plan, year=YEAR) -> str:
    return reverse("dashboards:year", args=[plan.pk, year])


def test_the_year_url_reads_a_financial_year():
    assert reverse("dashboards:year", args=[7, YEAR]) == "/plans/7/years/2022-23/"


def test_the_year_page_rates_each_measure_for_the_year_against_the_year_before(client, annual):
    plan, performance = annual
    factories.period_return(plan, "2022/23 Q4", published_at=dt.datetime(2023, 5, 1, tzinfo=dt.UTC))
    html = get_page(client, performance, year_url(plan))
    words = text_of(html)
    assert "Performance for the year 2022/23" in words
    assert "Provisional" not in words
    # The headline names the years and compares year with year.
    assert "for 2022/23" in words
    assert "Of the 3 measures with data and a target this year, 2 (67%) met or exceeded" in words
    assert "The direction of travel was positive for 1 (50%) of the 2 measures" in words
    assert "compared with 0% in 2021/22." in words
    assert "with a comparable previous value; none had one in 2021/22." in words
    rows = {
        code: text_of(row.replace("&nbsp;", " "))
        for code, row in re.findall(r">(A\d)</a>(.*?)</tr>", html, flags=re.DOTALL)
    }
    assert rows["A1"].split()[:6] == ["Measure", "A1", "80.0%", "75.0%", "for", "2021/22"]
    assert "82.0% for 2022/23 On target" in rows["A1"]
    assert "Improving" in rows["A1"]
    assert "£3.00 £4.10 for 2021/22 £4.64 for 2022/23 Off target" in rows["A2"]
    assert "Worsening" in rows["A2"]
    assert "561 for 2022/23" in rows["A3"]
    assert "Not available" in rows["A3"]


def test_a_year_whose_last_quarter_is_unpublished_is_provisional(client, annual):
    plan, performance = annual
    words = text_of(get_page(client, performance, year_url(plan)))
    assert "Performance for the year 2022/23 Provisional" in words


def test_the_overview_links_to_its_years_page_and_back(client, annual):
    plan, performance = annual
    overview = reverse("dashboards:overview", args=[plan.pk, Quarter(2022, 2)])
    html = get_page(client, performance, overview)
    assert f'href="{year_url(plan)}"' in html
    year_page = get_page(client, performance, year_url(plan))
    assert reverse("dashboards:overview", args=[plan.pk, Quarter(2022, 4)]) in year_page
    assert f'href="{year_url(plan, FinancialYear(2021))}"' in year_page


def test_a_value_not_yet_approved_is_not_shown_to_a_councillor(client, annual):
    plan, _ = annual
    councillor = factories.user(plan.organisation, Role.COUNCILLOR)
    cost = plan.measures.get(code="A2")
    cost.observations.filter(period="2022/23").update(status=Status.DRAFT, reported_value=None)
    words = text_of(get_page(client, councillor, year_url(plan)))
    assert "£4.64" not in words


def test_a_bad_year_is_not_found(client, annual):
    plan, performance = annual
    client.force_login(performance)
    assert client.get(f"/plans/{plan.pk}/years/2022-24/").status_code == 404
    assert client.get(f"/plans/{plan.pk}/years/2022-2/").status_code == 404
