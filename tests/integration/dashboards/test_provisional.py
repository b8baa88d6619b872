"""An unpublished or incomplete quarter is marked provisional, with how many of the measures due
have reported, on the overview and every quarter page, in the report and in the API."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from councilstat.core.periods import Quarter
from councilstat.web.api.tokens import create_token
from councilstat.web.collection import services
from councilstat.web.collection.models import PeriodReturn, Status
from tests.integration import factories

Q2 = Quarter(2019, 2)
NOTE = "Provisional: 1 of 2 measures due have reported; the figures are not yet published."


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def page(client, name, council, **kwargs):
    address = reverse(name, kwargs={"plan_id": council.plan.pk, "quarter": Q2, **kwargs})
    response = client.get(address)
    assert response.status_code == 200
    return response.content.decode()


def test_a_partly_collected_unpublished_quarter_is_provisional_everywhere(council):
    factories.observation(council.measure, "2019/20 Q2", 78, status=Status.APPROVED)
    performance = signed_in(council.performance)
    overview = page(performance, "dashboards:overview", council)
    assert (
        f'<strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>{NOTE}</strong>'
        in overview
    )
    assert '<strong class="govuk-tag govuk-tag--yellow">Provisional</strong>' in overview
    # The headline sentences open with it too.
    headlines = overview.split('<h2 class="govuk-heading-m">Headlines</h2>')[1]
    assert headlines.lstrip().startswith(f'<p class="govuk-body">{NOTE}</p>')
    assert NOTE in page(performance, "dashboards:exceptions", council)
    # A priority's or an outcome's page counts its own measures.
    one = "Provisional: 1 of 1 measure due has reported; the figures are not yet published."
    assert one in page(performance, "dashboards:priority", council, code="1")
    assert one in page(performance, "dashboards:outcome", council, code="1.A")
    assert "Provisional: the figures for 2019/20 Q2 are not yet published." in page(
        performance, "dashboards:measure", council, code="1A1"
    )
    asked = performance.get(
        reverse(
            "dashboards:report", kwargs={"plan_id": council.plan.pk, "quarter": Q2, "fmt": "html"}
        )
    )
    job = int(asked.url.rstrip("/").rsplit("/", 1)[1])  # the job that made the report
    report = performance.get(reverse("jobs:download", kwargs={"pk": job}))
    assert NOTE in report.content.decode()


def test_the_api_summary_says_it_is_provisional_with_the_counts(client, council):
    factories.observation(council.measure, "2019/20 Q2", 78, status=Status.APPROVED)
    _, secret = create_token(council.performance, "Power BI")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    base = f"/api/v1/plans/{council.plan.pk}"
    summary = client.get(f"{base}/summary", {"period": "2019/20 Q2"}, **headers).json()
    assert summary["provisional"] is True
    assert summary["provisional_note"] == NOTE
    assert summary["coverage"] == {"due": 2, "reported": 1, "published": False}
    exceptions = client.get(f"{base}/exceptions", {"period": "2019/20 Q2"}, **headers).json()
    assert exceptions["coverage"] == summary["coverage"]
    people = council.measure.directorate_id
    one = client.get(
        f"{base}/summary", {"period": "2019/20 Q2", "directorate": people}, **headers
    ).json()
    assert one["coverage"] == {"due": 1, "reported": 1, "published": False}


def test_a_published_complete_quarter_is_not_provisional(council):
    for measure in (council.measure, council.other_measure):
        factories.observation(measure, "2019/20 Q2", 81, status=Status.APPROVED)
    period_return = PeriodReturn.objects.get(plan=council.plan, period="2019/20 Q2")
    services.publish_period(council.performance, period_return)
    for role in ("performance", "councillor"):
        overview = page(signed_in(getattr(council, role)), "dashboards:overview", council)
        assert "Provisional" not in overview
        assert 'id="provisional"' not in overview
