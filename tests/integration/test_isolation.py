"""Many councils on one service: nothing of one organisation reaches another's users, through
any API endpoint (taken from the schema, so a new endpoint is covered when it is added), any
list, or the public site.

The pages are covered the same way by ``test_access.py::test_another_councils_objects_are_not_found``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from councilstat.core.plan import Polarity, Unit
from councilstat.web.accounts.models import Role
from councilstat.web.accounts.policy import Permission, can
from councilstat.web.api.tokens import create_token
from councilstat.web.benchmarking.models import Area, ComparatorGroup, ComparatorValue
from councilstat.web.benchmarking.services import Metric, map_measure_unchecked
from councilstat.web.collection.models import Status
from tests.integration import factories

API = "/api/v1"
ROLES = [Role.PERFORMANCE, Role.OWNER, Role.DIRECTOR, Role.COUNCILLOR]


def compared(measure, org, code, name):
    """Give ``measure`` a comparator group of one area and a value, as a linked metric."""
    here = Area.objects.create(organisation=org, code=code, name=name)
    group = ComparatorGroup.objects.create(
        organisation=org, name=f"{name}'s neighbours", subject=here
    )
    group.areas.add(here)
    ComparatorValue.objects.create(
        organisation=org,
        metric="SECRET1",
        area=here,
        period="2018/19",
        period_end=dt.date(2019, 3, 31),
        value=D("12.5"),
    )
    metric = Metric("SECRET1", "A national metric", Unit.PERCENT, Polarity.HIGHER)
    map_measure_unchecked(measure, metric, group)
    return group


def other_council():
    """A second council shaped like the first (same measure codes), with comparator data."""
    org = factories.organisation("Elsewhere District Council")
    people = factories.directorate(org, "People")
    owner = factories.user(org, Role.OWNER, username="elsewhere-owner", directorate=people)
    plan = factories.plan(org, title="Elsewhere Plan 2019-20")
    measure = factories.measure(plan, "1A1", owner=owner, directorate_=people)
    factories.target(measure, "2019/20", 80)
    factories.observation(measure, "2019/20 Q1", 61)
    factories.observation(measure, "2019/20 Q2", 62, status=Status.APPROVED)
    factories.period_return(plan, "2019/20 Q2")
    here = Area.objects.create(organisation=org, code="E07999999", name="Elsewhere")
    group = ComparatorGroup.objects.create(
        organisation=org, name="Elsewhere's neighbours", subject=here
    )
    group.areas.add(here)
    ComparatorValue.objects.create(
        organisation=org,
        metric="SECRET1",
        area=here,
        period="2018/19",
        period_end=dt.date(2019, 3, 31),
        value=D("12.5"),
    )
    return plan, group


def get_paths(client, user) -> list[str]:
    """Every GET path of the API's schema (read signed in: the schema is behind sign-in)."""
    client.force_login(user)
    schema = client.get(f"{API}/openapi.json").json()
    client.logout()
    return [path for path, operations in schema["paths"].items() if "get" in operations]


def api_headers(client, user) -> dict[str, str]:
    """A token for a role that may have one; a councillor calls with their signed-in session."""
    if can(user, Permission.CREATE_API_TOKEN):
        return {"HTTP_AUTHORIZATION": f"Bearer {create_token(user, 't')[1]}"}
    client.force_login(user)
    return {}


@pytest.mark.parametrize("role", ROLES)
def test_no_api_endpoint_reaches_another_councils_plan(client, council, role):
    their_plan, _ = other_council()
    compared(council.measure, council.plan.organisation, "E07000001", "Ourtown")
    scoped = [p for p in get_paths(client, getattr(council, role.value)) if "{plan_id}" in p]
    headers = api_headers(client, getattr(council, role.value))
    assert len(scoped) >= 8  # the schema lists the plan endpoints; an empty scan proves nothing
    for path in scoped:
        url = API + path.removeprefix(API).format(plan_id=their_plan.pk, code="1A1")
        response = client.get(url, {"period": "2019/20 Q2"}, **headers)
        assert response.status_code == 404, (path, response.status_code)
        # The same endpoint for the caller's own plan works, so the 404 is the scoping.
        own = API + path.removeprefix(API).format(plan_id=council.plan.pk, code="1A1")
        assert client.get(own, {"period": "2019/20 Q2"}, **headers).status_code != 404, path


@pytest.mark.parametrize("role", ROLES)
def test_no_api_list_shows_another_councils_records(client, council, role):
    their_plan, their_group = other_council()
    unscoped = [
        p
        for p in get_paths(client, getattr(council, role.value))
        if "{" not in p and "openapi" not in p
    ]
    headers = api_headers(client, getattr(council, role.value))
    assert unscoped  # /plans, /comparator-groups, /comparator-values at least
    for path in unscoped:
        url = API + path.removeprefix(API)
        body = client.get(url, {"metric": "SECRET1"}, **headers).content.decode()
        assert "Elsewhere" not in body, path
    plans = client.get(f"{API}/plans", **headers).json()["items"]
    assert their_plan.pk not in {p["id"] for p in plans}
    groups = client.get(f"{API}/comparator-groups", **headers).json()["items"]
    assert their_group.pk not in {g["id"] for g in groups}


def test_the_public_site_keeps_each_council_to_itself(client, council):
    published = timezone.make_aware(dt.datetime(2019, 8, 15, 12))
    factories.period_return(council.plan, "2019/20 Q1", published_at=published)
    their_plan, _ = other_council()
    factories.period_return(their_plan, "2019/20 Q1", published_at=published)
    ours = client.get(
        reverse("public:data_csv", kwargs={"organisation_id": council.plan.organisation_id})
    )
    assert ours.status_code == 200
    assert "Elsewhere" not in ours.content.decode()
    assert ",61" not in ours.content.decode()  # their published Q1 value
    theirs = client.get(
        reverse("public:data_csv", kwargs={"organisation_id": their_plan.organisation_id})
    )
    assert ",61" in theirs.content.decode()
