"""LOG-1: one JSON line per security event, with the event, user, target, request ID and a
UTC time; a username holding a newline cannot forge a line; no password, session key or token
in any line; the production settings send every logger, Django's errors among them, through
the JSON handler."""

from __future__ import annotations

import datetime as dt
import json
import logging
import logging.config

from django.test import Client
from django.urls import reverse

from councilstat.web.accounts.models import User
from tests.integration.factories import PASSWORD

HEADER = "X-Request-ID"


def attempt(client: Client, username: str, password: str):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_sign_in_and_a_failed_sign_in_are_logged(client, council, json_logs):
    failed = attempt(client, "owner", "not-the-password")
    done = attempt(client, "owner", PASSWORD)
    (failure,) = json_logs.events("sign_in_failed")
    (success,) = json_logs.events("sign_in")
    assert failure["username"] == "owner"
    assert failure["level"] == "WARNING"
    assert failure["request_id"] == failed[HEADER]
    assert success["user_id"] == council.owner.pk
    assert success["request_id"] == done[HEADER]
    for record in (failure, success):
        moment = dt.datetime.fromisoformat(record["time"].replace("Z", "+00:00"))
        assert moment.utcoffset() == dt.timedelta(0)
        assert record["ip_address"] == "127.0.0.1"


def test_a_lockout_is_logged(client, council, json_logs):
    for _ in range(6):
        attempt(client, "owner", "wrong")
    locked = json_logs.events("locked_out")
    assert locked
    assert locked[0]["username"] == "owner"


def test_a_username_with_a_newline_cannot_forge_a_line(client, council, json_logs):
    forged = 'x"}\n{"event": "sign_in", "user_id": 1, "level": "INFO"'
    attempt(client, forged, "wrong")
    lines = json_logs.text.splitlines()
    records = [json.loads(line) for line in lines]  # every line is whole JSON
    assert [r["event"] for r in records if r.get("event") == "sign_in"] == []
    (failure,) = [r for r in records if r.get("event") == "sign_in_failed"]
    assert failure["username"] == forged


def test_no_password_session_key_or_token_is_logged(client, council, json_logs):
    attempt(client, "owner", "a-wrong-secret-passphrase")
    attempt(client, "owner", PASSWORD)
    session_key = client.cookies["sessionid"].value
    client.get("/")
    shown = client.post(reverse("api-tokens"), {"name": "laptop"}).content.decode()
    token = shown[shown.index("cs_") :].split("<", 1)[0].split()[0]
    assert len(token) > 20
    text = json_logs.text
    for secret in (PASSWORD, "a-wrong-secret-passphrase", session_key, token):
        assert secret not in text


def test_a_refusal_is_logged_with_the_user_and_target(client, council, json_logs):
    client.force_login(council.owner)
    response = client.get(reverse("collection:periods"))
    (event,) = json_logs.events("permission_denied")
    assert (event["user_id"], event["target"], event["method"]) == (
        council.owner.pk,
        reverse("collection:periods"),
        "GET",
    )
    assert event["request_id"] == response[HEADER]


def test_a_role_change_is_logged_with_who_made_it(client, council, json_logs):
    client.force_login(council.performance)
    person = council.other_owner
    response = client.post(
        reverse("plans:edit_user", kwargs={"pk": person.pk}),
        {
            "username": person.username,
            "first_name": "",
            "last_name": "",
            "email": "moved@council.example",
            "role": "director",
            "directorate": person.directorate_id,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content
    (event,) = json_logs.events("user_changed")
    assert event["actor_id"] == council.performance.pk
    assert event["target"] == person.pk
    assert event["changes"]["role"] == ["owner", "director"]
    assert event["changes"]["email"] == ["(changed)", "(changed)"]
    assert "moved@council.example" not in json_logs.text


def test_deactivating_a_user_is_logged(council, json_logs):
    person = User.objects.get(pk=council.councillor.pk)
    person.is_active = False
    person.save()
    (event,) = json_logs.events("user_changed")
    assert event["changes"] == {"is_active": [True, False]}


def test_the_logging_settings_send_every_error_as_json(settings, capsys):
    config = settings.LOGGING
    assert config["root"]["handlers"] == ["json"]
    assert config["loggers"]["django"]["propagate"] is True
    assert config["loggers"]["django"]["handlers"] == []
    logging.config.dictConfig(config)
    try:
        logging.getLogger("django.request").error("Internal Server Error: /x/")
        logging.getLogger("councilstat.security").info("event")
        err = capsys.readouterr().err.splitlines()
    finally:
        logging.config.dictConfig(config)
    records = [json.loads(line) for line in err if line.startswith("{")]
    assert {r["logger"] for r in records} >= {"django.request", "councilstat.security"}


def _one_action(json_logs, name: str, response) -> dict:
    (line,) = [r for r in json_logs.events("action") if r["action"] == name]
    assert line["request_id"] == response[HEADER]
    moment = dt.datetime.fromisoformat(line["time"].replace("Z", "+00:00"))
    assert moment.utcoffset() == dt.timedelta(0)
    return line


def test_an_import_a_sign_off_and_a_publication_are_each_one_line(council, json_logs):
    """LOG-1: one JSON line each, with the user, the action, its target, the request's ID
    and the UTC time; nothing from the body (a value, a file) is in it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from councilstat.web.collection.models import Observation, PeriodReturn, Status

    performance, director = Client(), Client()
    performance.force_login(council.performance)
    director.force_login(council.director)
    content = b"code,period,value\r\n1A1,2019/20 Q2,78.125\r\n"
    upload = performance.post(
        reverse("collection:import"),
        {
            "kind": "observations",
            "plan": council.plan.pk,
            "file": SimpleUploadedFile("values.csv", content),
        },
    )
    assert upload.status_code == 302
    confirm = performance.post(upload.url, {"action": "confirm"})
    assert confirm.status_code == 302
    value = Observation.objects.get(measure=council.measure, period="2019/20 Q2")
    approve = director.post(
        reverse("collection:approve", args=[value.pk]), {"version": value.version}
    )
    assert approve.status_code == 302
    period = PeriodReturn.objects.get(plan=council.plan, period="2019/20 Q2")
    publish = performance.post(
        reverse("collection:publish", args=[period.pk]), {"missing": "1", "confirmed": "on"}
    )
    assert publish.status_code == 302
    value.refresh_from_db()
    assert value.status == Status.PUBLISHED

    imported = _one_action(json_logs, "collection:import_preview", confirm)
    signed_off = _one_action(json_logs, "collection:approve", approve)
    published = _one_action(json_logs, "collection:publish", publish)
    assert (imported["user_id"], imported["target"], imported["status"]) == (
        council.performance.pk,
        upload.url,
        302,
    )
    assert (signed_off["user_id"], signed_off["target"]) == (
        council.director.pk,
        reverse("collection:approve", args=[value.pk]),
    )
    assert (published["user_id"], published["method"]) == (council.performance.pk, "POST")
    assert "78.125" not in json_logs.text


def test_a_refused_write_is_a_warning_line_with_its_answer(council, json_logs):
    value = council.measure.observations.get(period="2019/20 Q1")
    client = Client()
    client.force_login(council.councillor)
    response = client.post(reverse("collection:approve", args=[value.pk]), {"version": 1})
    line = _one_action(json_logs, "collection:approve", response)
    assert (line["user_id"], line["status"], line["level"]) == (
        council.councillor.pk,
        403,
        "WARNING",
    )
    assert not [r for r in json_logs.events("action") if r["method"] == "GET"]
