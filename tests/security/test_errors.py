"""DEP-3 and the fault pages: 403, 404, 500 and 503 in the service's layout, saying what to
do, the 500 and 503 with the request's ID, which is also on the log line; no traceback,
setting or SQL on the page; a locked, read-only or full database gives "try again" (503),
never a bare 500, on a write path and at sign-in."""

from __future__ import annotations

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from councilstat.core.periods import Quarter
from tests.integration.factories import PASSWORD

LAYOUT = b'class="govuk-template__body"'
HEADER = "X-Request-ID"


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.urls("tests.security.urls")
def test_a_server_error_shows_a_generic_page_with_the_request_id(council, json_logs):
    response = signed_in(council.owner).get("/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert 'class="govuk-template__body"' in page
    assert "Sorry, there is a problem with the service" in page
    request_id = response[HEADER]
    assert len(request_id) == 32
    assert request_id in page
    for leak in ("Traceback", "RuntimeError", "SECRET_KEY", "SELECT", "accounts_user"):
        assert leak not in page
    (logged,) = [r for r in json_logs.records() if r["logger"] == "django.request"]
    assert logged["level"] == "ERROR"
    assert logged["request_id"] == request_id
    assert "RuntimeError" in logged["exception"]


@pytest.mark.urls("tests.security.urls")
def test_a_read_only_database_gives_the_try_again_page(council, json_logs):
    response = signed_in(council.owner).get("/readonly/")
    assert response.status_code == 503
    assert response["Retry-After"]
    page = response.content.decode()
    assert 'class="govuk-template__body"' in page
    assert "Nothing was changed" in page
    assert "try again" in page
    assert response[HEADER] in page
    (logged,) = [r for r in json_logs.records() if r.get("event") == "database_fault"]
    assert logged["request_id"] == response[HEADER]
    assert "readonly" in logged["message"]


@pytest.mark.urls("tests.security.urls")
def test_the_try_again_page_hides_the_service_navigation(council):
    """A 503 is drawn without reading the database that has just failed: no menu, no user's
    name, no sign-out form (each would need the database, or lead to pages that do), only
    the service name and what to do. A normal page for the same user has all three."""
    client = signed_in(council.performance)
    normal = client.get(reverse("collection:periods")).content.decode()
    for furniture in (
        "govuk-service-navigation__list",
        "Signed in as",
        "Sign out",
        "Collection rounds",
    ):
        assert furniture in normal
    page = client.get("/readonly/").content.decode()
    assert "Sorry, your changes could not be saved" in page
    assert "govuk-service-navigation__service-name" in page
    for furniture in (
        "govuk-service-navigation__list",
        "Signed in as",
        "Sign out",
        "Collection rounds",
    ):
        assert furniture not in page


@pytest.mark.parametrize(
    "message",
    ["database is locked", "attempt to write a readonly database", "database or disk is full"],
)
def test_a_database_fault_while_saving_a_value_gives_503(council, monkeypatch, message):
    def failing(*args, **kwargs):
        raise OperationalError(message)

    monkeypatch.setattr("councilstat.web.collection.views.enter_observation", failing)
    url = reverse(
        "collection:entry",
        kwargs={"plan_id": council.plan.pk, "code": "1A1", "period": Quarter(2019, 2)},
    )
    response = signed_in(council.owner).post(
        url, {"value": "75", "version": "", "action": "draft", "commentary": ""}
    )
    assert response.status_code == 503
    assert b"Sorry, your changes could not be saved" in response.content


def test_a_database_fault_while_saving_the_session_at_sign_in_gives_503(council, monkeypatch):
    def failing(self, must_create=False):
        raise OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(SessionStore, "save", failing)
    client = Client(raise_request_exception=False)
    response = client.post(reverse("accounts:login"), {"username": "owner", "password": PASSWORD})
    assert response.status_code == 503
    assert LAYOUT in response.content
    assert b"Sorry, your changes could not be saved" in response.content


def test_not_found_is_a_styled_page(council):
    response = signed_in(council.owner).get("/no-such-page/")
    assert response.status_code == 404
    assert LAYOUT in response.content
    assert b"Page not found" in response.content
    assert b"check it is correct" in response.content


def test_a_refusal_is_a_styled_page_and_a_logged_event(council, json_logs):
    response = signed_in(council.councillor).get(reverse("collection:periods"))
    assert response.status_code == 403
    assert LAYOUT in response.content
    assert b"You cannot do this" in response.content
    assert b"ask the performance team" in response.content
    (event,) = json_logs.events("permission_denied")
    assert event["user_id"] == council.councillor.pk
    assert event["target"] == reverse("collection:periods")
    assert event["request_id"] == response[HEADER]


def test_a_form_without_its_csrf_token_is_a_styled_page(council):
    client = Client(enforce_csrf_checks=True)
    client.force_login(council.owner)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 403
    assert LAYOUT in response.content
    assert b"Your form could not be sent" in response.content
