"""Public pages: no sign-in, published values of public measures only, cached.

The short addresses show the latest published quarter; every published quarter keeps its own
(``/public/<id>/quarters/2019-20-q2/``), and each page links to the quarters either side.

Each view builds its page from ``selectors.public_plan`` through the presenters, renders it
without the request (so nothing about the visitor is in it), and keeps it in the cache until
the organisation's figures change (``common.published.published_figures_changed``).
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from councilstat.core.periods import Quarter
from councilstat.io.exports import csv_text
from councilstat.web.public import presenters
from councilstat.web.public.cache import cached_page
from councilstat.web.public.selectors import public_organisations, public_plan

__all__ = [
    "accessibility",
    "quarters",
    "data_csv",
    "data_json",
    "glance",
    "index",
    "measure",
    "measure_csv",
    "measure_json",
    "priority",
]


def _html(template: str, context: dict[str, Any]) -> HttpResponse:
    return HttpResponse(render_to_string(template, context))


def _licence_link(response: HttpResponse) -> HttpResponse:
    response["Link"] = f'<{presenters.LICENCE_URL}>; rel="license"'
    return response


def _attachment(response: HttpResponse, name: str) -> HttpResponse:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "data"
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    return _licence_link(response)


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return cached_page(
        None,
        request.path,
        lambda: _html("public/index.html", {"organisations": public_organisations()}),
    )


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return cached_page(
        None,
        request.path,
        lambda: _html(
            "public/accessibility.html", {"statement": presenters.accessibility_statement()}
        ),
    )


@require_safe
def glance(
    request: HttpRequest, organisation_id: int, quarter: Quarter | None = None
) -> HttpResponse:
    def build() -> HttpResponse:
        page = presenters.glance(public_plan(organisation_id, quarter))
        return _html("public/glance.html", {"page": page, "public": page.public})

    return cached_page(organisation_id, request.path, build)


@require_safe
def quarters(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """Every quarter the council has published, latest first."""

    def build() -> HttpResponse:
        public = public_plan(organisation_id)
        return _html("public/quarters.html", {"public": public})

    return cached_page(organisation_id, request.path, build)


@require_safe
def priority(
    request: HttpRequest, organisation_id: int, code: str, quarter: Quarter | None = None
) -> HttpResponse:
    def build() -> HttpResponse:
        page = presenters.priority_page(public_plan(organisation_id, quarter), code)
        return _html("public/priority.html", {"page": page, "public": page.public})

    return cached_page(organisation_id, request.path, build)


@require_safe
def measure(
    request: HttpRequest, organisation_id: int, code: str, quarter: Quarter | None = None
) -> HttpResponse:
    def build() -> HttpResponse:
        page = presenters.measure_page(public_plan(organisation_id, quarter), code)
        return _html("public/measure.html", {"page": page, "public": page.public})

    return cached_page(organisation_id, request.path, build)


def _csv(organisation_id: int, code: str | None) -> HttpResponse:
    public = public_plan(organisation_id)
    text = csv_text(presenters.DOWNLOAD_COLUMNS, presenters.download_rows(public, code))
    response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
    stem = f"performance-{organisation_id}" + (f"-{code}" if code else "")
    return _attachment(response, f"{stem}.csv")


def _json(organisation_id: int, code: str | None) -> HttpResponse:
    data = presenters.download_json(public_plan(organisation_id), code)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8"),
        content_type="application/json",
    )
    stem = f"performance-{organisation_id}" + (f"-{code}" if code else "")
    return _attachment(response, f"{stem}.json")


@require_safe
def data_csv(request: HttpRequest, organisation_id: int) -> HttpResponse:
    return cached_page(organisation_id, request.path, lambda: _csv(organisation_id, None))


@require_safe
def data_json(request: HttpRequest, organisation_id: int) -> HttpResponse:
    return cached_page(organisation_id, request.path, lambda: _json(organisation_id, None))


@require_safe
def measure_csv(request: HttpRequest, organisation_id: int, code: str) -> HttpResponse:
    return cached_page(organisation_id, request.path, lambda: _csv(organisation_id, code))


@require_safe
def measure_json(request: HttpRequest, organisation_id: int, code: str) -> HttpResponse:
    return cached_page(organisation_id, request.path, lambda: _json(organisation_id, code))
