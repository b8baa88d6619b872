"""The REST API, mounted at /api/v1/: schema at /api/v1/openapi.json, the reference at
/api/v1/docs and the interactive explorer at /api/v1/explorer.

Every operation needs a caller: a personal API token (``Authorization: Bearer cs_…``) or the
browser's signed-in session, CSRF-checked for unsafe methods. Reads are scoped to the caller's
organisation and to the values they may see; writes go through the web form's services.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, cast

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase, Swagger
from ninja.parser import Parser

from councilstat.web.accounts.docs_access import signed_in_unless_public
from councilstat.web.api import comparators, plans, values
from councilstat.web.api.auth import SessionCookieAuth, TokenAuth
from councilstat.web.api.errors import install_handlers
from councilstat.web.api.reference import reference

__all__ = ["api", "explorer"]


class ReferenceDocs(DocsBase):
    """The API reference in words (``reference``), in the service's layout: every operation
    with its parameters, body and responses, and every schema. It links the interactive
    explorer (ninja's Swagger UI, from its own static files), which is not accessible."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        schema = api.get_openapi_schema(path_prefix=request.path.rsplit("docs", 1)[0])
        context = {
            "reference": reference(schema),
            "schema_url": self.get_openapi_url(api, kwargs),
            "explorer": "ninja" in settings.INSTALLED_APPS,
        }
        return render(request, "api/docs.html", context)


@signed_in_unless_public
def explorer(request: HttpRequest) -> HttpResponse:
    """The interactive explorer (Swagger UI) beside the reference."""
    if "ninja" not in settings.INSTALLED_APPS:
        raise Http404("the interactive explorer is not installed")
    return Swagger().render_page(request, api)


class ExactNumbers(Parser):
    """JSON bodies with their numbers read exactly, as ``Decimal`` (``NaN`` and ``Infinity``
    too, so that the core's bounds refuse them by name): a value sent as
    ``999999999999.9999999`` reaches the checks as written (7 decimal places), not rounded by a
    float to 10^12 first."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        return cast(
            dict[str, Any], json.loads(request.body, parse_float=Decimal, parse_constant=Decimal)
        )


api = NinjaAPI(
    title="CouncilStat API",
    version="1",
    description=__doc__ or "",
    urls_namespace="api",
    auth=[TokenAuth(), SessionCookieAuth()],
    docs=ReferenceDocs(),
    docs_decorator=signed_in_unless_public,
    parser=ExactNumbers(),
)
install_handlers(api)
api.add_router("", plans.router)
api.add_router("", values.router)
api.add_router("", comparators.router)
