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
