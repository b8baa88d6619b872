"""The same hostile values through every door a value comes in by: a file imported in the
browser, the entry form and the API. Each is refused clearly and nothing is stored, because all
three keep the core's one set of bounds (``core.validation``). ``make test`` runs this module on
SQLite and again on PostgreSQL, whose columns refuse what SQLite would silently keep.

The text fields' lengths are checked here too: the core's table must match the stored columns.
"""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from django.urls import reverse

from councilstat.core.periods import Quarter
from councilstat.core.validation import MAX_LENGTH
from councilstat.web.api.tokens import create_token
from councilstat.web.collection.models import Observation
from councilstat.web.plans.models import Measure, Plan, Target
from tests.unit.io.plan_files import MEASURES, write_workbook

Q2 = Quarter(2019, 2)
TOO_BIG = "must be less than 1,000,000,000,000"
TOO_PRECISE = "no more than 6 decimal places"
NOT_FINITE = "not a finite number"
TOO_LONG = "no more than 15 significant digits"

# (as typed in a file or a form, as written in JSON, what every door says)
HOSTILE = [
    ("1e30", "1e30", TOO_BIG),
    ("12345678901234567890", "12345678901234567890", TOO_BIG),
    ("1e12", "1e12", TOO_BIG),
    ("-1e12", "-1e12", TOO_BIG),
    ("1000000000000.5", "1000000000000.5", TOO_BIG),
    ("1.2345678", "1.2345678", TOO_PRECISE),
    ("50.0000001", "50.0000001", TOO_PRECISE),
    # Within 10^12 and 6 places, but more digits than SQLite keeps: the first came back as 10^12
    # (and broke every page showing it), the second altered.
    ("999999999999.999999", "999999999999.999999", TOO_LONG),
    ("123456789012.123456", "123456789012.123456", TOO_LONG),
    ("nan", "NaN", NOT_FINITE),
    ("inf", "Infinity", NOT_FINITE),
    ("-inf", "-Infinity", NOT_FINITE),
]
# The form says "Enter the value as a number" for what is not a finite number.
FORM_MESSAGE = {NOT_FINITE: "Enter the value as a number, like 78.5"}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def stored():
    """A fingerprint of everything a value or a measure's text could change."""
    return (
        list(Plan.objects.order_by("pk").values_list("pk", "title")),
        list(Measure.objects.order_by("pk").values_list("pk", "code", "title", "source")),
        list(Target.objects.order_by("pk").values_list("pk", "period", "value")),
        list(
            Observation.objects.order_by("pk").values_list(
                "pk", "period", "value", "numerator", "denominator", "commentary", "version"
            )
        ),
    )


def through_a_file(council, name: str, content: bytes, *, kind="observations") -> str:
    """Upload a file in the browser, try to confirm it; the preview page."""
    performance = signed_in(council.performance)
    data = {"kind": kind, "file": SimpleUploadedFile(name, content)}
    if kind == "observations":
        data["plan"] = council.plan.pk
    response = performance.post(reverse("collection:import"), data)
    assert response.status_code == 302, response.content.decode()
    page = performance.get(response.url).content.decode()
    confirmed = performance.post(response.url, {"action": "confirm"})
    assert "Nothing has been imported" in confirmed.content.decode()
    return page


def through_the_form(council, **fields) -> str:
    url = reverse(
        "collection:entry", kwargs={"plan_id": council.plan.pk, "code": "1A1", "period": Q2}
    )
    data = {"value": "", "version": "", "action": "draft", "commentary": "", **fields}
    response = signed_in(council.owner).post(url, data)
    assert response.status_code == 200
    return response.content.decode()


def through_the_api(council, body: str):
    _, secret = create_token(council.owner, "hostile")
    return Client().post(
        f"/api/v1/plans/{council.plan.pk}/measures/1A1/observations",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )


@pytest.mark.parametrize(("typed", "written", "message"), HOSTILE)
def test_a_hostile_value_is_refused_by_every_door_and_nothing_is_stored(
    council, typed, written, message
):
    before = stored()

    for column in ("value", "numerator", "denominator"):
        row = {"value": "", "numerator": "", "denominator": ""}
        row[column] = typed
        if column != "value":
            row["numerator" if column == "denominator" else "denominator"] = "40"
        content = (
            "code,period,value,numerator,denominator\r\n"
            f"1A1,2019/20 Q2,{row['value']},{row['numerator']},{row['denominator']}\r\n"
        ).encode()
        page = through_a_file(council, "values.csv", content)
        assert f"values.csv:2:{column}: " in page
        assert message in page
        assert stored() == before

    page = through_the_form(council, value=typed)
    assert '<a href="#id_value">' in page
    assert FORM_MESSAGE.get(message, message) in page
    assert stored() == before

    response = through_the_api(council, f'{{"period": "2019/20 Q2", "value": {written}}}')
    assert response.status_code == 422, response.content
    (error,) = response.json()["detail"]
    assert error["loc"][-1] == "value"
    assert message in error["msg"]
    assert stored() == before


@pytest.mark.parametrize(
    "written", ["999999999999.999", "-999999999.999999", "123456789.123456", "0.000001"]
)
def test_values_within_the_bounds_are_stored_as_sent_and_read_back(council, written):
    """The API reads a JSON number exactly (as a Decimal, not through a float), and the store
    gives it back unchanged on both databases."""
    from tests.integration import factories

    factories.measure(council.plan, "9Z9", owner=council.owner, unit="number", tolerance="2")
    _, secret = create_token(council.owner, "exact")
    response = Client().post(
        f"/api/v1/plans/{council.plan.pk}/measures/9Z9/observations",
        f'{{"period": "2019/20 Q2", "value": {written}}}',
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 201, response.content
    saved = Observation.objects.get(measure__code="9Z9", period="2019/20 Q2")
    assert saved.value == D(written)


@pytest.mark.parametrize("door", ["file", "form", "api"])
def test_negative_zero_is_stored_as_zero_by_every_door(council, door):
    if door == "file":
        content = b"code,period,value,note\r\n1A1,2019/20 Q2,-0,Closed all quarter\r\n"
        performance = signed_in(council.performance)
        data = {"kind": "observations", "plan": council.plan.pk}
        data["file"] = SimpleUploadedFile("values.csv", content)
        preview = performance.post(reverse("collection:import"), data)
        assert performance.post(preview.url, {"action": "confirm"}).status_code == 302
    elif door == "form":
        url = reverse(
            "collection:entry", kwargs={"plan_id": council.plan.pk, "code": "1A1", "period": Q2}
        )
        data = {"value": "-0", "version": "", "action": "draft", "commentary": "Closed"}
        data |= {"confirmed": "on", "confirmation_asked": "on"}  # far from last quarter's 70
        assert signed_in(council.owner).post(url, data).status_code == 302
    else:
        body = '{"period": "2019/20 Q2", "value": -0.0, "commentary": "Closed", "confirmed": true}'
        assert through_the_api(council, body).status_code == 201
    value = Observation.objects.get(measure=council.measure, period="2019/20 Q2").value
    assert value == 0
    assert not value.is_signed()


def test_commentary_longer_than_its_limit_is_refused_by_every_door(council):
    limit = MAX_LENGTH["commentary"]
    long = "c" * (limit + 1)
    before = stored()
    content = f"code,period,value,note\r\n1A1,2019/20 Q2,60,{long}\r\n".encode()
    page = through_a_file(council, "values.csv", content)
    assert f"values.csv:2:note: the note is {limit + 1} characters long: at most {limit}" in page
    assert stored() == before
    page = through_the_form(council, value="60", commentary=long)
    assert '<a href="#id_commentary">' in page
    assert stored() == before
    body = json.dumps({"period": "2019/20 Q2", "value": 60, "commentary": long})
    response = through_the_api(council, body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "commentary"
    assert stored() == before


def test_a_source_of_301_characters_is_refused_by_the_plan_import_and_the_measure_form(
    council, tmp_path
):
    """The API writes values only, so a measure's text comes in by a plan file or the form."""
    before = stored()
    header = MEASURES[0] + ",source"
    measures = [header, MEASURES[1] + "," + "s" * 301, *(m + "," for m in MEASURES[2:])]
    content = write_workbook(tmp_path / "plan.xlsx", measures=measures).read_bytes()
    page = through_a_file(council, "plan.xlsx", content, kind="plan")
    assert (
        "plan.xlsx:Measures:2:source: the source is 301 characters long: at most 300 are allowed"
        in page
    )
    assert stored() == before
    performance = signed_in(council.performance)
    url = reverse("plans:edit_measure", kwargs={"plan_id": council.plan.pk, "code": "1A1"})
    form = {
        "title": council.measure.title,
        "polarity": "higher",
        "aggregation": "last",
        "tolerance": "2",
        "definition": "",
        "source": "s" * 301,
        "is_public": "on",
        "reason": "A long source",
    }
    response = performance.post(url, form)
    assert response.status_code == 200
    assert '<a href="#id_source">' in response.content.decode()
    assert stored() == before


@pytest.mark.parametrize(
    ("typed", "message"),
    [("1e30", TOO_BIG), ("1.2345678", TOO_PRECISE), ("-1e12", TOO_BIG)],
)
def test_a_hostile_target_is_refused_by_the_target_form(council, typed, message):
    before = stored()
    url = reverse("plans:edit_target", kwargs={"plan_id": council.plan.pk, "code": "1A1"})
    response = signed_in(council.performance).post(
        url, {"period": "2019/20 Q3", "target": typed, "reason": "Profiled"}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert stored() == before


# Where each of the core's text limits is stored: app, model, field. Text the core limits
# that is stored without a limit (a TextField) has the core's limit only.
STORED_AS = {
    "code": [("plans", "Measure", "code")],
    "title": [("plans", "Measure", "title")],
    "priority": [("plans", "Priority", "code")],
    "priority_title": [("plans", "Priority", "title")],
    "outcome": [("plans", "Outcome", "code")],
    "outcome_title": [("plans", "Outcome", "title")],
    "directorate": [("accounts", "Directorate", "name")],
    "source": [("plans", "Measure", "source")],
    "organisation": [("accounts", "Organisation", "name")],
    "plan_title": [("plans", "Plan", "title")],
    "outcome_term": [("plans", "Plan", "outcome_term")],
    "outcome_term_plural": [("plans", "Plan", "outcome_term_plural")],
    "definition": [("plans", "Measure", "definition")],
    "note": [("collection", "Observation", "commentary")],
    "commentary": [("collection", "Observation", "commentary")],
}
NOT_STORED = {
    "owner": "matched to a user by name, never stored as text",
}


def test_the_cores_text_limits_match_the_stored_columns():
    assert set(STORED_AS) | set(NOT_STORED) == set(MAX_LENGTH), (
        "say where each of the core's text limits is stored"
    )
    for key, columns in STORED_AS.items():
        for app_label, model_name, field_name in columns:
            field = apps.get_model(app_label, model_name)._meta.get_field(field_name)
            if isinstance(field, models.TextField):
                continue  # unlimited in the store: the core's limit is the only one
            assert field.max_length == MAX_LENGTH[key], (key, app_label, model_name, field_name)


def test_a_column_longer_or_shorter_than_the_core_would_be_caught(monkeypatch):
    """The comparison above can fail: a source column of 200 differs from the core's 300."""
    field = Measure._meta.get_field("source")
    monkeypatch.setattr(field, "max_length", 200)
    with pytest.raises(AssertionError):
        test_the_cores_text_limits_match_the_stored_columns()
