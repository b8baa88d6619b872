"""DEP-2 and DEP-4: security headers on pages, the API and downloads; no inline script in
any template; the API docs behind sign-in unless a setting opens them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse

SOURCE = Path(__file__).resolve().parents[2] / "src" / "councilstat"
API = "/api/v1"


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    found = {}
    for part in policy.split(";"):
        name, *values = part.split()
        found[name] = values
    return found


def assert_strict_policy(response):
    policy = directives(response)
    assert policy["frame-ancestors"] == ["'none'"]
    script = policy.get("script-src", policy["default-src"])
    assert script == ["'self'"]
    assert "'unsafe-inline'" not in script
    assert "'unsafe-eval'" not in script
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_every_kind_of_response_carries_the_policy(council):
    performance = signed_in(council.performance)
    responses = {
        "sign-in page": Client().get(reverse("accounts:login")),
        "dashboard": performance.get("/"),
        "API": performance.get(f"{API}/plans"),
        "download": performance.get(
            reverse(
                "audit:measure_csv",
                kwargs={"plan_id": council.plan.pk, "code": council.measure.code},
            )
        ),
        "not found": performance.get("/no-such-page/"),
    }
    for name, response in responses.items():
        assert response.status_code == (404 if name == "not found" else 200), name
        assert_strict_policy(response)
        assert response["X-Content-Type-Options"] == "nosniff", name


def test_signed_in_pages_and_the_api_are_not_stored(council):
    performance = signed_in(council.performance)
    for url in ("/", f"{API}/plans"):
        assert "no-store" in performance.get(url)["Cache-Control"]


def test_production_adds_hsts_and_a_referrer_policy(council, production):
    names = ("SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD")
    values = {name: getattr(production, name) for name in (*names, "SECURE_REFERRER_POLICY")}
    with override_settings(**values, SECURE_PROXY_SSL_HEADER=production.SECURE_PROXY_SSL_HEADER):
        response = Client(HTTP_X_FORWARDED_PROTO="https").get(reverse("accounts:login"))
    hsts = response["Strict-Transport-Security"]
    assert int(re.search(r"max-age=(\d+)", hsts).group(1)) >= 31_536_000
    assert response["Referrer-Policy"] == "same-origin"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


def test_no_template_has_inline_script_or_event_handlers():
    templates = list(SOURCE.rglob("templates/**/*.html"))
    assert len(templates) > 30
    offenders = []
    for template in templates:
        text = template.read_text()
        if INLINE_SCRIPT.search(text) or EVENT_HANDLER.search(text) or "javascript:" in text:
            offenders.append(str(template.relative_to(SOURCE)))
    assert offenders == []


@pytest.mark.parametrize("path", [f"{API}/docs", f"{API}/explorer", f"{API}/openapi.json"])
def test_api_docs_need_a_signed_in_user(client, council, path):
    refused = client.get(path)
    assert refused.status_code in (302, 401)
    if refused.status_code == 302:
        assert refused["Location"].startswith(reverse("accounts:login"))
    client.force_login(council.councillor)
    assert client.get(path).status_code == 200


def test_a_setting_opens_the_api_docs(client, settings):
    settings.COUNCILSTAT_API_DOCS_PUBLIC = True
    assert client.get(f"{API}/openapi.json").status_code == 200
    assert client.get(f"{API}/docs").status_code == 200
    assert client.get(f"{API}/explorer").status_code == 200


def test_production_keeps_the_api_docs_closed(production):
    assert production.COUNCILSTAT_API_DOCS_PUBLIC is False


def test_production_headers_on_a_page_the_api_and_a_download(council, production):
    """DEP-2 as the checklist words it, with the production settings' security headers: on an
    HTML page, the API and a file download alike, HSTS of a year or more, ``nosniff``, a
    Referrer-Policy, the strict CSP, and (signed in) ``Cache-Control: no-store``."""
    names = (
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_REFERRER_POLICY",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_SSL_REDIRECT",
        "X_FRAME_OPTIONS",
    )
    values = {name: getattr(production, name) for name in names if hasattr(production, name)}
    with override_settings(**values):
        client = Client(HTTP_X_FORWARDED_PROTO="https")
        client.force_login(council.performance)
        download = reverse(
            "audit:measure_csv", kwargs={"plan_id": council.plan.pk, "code": council.measure.code}
        )
        responses = {
            "page": client.get("/", secure=True),
            "API": client.get(f"{API}/plans", secure=True),
            "download": client.get(download, secure=True),
        }
    assert responses["download"]["Content-Disposition"].startswith("attachment")
    for name, response in responses.items():
        assert response.status_code == 200, name
        hsts = response["Strict-Transport-Security"]
        assert int(re.search(r"max-age=(\d+)", hsts).group(1)) >= 31_536_000, name
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["Referrer-Policy"] == "same-origin", name
        assert "no-store" in response["Cache-Control"], name
        assert_strict_policy(response)


@pytest.mark.parametrize("path", ["/admin/", "/admin/login/", "/health/", "/healthz", "/status/"])
def test_no_admin_site_or_health_page_is_exposed(council, settings, path):
    """DEP-4: the service has no Django admin and no health or status page that could show
    versions: each address is the service's plain 404, even for a superuser."""
    superuser = Client()
    admin = council.performance
    admin.is_staff = admin.is_superuser = True
    admin.save()
    superuser.force_login(admin)
    for client in (Client(), superuser):
        response = client.get(path)
        assert response.status_code == 404, path
        assert b"Page not found" in response.content
        assert b"Django" not in response.content
    assert "django.contrib.admin" not in settings.INSTALLED_APPS


def test_the_accessibility_statement_is_right_about_the_api_docs(client, settings):
    """The statement names the third-party API explorer as failing, the reference as its
    accessible alternative, and both as closed to the public unless the council opens them:
    so they are, by default and in production."""
    statement = client.get(reverse("public:accessibility")).content.decode()
    assert "<code>/api/v1/explorer</code>" in statement
    assert "<code>/api/v1/docs</code>" in statement
    assert "both are closed to the public unless the council opens them" in statement
    assert settings.COUNCILSTAT_API_DOCS_PUBLIC is False
    for page in ("docs", "explorer"):
        refused = client.get(f"{API}/{page}")
        assert refused.status_code == 302
        assert refused["Location"].startswith(reverse("accounts:login"))
