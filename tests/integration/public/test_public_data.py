"""The public downloads reproduce the published headline: ``docs/public-data.md``'s recipe,
followed step by step on the CSV the public address serves (with the csv module alone), gives
the sentences the public page publishes, for the demonstration council and for a small plan."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from councilstat.web.plans.models import Plan
from tests.integration import factories

RATED = ("green", "amber", "red")
COMPARABLE = ("improving", "no change", "worsening")


@pytest.fixture(autouse=True)
def empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def percent(count: int, total: int) -> int:
    """Step 5: a whole number, rounded half up."""
    return (200 * count + total) // (2 * total)


def quarter_name(period: str, shown: str) -> str:
    """Step 6: ``Quarter 1``, or ``Quarter 4 of 2018/19`` in the year before."""
    year, quarter = period.split(" Q")
    return f"Quarter {quarter}" if shown.startswith(year) else f"Quarter {quarter} of {year}"


def measures(count: int) -> str:
    return f"{count} measure{'' if count == 1 else 's'}"


def recipe(text: str) -> list[str]:
    """The headline recomputed from the CSV by docs/public-data.md's recipe, as sentences."""
    rows = list(csv.DictReader(io.StringIO(text)))
    quarters = [row for row in rows if row["row_type"] == "quarter"]  # step 1
    shown = max(row["period"] for row in quarters)  # step 2
    before = next(row["period"] for row in quarters if row["period"] != shown)

    def counts(period: str) -> dict[str, int]:  # steps 3 and 4
        chosen = [row for row in quarters if row["period"] == period]
        ratings = [row["rating"] for row in chosen]
        directions = [row["direction"] for row in chosen]
        return {
            "rated": sum(r in RATED for r in ratings),
            "met": ratings.count("green"),
            "amber": ratings.count("amber"),
            "red": ratings.count("red"),
            "comparable": sum(d in COMPARABLE for d in directions),
            "positive": directions.count("improving"),
        }

    now, then = counts(shown), counts(before)
    name = quarter_name(before, shown)
    return [  # step 6
        f"Of the {now['rated']} measures with data and a target this quarter, {now['met']} "
        f"({percent(now['met'], now['rated'])}%) met or exceeded their target, compared with "
        f"{percent(then['met'], then['rated'])}% in {name}.",
        f"{measures(now['met'])} {'was' if now['met'] == 1 else 'were'} on target (green), "
        f"{now['amber']} within tolerance "
        f"(amber) and {now['red']} off target (red).",
        f"The direction of travel was positive for {now['positive']} "
        f"({percent(now['positive'], now['comparable'])}%) of the {now['comparable']} measures "
        f"with a comparable previous value, compared with "
        f"{percent(then['positive'], then['comparable'])}% in {name}.",
    ]


def published_sentences(client, org_id: int) -> list[str]:
    page = client.get(reverse("public:glance", args=[org_id])).content.decode()
    return [html.unescape(p) for p in re.findall(r'<p class="govuk-body">([^<]*)</p>', page)]


def public_csv(client, org_id: int) -> str:
    response = client.get(reverse("public:data_csv", args=[org_id]))
    assert response.status_code == 200
    return response.content.decode("utf-8")


def test_the_recipe_recomputes_the_demo_headline(client, demo_plan: Plan):
    org_id = demo_plan.organisation_id
    recomputed = recipe(public_csv(client, org_id))
    published = published_sentences(client, org_id)
    for sentence in recomputed:
        assert sentence in published
    assert recomputed[0] == (
        "Of the 54 measures with data and a target this quarter, 28 (52%) met or exceeded their "
        "target, compared with 55% in Quarter 1."
    )
    assert recomputed[2].startswith("The direction of travel was positive for 30 (56%)")
    assert recomputed[2].endswith("compared with 53% in Quarter 1.")
    # The JSON carries the same ratings, measure by measure.
    data = json.loads(client.get(reverse("public:data_json", args=[org_id])).content)
    shown = [m["quarters"][-1] for m in data["measures"] if m["quarters"]]
    assert all(q["period"] == data["latest_quarter"] == "2019/20 Q2" for q in shown)
    assert sum(q["rating"] == "green" for q in shown) == 28
    assert sum(q["direction"] == "improving" for q in shown) == 30
    assert all(m["tolerance"] for m in data["measures"])


@pytest.fixture
def small_plan(council):
    """The council's two measures and four more, of every kind the headline counts: green,
    amber and red; lower is better; no target (not rated); no previous value (no direction);
    monthly with a quarter's mean; with 2019/20 Q2 published."""
    plan = council.plan
    factories.observation(council.measure, "2019/20 Q2", 85)  # green, improving from 70
    factories.observation(council.other_measure, "2019/20 Q2", 77)  # amber (5% of 80)
    lower = factories.measure(plan, "1A2", polarity="lower", unit="number", tolerance="1")
    factories.target(lower, "2019/20", 10)
    factories.observation(lower, "2019/20 Q1", 12)
    factories.observation(lower, "2019/20 Q2", 10.5)  # amber, improving
    untargeted = factories.measure(plan, "1A3")
    factories.observation(untargeted, "2019/20 Q1", 50)
    factories.observation(untargeted, "2019/20 Q2", 45)  # not rated, worsening
    new = factories.measure(plan, "2A1", priority_code="2", outcome_code="2.A")
    factories.target(new, "2019/20", 40)
    factories.observation(new, "2019/20 Q2", 30)  # red, no comparable previous value
    monthly = factories.measure(
        plan, "2A2", frequency="monthly", priority_code="2", outcome_code="2.A", tolerance="2"
    )
    monthly.aggregation = "mean"
    monthly.save()
    factories.target(monthly, "2019/20", 70)
    for month, value in {"2019-04": 71, "2019-05": 73, "2019-06": 72,
                         "2019-07": 66, "2019-08": 69, "2019-09": 64}.items():  # fmt: skip
        factories.observation(monthly, month, value)  # Q2 mean 66.3: red, worsening
    # Quarter 4 of 2018/19, so that Quarter 1 has directions of travel too.
    factories.observation(council.measure, "2018/19 Q4", 72)  # Q1's 70: worsening
    for month in ("2019-01", "2019-02", "2019-03"):
        factories.observation(monthly, month, 70)  # Q1's mean 72: improving
    plan.returns.filter(period="2019/20 Q2").update(
        published_at=timezone.make_aware(dt.datetime(2019, 11, 1, 12))
    )
    return council


def test_the_recipe_recomputes_a_small_plans_headline(client, small_plan):
    org_id = small_plan.plan.organisation_id
    text = public_csv(client, org_id)
    recomputed = recipe(text)
    published = published_sentences(client, org_id)
    for sentence in recomputed:
        assert sentence in published
    assert recomputed == [
        "Of the 5 measures with data and a target this quarter, 1 (20%) met or exceeded their "
        "target, compared with 25% in Quarter 1.",
        "1 measure was on target (green), 2 within tolerance (amber) and 2 off target (red).",
        "The direction of travel was positive for 3 (60%) of the 5 measures with a comparable "
        "previous value, compared with 50% in Quarter 1.",
    ]
    rows = {
        (r["measure"], r["row_type"], r["period"]): r for r in csv.DictReader(io.StringIO(text))
    }
    monthly = rows[("2A2", "quarter", "2019/20 Q2")]
    assert (monthly["rating"], monthly["direction"], monthly["tolerance"]) == (
        "red",
        "worsening",
        "2",
    )
    assert monthly["previous_period"] == "2019-06"  # the last month of the quarter before
    assert rows[("2A1", "quarter", "2019/20 Q2")]["direction"] == "not available"
    assert rows[("1A3", "quarter", "2019/20 Q2")]["rating"] == "not rated"
    assert rows[("1A2", "quarter", "2019/20 Q2")]["previous_value"] == "12"
    assert rows[("1A1", "value", "2019/20 Q2")]["tolerance"] == "5%"
    assert ("2A2", "value", "2019-09") in rows
