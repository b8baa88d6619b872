"""The dashboards: the demo's figures, what each role sees, scoping, filters and query counts."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from councilstat.core.periods import Quarter
from councilstat.web.accounts.models import Directorate, Role
from councilstat.web.collection.models import Observation, PeriodReturn, Status
from councilstat.web.collection.selectors import MeasureFilters
from councilstat.web.dashboards.selectors import forget_figures, quarter_figures
from councilstat.web.plans.models import Measure, Plan, Target
from tests.integration import factories
from tests.integration.dashboards.helpers import get_page, text_of, url

PAGES = ("overview", "exceptions", "priority", "outcome", "measure")


def page_urls(plan: Plan, measure: Measure) -> dict[str, str]:
    outcome = measure.outcome
    return {
        "overview": url("overview", plan),
        "exceptions": url("exceptions", plan),
        "priority": url("priority", plan, outcome.priority.code),
        "outcome": url("outcome", plan, outcome.code),
        "measure": url("measure", plan, measure.code),
    }


# The demonstration council ---------------------------------------------------------------


@pytest.fixture
def demo(demo_plan):
    from councilstat.web.accounts.models import User

    return demo_plan, User.objects.get(username="performance")


def test_the_demo_overview_shows_the_fixed_figures(client, demo):
    plan, performance = demo
    words = text_of(get_page(client, performance, url("overview", plan)))
    assert "28 (52%)" in words
    assert "compared with 55% in Quarter 1" in words
    assert "30 (56%)" in words
    assert "Of the 54 measures with data and a target this quarter, 28 (52%)" in words
    assert "Exceptions: the 18 measures off target" in words


def test_the_demo_exceptions_are_the_18_red_measures_under_the_5_priorities(client, demo):
    plan, performance = demo
    html = get_page(client, performance, url("exceptions", plan))
    assert html.count('class="govuk-summary-card"') == 18
    # Each card's own rating (forecasts in the cards carry RAG tags of their own).
    assert len(re.findall(r"</h3>\s*<strong class=\"govuk-tag cs-rag cs-rag--red\"", html)) == 18
    assert len(re.findall(r'<h2 class="govuk-heading-m" id="priority-\d+">', html)) == 5
    assert "18 measures were off target (red) in 2019/20 Q2, in 5 of 5 priorities" in text_of(html)


def test_the_start_page_puts_the_latest_published_quarter_one_click_away(client, demo):
    plan, performance = demo
    html = get_page(client, performance, reverse("dashboards:home"))
    start = re.search(r'<a href="([^"]+)" role="button"[^>]*govuk-button--start', html)
    assert start is not None
    assert start.group(1) == url("overview", plan)
    assert "View the 2019/20 Q2 overview" in html
    assert url("overview", plan, quarter=Quarter(2019, 3)) in html  # a recent quarter


def test_the_measure_page_shows_the_latest_data_after_the_quarter(client, demo):
    plan, performance = demo
    html = get_page(client, performance, url("measure", plan, "1A8"))
    words = text_of(html)
    assert "Latest data: 79.3% at 2019-10 (as at 31 October 2019)" in words
    assert 'role="img"' in html
    assert "Every period's value and target" in words
    assert "and the target is 80.0%" in words  # the SPC chart's text summary


def test_the_priority_page_groups_its_measures_by_outcome(client, demo):
    plan, performance = demo
    html = get_page(client, performance, url("priority", plan, "1"))
    outcome_headings = re.findall(r'<h2 class="govuk-heading-m"><a [^>]*>(1\.[A-Z])', html)
    assert outcome_headings == sorted(outcome_headings)
    assert len(outcome_headings) >= 2
    assert url("measure", plan, "1A8") in html


def test_a_directorate_filter_recomputes_the_counts(client, demo):
    plan, performance = demo
    directorate = Directorate.objects.get(name="Assistant Chief Executive")
    mine = Measure.objects.filter(plan=plan, directorate=directorate).count()
    words = text_of(
        get_page(client, performance, url("overview", plan), directorate=directorate.pk)
    )
    assert "28 (52%)" not in words
    assert f"and {mine} measures for Quarter 2 of 2019/20" in words
    assert f"In the plan {mine} " in words
    assert "Showing only the measures of the Assistant Chief Executive directorate" in words


# Scoping and roles -----------------------------------------------------------------------


def test_signed_out_people_are_sent_to_sign_in(client, council):
    for address in [reverse("dashboards:home"), *page_urls(council.plan, council.measure).values()]:
        response = client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_a_user_without_a_role_is_refused(client, council):
    nobody = factories.user(council.plan.organisation, Role.COUNCILLOR)
    nobody.role = ""
    nobody.save()
    client.force_login(nobody)
    assert client.get(reverse("dashboards:home")).status_code == 403
    assert client.get(url("overview", council.plan)).status_code == 403


def test_another_organisations_plan_is_not_found(client, council):
    other = factories.organisation("Elsewhere Council")
    outsider = factories.user(other, Role.PERFORMANCE)
    client.force_login(outsider)
    for address in page_urls(council.plan, council.measure).values():
        assert client.get(address).status_code == 404, address
    assert council.plan.title not in client.get(reverse("dashboards:home")).content.decode()


@pytest.mark.parametrize("name", ["measure", "priority", "outcome"])
def test_an_unknown_code_is_not_found(client, council, name):
    client.force_login(council.performance)
    assert client.get(url(name, council.plan, "NOPE")).status_code == 404


def test_councillors_see_only_published_values_until_the_quarter_is_opened(client, council):
    factories.observation(
        council.measure, "2019/20 Q2", "91.5", status=Status.SUBMITTED, commentary="Draft note"
    )
    measure_page = url("measure", council.plan, council.measure.code)
    html = get_page(client, council.councillor, measure_page)
    assert "91.5%" not in html
    assert "Draft note" not in html
    assert "70.0%" in html  # the published Q1 value
    assert "91.5%" not in get_page(client, council.performance, measure_page)  # not approved

    PeriodReturn.objects.filter(plan=council.plan).update(opened_to_members=True)
    assert "91.5%" in get_page(client, council.councillor, measure_page)


def test_the_measure_page_marks_revised_values_and_lists_commentary(client, council):
    Observation.objects.filter(measure=council.measure).update(
        value=D("72"), commentary="Restated after a data cleanse"
    )
    words = text_of(
        get_page(client, council.performance, url("measure", council.plan, council.measure.code))
    )
    assert "Revised since reported: reported 70.0%, now 72.0%" in words
    assert "2019/20 Q1 Restated after a data cleanse" in words


# Filters ---------------------------------------------------------------------------------


@pytest.fixture
def rated_council(council):
    """Both measures rated in Q2: 1A1 (People) on target, 3B1 (Places) off target."""
    factories.observation(council.measure, "2019/20 Q2", 85)
    factories.observation(council.other_measure, "2019/20 Q2", 60)
    return council


def test_filters_by_directorate_and_owner(client, rated_council):
    council = rated_council
    people = council.measure.directorate
    overview = url("overview", council.plan)
    everything = text_of(get_page(client, council.performance, overview))
    assert "On target (green) of those rated 1 (50%)" in everything
    by_people = text_of(get_page(client, council.performance, overview, directorate=people.pk))
    assert "On target (green) of those rated 1 (100%)" in by_people
    by_owner = text_of(
        get_page(client, council.performance, overview, owner=council.other_owner.pk)
    )
    assert "On target (green) of those rated 0 (0%)" in by_owner
    exceptions = get_page(
        client, council.performance, url("exceptions", council.plan), directorate=people.pk
    )
    assert "3B1" not in exceptions


@pytest.mark.parametrize(
    "params",
    [
        {"directorate": "abc"},
        {"directorate": "999999"},
        {"owner": "1; drop table"},
        {"owner": ""},
        {"directorate": ["x", "y"]},
        {"owner": "-1"},
    ],
)
def test_unknown_filter_values_are_ignored(client, rated_council, params):
    words = text_of(
        get_page(client, rated_council.performance, url("overview", rated_council.plan), **params)
    )
    assert "On target (green) of those rated 1 (50%)" in words


def test_another_organisations_directorate_is_not_a_filter(client, rated_council):
    elsewhere = factories.directorate(factories.organisation("Elsewhere"), "People")
    words = text_of(
        get_page(
            client,
            rated_council.performance,
            url("overview", rated_council.plan),
            directorate=elsewhere.pk,
        )
    )
    assert "On target (green) of those rated 1 (50%)" in words


# Query counts ----------------------------------------------------------------------------


MONTHS = [(2018, m) for m in range(4, 13)] + [(2019, m) for m in range(1, 11)]


def build_plan(size: int) -> tuple[Plan, Measure, object]:
    """A plan of ``size`` measures over three priorities, each with history (enough for SPC
    charts, intervals and forecasts) and a target."""
    org = factories.organisation()
    owners = [factories.user(org, Role.OWNER) for _ in range(3)]
    directorates = [factories.directorate(org, f"Directorate {i}") for i in range(3)]
    plan = factories.plan(org)
    measures = []
    for index in range(size):
        group = index % 3
        monthly = index % 2 == 0
        measure = factories.measure(
            plan,
            f"{group + 1}M{index}",
            owner=owners[group],
            directorate_=directorates[group],
            frequency="monthly" if monthly else "quarterly",
            priority_code=str(group + 1),
            outcome_code=f"{group + 1}.{'AB'[index % 2]}",
        )
        factories.target(measure, "2019/20", 80)
        if monthly:
            periods = [f"{year}-{month:02d}" for year, month in MONTHS]
        else:
            periods = [*(f"2018/19 Q{q}" for q in range(1, 5)), "2019/20 Q1", "2019/20 Q2"]
        for offset, period in enumerate(periods):
            value = 60 + (offset * 7) % 30
            # Quarterly values as counts too, so intervals and significance are computed.
            counts = {} if monthly else {"numerator": value // 5, "denominator": 20}
            factories.observation(measure, period, value, commentary="Note", **counts)
        if index % 6 == 5:  # a year-to-date measure: a forecast from last year, no SPC chart
            Measure.objects.filter(pk=measure.pk).update(cumulative=True)
        measures.append(measure)
    factories.period_return(plan, "2019/20 Q2")
    return plan, measures[0], factories.user(org, Role.COUNCILLOR)


def count_queries(client, user, address: str, **params) -> tuple[int, int]:
    """The queries of a first request (the quarter's figures computed) and of a second (the
    figures kept, as their data has not changed)."""
    client.force_login(user)
    forget_figures()
    counted = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address, params)
        assert response.status_code == 200
        counted.append(len(queries))
    return counted[0], counted[1]


@pytest.mark.django_db
def test_each_page_runs_a_fixed_number_of_queries(client):
    counts = {}
    for size in (6, 18):
        plan, measure, councillor = build_plan(size)
        performance = factories.user(plan.organisation, Role.PERFORMANCE)
        addresses = {
            "home": reverse("dashboards:home"),
            "guide": reverse("dashboards:guide"),
            **page_urls(plan, measure),
        }
        for name, address in addresses.items():
            for who, user in (("officer", performance), ("councillor", councillor)):
                counts.setdefault((name, who), []).append(count_queries(client, user, address))
        filtered = count_queries(
            client, performance, addresses["overview"], directorate=measure.directorate_id
        )
        counts.setdefault(("overview filtered", "officer"), []).append(filtered)
    assert all(small == large for small, large in counts.values()), counts
    measured = {key: value[0][1] for key, value in counts.items()}
    # Of these, three come with every signed-in page: the session, the user and the user's
    # organisation (for the header). A councillor's pages read the quarters opened to members;
    # every quarter's page asks whether the quarter is published (else it is provisional).
    # A quarter's summary page stamps the values it may see, and reads them only when the stamp
    # is new (the first request computes the figures: one query more).
    first = {key: value[0][0] - value[0][1] for key, value in counts.items()}
    summaries = ("overview", "overview filtered", "exceptions", "priority", "outcome")
    assert first == {key: int(key[0] in summaries) for key in counts}
    assert measured == {
        ("home", "officer"): 5,
        ("home", "councillor"): 5,
        ("guide", "officer"): 3,
        ("guide", "councillor"): 3,
        ("overview", "officer"): 10,
        ("overview", "councillor"): 11,
        ("exceptions", "officer"): 12,  # two more: the questions and actions of the scrutiny boards
        ("exceptions", "councillor"): 13,
        ("priority", "officer"): 11,
        ("priority", "councillor"): 12,
        ("outcome", "officer"): 11,
        ("outcome", "councillor"): 12,
        # three more: does the measure have comparator data; its scrutiny questions and actions
        ("measure", "officer"): 13,
        ("measure", "councillor"): 14,
        ("overview filtered", "officer"): 10,
    }


@pytest.mark.django_db
def test_kept_figures_follow_every_change_of_their_data():
    plan, measure, _ = build_plan(6)
    performance = factories.user(plan.organisation, Role.PERFORMANCE)
    quarter = Quarter(2019, 2)
    no_filters = MeasureFilters(directorates=(), owners=())

    def figures():
        return quarter_figures(performance, plan, quarter, no_filters)

    def fresh():
        forget_figures()
        return figures()

    first = figures()
    assert figures() is first  # kept while nothing changed
    quarterly = Measure.objects.filter(plan=plan, frequency="quarterly").first()
    value = Observation.objects.get(measure=quarterly, period="2019/20 Q2")
    changes = [
        lambda: setattr(value, "value", value.value + 40) or value.save(),
        lambda: Observation.objects.filter(measure=quarterly, period="2019/20 Q1").delete(),
        lambda: Target.objects.filter(measure=quarterly).update(value=1),
        lambda: Measure.objects.filter(pk=quarterly.pk).update(title="Renamed"),
        lambda: PeriodReturn.objects.filter(plan=plan).update(published_at=timezone.now()),
    ]
    before = first
    for change in changes:
        change()
        after = figures()
        assert after is not before
        assert after == fresh()
        before = after
