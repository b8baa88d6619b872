"""Comparator data shared between councils only by agreement: one council offers the values it
loaded, another's performance team accepts, and only then do its comparisons, lines of enquiry,
link form and API use them (its own value first); either can end it, and it is one way."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from councilstat.core.periods import Quarter
from councilstat.io.tables import read_csv_bytes
from councilstat.web.accounts.models import Role
from councilstat.web.benchmarking.models import ComparatorSharing
from councilstat.web.benchmarking.presenters import comparison_for
from councilstat.web.benchmarking.selectors import (
    comparator_data,
    comparator_standings,
    metrics_for,
)
from councilstat.web.benchmarking.services import (
    Metric,
    accept_sharing,
    import_group_unchecked,
    import_values_unchecked,
    map_measure_unchecked,
    offer_sharing,
)
from councilstat.web.scrutiny.selectors import latest_change
from tests.integration import factories

Q2 = Quarter(2019, 2)
GROUP = b"area_code,area_name,subject\nE08000018,Rotherham,yes\nE08000016,Barnsley,no\n"
NATIONAL = (
    b"area_code,area_name,metric,period,value,numerator,denominator\n"
    b"E08000018,Rotherham,ASC5,2018/19,70.0,,\n"
    b"E08000016,Barnsley,ASC5,2018/19,80.0,,\n"
    b"E92000001,England,ASC5,2018/19,75.0,,\n"
)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def councils(council):
    """``council`` with a group and 1A1 linked to ASC5, but no values of its own; a second
    council (the provider) that loaded ASC5 for the same areas; and a third."""
    here = council.plan.organisation
    group = import_group_unchecked(here, read_csv_bytes(GROUP, name="group.csv"), name="Ours")
    metric = Metric("ASC5", "Short-term services", "percent", "higher")
    map_measure_unchecked(council.measure, metric, group)
    provider = factories.organisation("National Data Service")
    import_values_unchecked(provider, read_csv_bytes(NATIONAL, name="asc5.csv"))
    council.provider = factories.user(provider, Role.PERFORMANCE, username="provider")
    council.third = factories.user(factories.organisation(), Role.PERFORMANCE, username="third")
    return council


def compared(council):
    return comparison_for(comparator_data(council.measure, Q2))


def test_nothing_is_shared_without_an_accepted_agreement(councils):
    assert not compared(councils).has_data
    assert comparator_standings(councils.plan, ["1A1"], Q2) == {}
    assert metrics_for(councils.performance) == []
    offer_sharing(councils.provider, councils.plan.organisation)
    assert not compared(councils).has_data  # offered, not accepted
    assert comparator_standings(councils.plan, ["1A1"], Q2) == {}


def test_an_accepted_offer_is_used_in_every_comparison_until_it_ends(councils):
    here = councils.plan.organisation
    provider = signed_in(councils.provider)
    ours = signed_in(councils.performance)
    before = latest_change(councils.plan)
    offered = provider.post(reverse("benchmarking:offer"), {"recipient": here.pk}, follow=True)
    assert f"Your comparator values are offered to {here.name}" in offered.content.decode()
    sharing = ComparatorSharing.objects.get()
    page = ours.get(reverse("benchmarking:index")).content.decode()
    assert "Offered to you" in page
    assert "National Data Service" in page
    # Only the recipient's performance team accepts.
    owner = signed_in(councils.owner)
    assert owner.post(reverse("benchmarking:accept", args=[sharing.pk])).status_code == 403
    assert (
        signed_in(councils.third).post(reverse("benchmarking:accept", args=[sharing.pk]))
    ).status_code == 404
    with pytest.raises(PermissionDenied, match="only the council offered"):
        accept_sharing(councils.provider, sharing)
    accepted = ours.post(reverse("benchmarking:accept", args=[sharing.pk]), follow=True)
    assert "National Data Service&#x27;s comparator values are now used" in (
        accepted.content.decode()
    )
    comparison = compared(councils)
    assert str(comparison.period) == "2018/19"
    assert {a.code: a.value for a in comparison.areas} == {
        "E08000018": D("70.0"),
        "E08000016": D("80.0"),
    }
    assert comparison.national_value == D("75.0")
    assert comparison.position.rank == 2
    assert comparator_standings(councils.plan, ["1A1"], Q2)["1A1"].rank == 2
    assert [m.label for m in metrics_for(councils.performance)] == ["ASC5 (3 areas, 2018/19)"]
    assert latest_change(councils.plan) > before  # reports and packs are made again
    # The council's own value comes before a shared one for the same area and period.
    own = b"area_code,area_name,metric,period,value,numerator,denominator\n"
    own += b"E08000018,Rotherham,ASC5,2018/19,90.0,,\n"
    import_values_unchecked(here, read_csv_bytes(own, name="own.csv"))
    comparison = compared(councils)
    assert {a.code: a.value for a in comparison.areas}["E08000018"] == D("90.0")
    assert comparison.position.rank == 1
    assert comparator_standings(councils.plan, ["1A1"], Q2)["1A1"].rank == 1
    # One way: the provider never sees the recipient's values.
    token_values = provider.get("/api/v1/comparator-values").json()["items"]
    assert {v["source"] for v in token_values} == {"National Data Service"}
    ours_values = ours.get("/api/v1/comparator-values").json()["items"]
    assert {v["source"] for v in ours_values} == {"National Data Service", here.name}
    # Either council ends it; the recipient's comparisons then use its own values only.
    ended = provider.post(reverse("benchmarking:end", args=[sharing.pk]), follow=True)
    assert f"Comparator values are no longer shared with {here.name}." in ended.content.decode()
    comparison = compared(councils)
    assert {a.code for a in comparison.areas} == {"E08000018"}
    assert list(sharing.history.order_by("history_date").values_list(
        "history_change_reason", flat=True
    )) == [
        "Offered to Demo Borough Council by provider",
        "Accepted by performance",
        "Ended by provider of National Data Service",
    ]  # fmt: skip
    # An ended agreement is not accepted again; a new offer is needed.
    again = ours.post(reverse("benchmarking:accept", args=[sharing.pk]), follow=True)
    assert "Nothing changed: this sharing has ended." in again.content.decode()
