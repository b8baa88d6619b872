"""The REST API: schema, pagination and filters, the summary JSON, tokens, scoping, CSRF and
conflicts; and schemathesis against the schema as anonymous, an owner and the performance team."""

from __future__ import annotations

import html
import json
import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from councilstat.core.periods import Quarter
from councilstat.core.summary import summarise
from councilstat.reports.serialise import summary_to_dict
from councilstat.web.accounts.models import Role
from councilstat.web.api.models import ApiToken
from councilstat.web.api.tokens import create_token, revoke_token
from councilstat.web.collection.figures import snapshot
from councilstat.web.collection.models import Observation, Status
from councilstat.web.collection.selectors import visible_observations
from tests.integration import factories

API = "/api/v1"


def bearer(user) -> dict[str, str]:
    _, secret = create_token(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def post_value(client, plan, code, body, **headers):
    return client.post(
        f"{API}/plans/{plan.pk}/measures/{code}/observations",
        json.dumps(body),
        content_type="application/json",
        **headers,
    )


# The schema -----------------------------------------------------------------------------------


def test_the_schema_loads_and_declares_every_error(client, council):
    client.force_login(council.owner)
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "CouncilStat API"
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            declared = set(operation["responses"])
            assert {"401", "403", "404", "422"} <= declared, (method, path)
            assert operation.get("security"), (method, path)
            names = {p["name"]: p for p in operation.get("parameters", [])}
            if "limit" in names:
                assert names["limit"]["schema"]["maximum"] == 500
                assert names["offset"]["schema"]["maximum"] == 1_000_000
    post = schema["paths"]["/api/v1/plans/{plan_id}/measures/{code}/observations"]["post"]
    assert {"201", "409"} <= set(post["responses"])


def test_the_reference_describes_every_operation_in_words(client, council):
    from councilstat.web.api.api import api

    client.force_login(council.owner)
    page = html.unescape(client.get(f"{API}/docs").content.decode())
    assert "<title>API reference" in page
    assert "<script" not in page.split("</main>")[0].split("<main")[1]  # no script draws it
    schema = api.get_openapi_schema(path_prefix=f"{API}/")
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            assert f"<code>{method.upper()} {path}</code>" in page
            assert operation["summary"] in page
    for name in schema["components"]["schemas"]:
        assert f'id="schema-{name}"' in page
    # The value a program sends: its body's fields, with their limits in words.
    assert 'Takes a JSON body: <a class="govuk-link" href="#schema-ObservationIn">' in page
    fields = page[page.index('id="schema-ObservationIn"') :]
    fields = fields[: fields.index("</section>")]
    assert "<code>period</code>" in fields
    assert "At most 20 characters. For example 2019/20 Q2." in fields
    assert "number or text or null" in fields
    assert "Submit for approval (false: save as a draft). Default: true." in fields
    assert f'href="{API}/explorer"' in page


def test_the_explorer_is_served_without_a_cdn(client, council):
    client.force_login(council.owner)
    response = client.get(f"{API}/explorer")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>CouncilStat API</title>" in page
    assert f'"url": "{API}/openapi.json"' in page  # the Swagger UI loads this API's schema
    scripts = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert scripts
    assert all(s.startswith("/static/ninja/") for s in scripts), scripts  # served here
    assert "cdn" not in page.lower()


def test_anonymous_callers_get_401(client, council):
    assert client.get(f"{API}/plans").status_code == 401
    assert (
        post_value(client, council.plan, "1A1", {"period": "2019/20 Q2", "value": 85}).status_code
        == 401
    )


# Reads: pagination, filters, scope ------------------------------------------------------------


def test_lists_paginate(client, council):
    headers = bearer(council.performance)
    page = client.get(f"{API}/plans/{council.plan.pk}/measures", {"limit": 1}, **headers).json()
    assert page["count"] == 2
    assert [m["code"] for m in page["items"]] == ["1A1"]
    page = client.get(
        f"{API}/plans/{council.plan.pk}/measures", {"limit": 1, "offset": 1}, **headers
    ).json()
    assert [m["code"] for m in page["items"]] == ["3B1"]
    too_many = client.get(f"{API}/plans/{council.plan.pk}/measures", {"limit": 501}, **headers)
    assert too_many.status_code == 422


def test_lists_filter_by_priority_outcome_directorate_and_period(client, council):
    headers = bearer(council.performance)
    plan = council.plan
    factories.observation(council.measure, "2018/19 Q4", 60)

    def codes(resource, **params):
        items = client.get(f"{API}/plans/{plan.pk}/{resource}", params, **headers).json()["items"]
        return [(i.get("measure") or i["code"], i.get("period")) for i in items]

    assert codes("measures", priority="3") == [("3B1", None)]
    assert codes("measures", outcome="1.A") == [("1A1", None)]
    assert codes("measures", directorate=council.measure.directorate_id) == [("1A1", None)]
    assert codes("outcomes", priority="1") == [("1.A", None)]
    assert codes("observations", period="2019-20 Q1") == [
        ("1A1", "2019/20 Q1"),
        ("3B1", "2019/20 Q1"),
    ]
    assert codes("observations", period="2018/19 Q4") == [("1A1", "2018/19 Q4")]
    assert codes("targets", measure="3B1") == [("3B1", "2019/20")]
    bad = client.get(f"{API}/plans/{plan.pk}/observations", {"period": "soon"}, **headers)
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["query", "period"]


def test_observations_are_only_those_the_caller_may_see(client, council):
    factories.observation(council.measure, "2019/20 Q2", 99, status=Status.DRAFT)
    headers = bearer(council.performance)
    items = client.get(f"{API}/plans/{council.plan.pk}/observations", **headers).json()["items"]
    assert ("1A1", "2019/20 Q2") not in {(i["measure"], i["period"]) for i in items}


def test_another_organisations_plan_is_404(client, council):
    outsider = factories.user(factories.organisation(), Role.PERFORMANCE)
    headers = bearer(outsider)
    assert client.get(f"{API}/plans/{council.plan.pk}", **headers).status_code == 404
    assert client.get(f"{API}/plans/{council.plan.pk}/measures", **headers).status_code == 404
    assert client.get(f"{API}/plans", **headers).json()["count"] == 0


def test_the_summary_is_the_cli_json_for_the_same_user(client, demo_plan):
    from councilstat.web.accounts.models import User

    for username in ("performance", "councillor"):
        user = User.objects.get(username=username)
        # A councillor has no token: they call the API signed in.
        headers = bearer(user) if username == "performance" else {}
        client.force_login(user)
        response = client.get(
            f"{API}/plans/{demo_plan.pk}/summary", {"period": "2019/20 Q2"}, **headers
        )
        assert response.status_code == 200
        figures = snapshot(demo_plan, visible_observations(user, demo_plan))
        expected = summary_to_dict(
            summarise(figures, Quarter(2019, 2)), figures, organisation=demo_plan.organisation.name
        )
        assert response.json() == json.loads(json.dumps(expected))
    assert expected["met"] == 28  # the demo's headline: 28 of 54 (52%)
    exceptions = client.get(
        f"{API}/plans/{demo_plan.pk}/exceptions", {"period": "2019/20 Q2"}, **headers
    ).json()
    assert exceptions["exceptions"] == expected["exceptions"]
    assert len(exceptions["by_measure"]) == expected["rag"]["red"] == 18


def test_the_summary_needs_a_quarter(client, council):
    response = client.get(
        f"{API}/plans/{council.plan.pk}/summary", {"period": "2019/20"}, **bearer(council.owner)
    )
    assert response.status_code == 422


# Writes: tokens, roles, CSRF, conflicts -------------------------------------------------------


def test_a_token_submits_a_value_and_a_revoked_token_cannot(client, council):
    record, secret = create_token(council.owner, "Power BI")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    response = post_value(
        client, council.plan, "1A1", {"period": "2019/20 Q2", "value": 85}, **headers
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "submitted"
    stored = Observation.objects.get(measure=council.measure, period="2019/20 Q2")
    assert stored.entered_by == council.owner
    assert stored.history.first().history_user == council.owner
    revoke_token(council.owner, record.pk)
    again = post_value(
        client, council.plan, "1A1", {"period": "2019/20 Q2", "value": 86}, **headers
    )
    assert again.status_code == 401


def test_only_a_hash_of_the_token_is_stored(council):
    record, secret = create_token(council.owner, "x")
    stored = ApiToken.objects.get(pk=record.pk)
    assert secret not in (stored.key_hash, stored.prefix, stored.name)
    assert secret.startswith(stored.prefix)


def test_a_token_stops_working_when_its_users_role_changes(client, council):
    headers = bearer(council.owner)
    council.owner.role = Role.COUNCILLOR
    council.owner.save()
    assert client.get(f"{API}/plans", **headers).status_code == 401
    # Given the old role back, the token stays dead: it was revoked when the role changed.
    council.owner.role = Role.OWNER
    council.owner.save()
    assert client.get(f"{API}/plans", **headers).status_code == 401


def test_reactivating_a_user_revives_none_of_their_tokens(client, council):
    headers = bearer(council.owner)
    assert client.get(f"{API}/plans", **headers).status_code == 200
    council.owner.is_active = False
    council.owner.save(update_fields=["is_active"])
    assert ApiToken.objects.get(user=council.owner).revoked_at is not None
    council.owner.is_active = True
    council.owner.save(update_fields=["is_active"])
    assert client.get(f"{API}/plans", **headers).status_code == 401
    # A save that touches nothing of the user's standing (signing in) revokes nothing.
    fresh = bearer(council.owner)
    council.owner.save(update_fields=["last_login"])
    assert client.get(f"{API}/plans", **fresh).status_code == 200


def test_an_owners_token_cannot_submit_for_another_owners_measure(client, council):
    response = post_value(
        client, council.plan, "3B1", {"period": "2019/20 Q2", "value": 85}, **bearer(council.owner)
    )
    assert response.status_code == 403
    assert not Observation.objects.filter(
        measure=council.other_measure, period="2019/20 Q2"
    ).exists()
    performance = post_value(
        client,
        council.plan,
        "1A1",
        {"period": "2019/20 Q2", "value": 85},
        **bearer(council.performance),
    )
    assert performance.status_code == 403


def test_a_value_breaking_a_rule_is_422_with_the_forms_message(client, council):
    response = post_value(
        client, council.plan, "1A1", {"period": "2019/20 Q2", "value": 50}, **bearer(council.owner)
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body", "payload", "commentary"],
            "msg": "This value is off target (red): explain why and what is being done",
            "type": "value_error",
        }
    ]
    percent = post_value(
        client, council.plan, "1A1", {"period": "2019/20 Q2", "value": 150}, **bearer(council.owner)
    )
    assert percent.status_code == 422


def test_a_version_conflict_is_409(client, council):
    headers = bearer(council.owner)
    body = {"period": "2019/20 Q2", "value": 85, "submit": False}
    first = post_value(client, council.plan, "1A1", body, **headers)
    assert first.status_code == 201
    version = first.json()["version"]
    second = post_value(
        client, council.plan, "1A1", {**body, "expected_version": version, "value": 86}, **headers
    )
    assert second.status_code == 201
    stale = post_value(
        client, council.plan, "1A1", {**body, "expected_version": version, "value": 87}, **headers
    )
    assert stale.status_code == 409
    assert stale.json()["current_version"] == version + 1
    new_again = post_value(client, council.plan, "1A1", body, **headers)
    assert new_again.status_code == 409


def test_a_session_post_without_the_csrf_token_is_refused(council):
    client = Client(enforce_csrf_checks=True)
    client.force_login(council.owner)
    body = {"period": "2019/20 Q2", "value": 85}
    refused = post_value(client, council.plan, "1A1", body)
    assert refused.status_code == 403
    assert not Observation.objects.filter(measure=council.measure, period="2019/20 Q2").exists()
    client.get(reverse("api-tokens"))  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = post_value(client, council.plan, "1A1", body, HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201
    assert client.get(f"{API}/plans").status_code == 200  # reads need no CSRF token


# Token pages ------------------------------------------------------------------------------------


def test_the_token_pages_create_show_once_and_revoke(client, council):
    client.force_login(council.owner)
    created = client.post(reverse("api-tokens"), {"name": "Power BI"})
    assert created.status_code == 200
    record = ApiToken.objects.get(user=council.owner)
    html = created.content.decode()
    secret = html.split('id="token">')[1].split("<")[0]
    assert secret.startswith(record.prefix)
    listing = client.get(reverse("api-tokens")).content.decode()
    assert "Power BI" in listing
    assert secret not in listing
    client.post(reverse("api-token-revoke", args=[record.pk]))
    record.refresh_from_db()
    assert record.revoked_at is not None
    other = create_token(council.other_owner, "theirs")[0]
    assert client.post(reverse("api-token-revoke", args=[other.pk])).status_code == 404


# Comparator data -----------------------------------------------------------------------------


def test_comparator_endpoints_for_the_demo(client, demo_plan):
    from councilstat.web.accounts.models import User
    from councilstat.web.demo.benchmarks import load_demo_benchmarks

    load_demo_benchmarks()
    headers = bearer(User.objects.get(username="performance"))
    groups = client.get(f"{API}/comparator-groups", **headers).json()
    assert groups["items"][0]["subject"] == {"code": "E08000018", "name": "Rotherham"}
    assert len(groups["items"][0]["areas"]) == 16
    values = client.get(
        f"{API}/comparator-values",
        {"metric": "ASC5", "period": "2018-19", "area": "e08000018"},
        **headers,
    ).json()
    assert [(v["area"]["name"], v["value"]) for v in values["items"]] == [("Rotherham", 93.5)]
    comparison = client.get(
        f"{API}/plans/{demo_plan.pk}/measures/2B6/comparison", {"period": "2019/20 Q2"}, **headers
    ).json()
    assert (
        comparison["sentence"]
        == "Rotherham is 1st of 16 nearest neighbours, in the first quartile."
    )
    assert (comparison["rank"], comparison["quartile"], comparison["period"]) == (1, 1, "2018/19")
    assert comparison["funnel"]["councils"] == 16
    missing = client.get(f"{API}/plans/{demo_plan.pk}/measures/1A1/comparison", **headers)
    assert missing.status_code == 404


# Schemathesis ---------------------------------------------------------------------------------


@pytest.fixture
def wsgi_without_connection_closing():
    """Calling the WSGI app directly fires request signals that would close the test
    transaction's connection."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("role", [None, Role.OWNER, Role.PERFORMANCE])
@override_settings(COUNCILSTAT_API_DOCS_PUBLIC=True)  # schemathesis reads the schema anonymously
def test_schemathesis_finds_no_server_error_or_schema_violation(
    council, role, wsgi_without_connection_closing
):
    import schemathesis  # a dev requirement: the test fails, never skips, without it
    from hypothesis import HealthCheck, given, settings
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    from councilstat.web.wsgi import application

    schema = schemathesis.openapi.from_wsgi(f"{API}/openapi.json", application)
    user = {None: None, Role.OWNER: council.owner, Role.PERFORMANCE: council.performance}[role]
    headers = bearer(user) if user is not None else {}
    failures = []
    for operation in schema.get_all_operations():
        api_operation = operation.ok()

        @settings(
            max_examples=50,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        @given(case=api_operation.as_strategy())
        def check(case):
            case.call_and_validate(
                headers={"Authorization": headers["HTTP_AUTHORIZATION"]} if headers else None,
                # A pattern cannot say that 20 follows 2019: "2019/99" fits the schema and is
                # refused with a 422, as it should be; every other default check runs.
                excluded_checks=[positive_data_acceptance],
            )

        try:
            check()
        except Exception as error:  # noqa: BLE001  collect every operation's failure
            failures.append(f"{api_operation.method.upper()} {api_operation.path}: {error}")
    assert not failures, "\n\n".join(failures)
