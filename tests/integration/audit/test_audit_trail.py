"""The audit trail in words: names not ids, figures at the measure's precision, times to the
minute, and a quarter's log of who entered, approved, published and restated."""

import csv
import io
from decimal import Decimal as D

from django.urls import reverse

from councilstat.core.periods import Quarter
from councilstat.web.collection import services
from councilstat.web.collection.models import PeriodReturn
from councilstat.web.collection.services import Figures

Q2 = Quarter(2019, 2)


def run_the_quarter(council):
    """Enter, submit, return, re-enter, approve, publish and restate 1A1's Q2 value."""
    owner, director, performance = council.owner, council.director, council.performance
    for person, first, last in (
        (owner, "Ola", "Owner"),
        (director, "Dee", "Rector"),
        (performance, "Jo", "Bloggs"),
    ):
        person.first_name, person.last_name = first, last
        person.save()
    draft = services.enter_observation(
        owner, council.measure, Q2, Figures(value=D("77.6")), expected_version=None, confirmed=True
    )
    submitted = services.submit_observation(owner, draft, expected_version=1)
    returned = services.return_observation(
        director, submitted, "Check the denominator", expected_version=2
    )
    again = services.enter_observation(
        owner,
        council.measure,
        Q2,
        Figures(value=D("77.6")),
        expected_version=returned.version,
        confirmed=True,
        submit=True,
    )
    approved = services.approve_observation(director, again, expected_version=again.version)
    services.publish_period(
        performance,
        PeriodReturn.objects.get(plan=council.plan, period="2019/20 Q2"),
        missing_confirmed=1,  # the other measure's value is not in
    )
    approved.refresh_from_db()
    services.restate_observation(
        performance,
        approved,
        Figures(value=D("80.2")),
        "Late returns from one team",
        expected_version=approved.version,
    )


def test_a_measures_history_reads_as_sentences(client, council):
    run_the_quarter(council)
    client.force_login(council.performance)
    url = reverse("audit:measure", kwargs={"plan_id": council.plan.pk, "code": "1A1"})
    page = client.get(url).content.decode()
    # Names, not usernames or ids; the figure at the measure's precision, not six decimals.
    assert "Value for 1A1, 2019/20 Q2: 77.6% → 80.2%, restated by Jo Bloggs on " in page
    assert ": Late returns from one team" in page
    assert "returned to its owner by Dee Rector" in page
    assert "approved by Dee Rector" in page
    assert "77.600000" not in page
    assert "80.200000" not in page
    assert "entered_by" not in page
    assert "history_" not in page


def test_the_quarter_log_says_who_approved_and_published(client, council):
    run_the_quarter(council)
    client.force_login(council.performance)
    kwargs = {"plan_id": council.plan.pk, "quarter": Q2}
    page = client.get(reverse("audit:quarter", kwargs=kwargs)).content.decode()
    assert "Log of 2019/20 Q2" in page
    assert "Quarter 2019/20 Q2: published by Jo Bloggs on " in page
    assert "Value for 1A1, 2019/20 Q2: 77.6%, entered by Ola Owner on " in page
    assert (
        "Value for 1A1, 2019/20 Q2: 77.6%, submitted by Ola Owner" not in page
    )  # Q2 value is unchanged on submit
    assert "submitted by Ola Owner on " in page
    # The other measure's values and other quarters are not in this quarter's log.
    assert "2019/20 Q1" not in page
    download = client.get(reverse("audit:quarter_csv", kwargs=kwargs))
    rows = list(csv.DictReader(io.StringIO(download.content.decode())))
    steps = [r["change"].split(" by ")[0] for r in rows]
    assert steps[0] == "Value for 1A1, 2019/20 Q2: 77.6% → 80.2%, restated"
    assert {"Value for 1A1, 2019/20 Q2: published", "Quarter 2019/20 Q2: published"} <= set(steps)
    assert {r["who"] for r in rows} == {"Ola Owner", "Dee Rector", "Jo Bloggs", "the system"}


def test_the_overview_links_the_quarter_log_for_the_performance_team(client, council):
    kwargs = {"plan_id": council.plan.pk, "quarter": Q2}
    log = reverse("audit:quarter", kwargs=kwargs)
    client.force_login(council.performance)
    assert log in client.get(reverse("dashboards:overview", kwargs=kwargs)).content.decode()
    client.force_login(council.councillor)
    assert log not in client.get(reverse("dashboards:overview", kwargs=kwargs)).content.decode()
