"""The banner on a page whose figures were revised after publication: "Figures revised since
publication on DATE", linking to the figures as reported (the report's ``?as_at=`` view), on
the officers' quarter and measure pages and on the public pages; and nowhere else."""

from __future__ import annotations

import datetime as dt
import html
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from councilstat.core.periods import Quarter
from councilstat.web.collection import services
from councilstat.web.collection.models import Observation
from councilstat.web.collection.selectors import revised_since_publication
from councilstat.web.common.published import published_figures_changed
from tests.integration import factories

Q1 = Quarter(2019, 1)
BANNER = "Figures revised since publication on 15 August 2019"
AS_REPORTED = "?as_at=2019-08-15"


@pytest.fixture(autouse=True)
def empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def published(council):
    """The council with 2019/20 Q1 published on 15 August 2019 (its values' audit history
    dated before then, so the figures as reported can be re-created)."""
    Observation.history.filter(measure__plan=council.plan).update(
        history_date=timezone.make_aware(dt.datetime(2019, 8, 1, 9))
    )
    factories.period_return(
        council.plan, "2019/20 Q1", published_at=timezone.make_aware(dt.datetime(2019, 8, 15, 12))
    )
    return council


def restate(council, value: str = "72.5"):
    observation = council.other_measure.observations.get(period="2019/20 Q1")
    services.restate_observation(
        council.performance,
        observation,
        services.Figures(value=D(value), commentary="The provider's late return is included."),
        "A late return from a provider",
        expected_version=observation.version,
    )
    published_figures_changed(council.plan.organisation_id)


def officer_pages(council) -> dict[str, str]:
    plan = council.plan
    return {
        "overview": reverse("dashboards:overview", args=[plan.pk, Q1]),
        "exceptions": reverse("dashboards:exceptions", args=[plan.pk, Q1]),
        "priority": reverse("dashboards:priority", args=[plan.pk, Q1, "3"]),
        "measure": reverse("dashboards:measure", args=[plan.pk, Q1, "3B1"]),
    }


def public_pages(council) -> dict[str, str]:
    org = council.plan.organisation_id
    return {
        "glance": reverse("public:glance", args=[org]),
        "priority": reverse("public:priority", args=[org, "3"]),
        "measure": reverse("public:measure", args=[org, "3B1"]),
    }


def page(client, address: str) -> str:
    response = client.get(address)
    assert response.status_code == 200, address
    return html.unescape(response.content.decode())


def test_no_banner_until_a_published_figure_is_revised(client, published):
    client.force_login(published.performance)
    for address in [*officer_pages(published).values(), *public_pages(published).values()]:
        assert "govuk-notification-banner" not in page(client, address), address
    assert revised_since_publication(published.plan, Q1) is None


def test_a_restatement_puts_the_banner_on_every_page_showing_the_figures(client, published):
    restate(published)
    revised = revised_since_publication(published.plan, Q1)
    assert revised is not None
    assert (revised.published_on, revised.values, revised.codes) == (
        dt.date(2019, 8, 15),
        1,
        ("3B1",),
    )
    client.force_login(published.performance)
    report = reverse("dashboards:report", args=[published.plan.pk, Q1, "html"]) + AS_REPORTED
    for name, address in officer_pages(published).items():
        text = page(client, address)
        assert BANNER in text, name
        assert 'class="govuk-notification-banner"' in text
        assert f'href="{report}"' in text, name
    # The link opens the report as the figures stood on the day of publication.
    asked = client.get(report)
    assert asked.status_code == 302  # the report is made by a job (inline here)
    job = int(asked.url.rstrip("/").rsplit("/", 1)[1])
    as_reported = page(client, reverse("jobs:download", kwargs={"pk": job}))
    assert "70.0%" in as_reported
    assert "72.5%" not in as_reported
    # The other measure's page shows no banner: its figures were not revised.
    other = reverse("dashboards:measure", args=[published.plan.pk, Q1, "1A1"])
    assert "govuk-notification-banner" not in page(client, other)

    client.logout()
    for name, address in public_pages(published).items():
        text = page(client, address)
        assert BANNER in text, name
        measure_link = reverse("public:measure", args=[published.plan.organisation_id, "3B1"])
        assert f'href="{measure_link}#values"' in text
    assert "First published as 70.0%" in page(client, public_pages(published)["measure"])
    one_a_one = reverse("public:measure", args=[published.plan.organisation_id, "1A1"])
    assert "govuk-notification-banner" not in page(client, one_a_one)


def test_a_revision_before_publication_or_back_to_the_figure_reported_is_no_revision(
    client, council
):
    # Restated before the quarter was published: the quarter was published with it.
    restate(council)
    factories.period_return(council.plan, "2019/20 Q1", published_at=timezone.now())
    assert revised_since_publication(council.plan, Q1) is None
    # A quarter not yet published has nothing to be revised since.
    assert revised_since_publication(council.plan, Quarter(2019, 2)) is None
    # Restated after publication, but back to the value first reported.
    restate(council, "70")
    assert revised_since_publication(council.plan, Q1) is None
