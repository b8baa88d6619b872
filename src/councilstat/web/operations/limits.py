"""Refuse an oversized request before its body is read.

Django reads a POST's body only when something asks for ``request.POST`` or ``request.FILES``
(the CSRF check does, for every POST), and spools a large upload to disk as it reads. This
middleware runs before that, from the declared ``Content-Length`` alone: a request larger than
``COUNCILSTAT_MAX_REQUEST_BYTES`` is refused, and so is one from someone not signed in that is
larger than ``COUNCILSTAT_MAX_ANONYMOUS_REQUEST_BYTES`` (a sign-in form is a few hundred bytes;
a call to the API with a token counts as signed in, the API checking the token before it reads
the body), each with a styled 413 page. The reverse proxy's own body-size limit (in the
deployment guide) stops larger bodies before they reach Django at all.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from councilstat.web.operations.requests import request_id_of

__all__ = ["RequestSizeMiddleware", "declared_length"]

_WITH_BODY = {"POST", "PUT", "PATCH"}


def declared_length(request: HttpRequest) -> int | None:
    """The body's size as the client declares it; ``None`` when it is not a number."""
    raw = request.META.get("CONTENT_LENGTH") or "0"
    try:
        length = int(raw)
    except ValueError:
        return None
    return length if length >= 0 else None


class RequestSizeMiddleware:
    """Place after the authentication middleware (it needs ``request.user``, which reads the
    session, never the body) and before anything that reads the body."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in _WITH_BODY:
            length = declared_length(request)
            signed_in = _signed_in(request)
            limit = (
                settings.COUNCILSTAT_MAX_REQUEST_BYTES
                if signed_in
                else settings.COUNCILSTAT_MAX_ANONYMOUS_REQUEST_BYTES
            )
            if length is None or length > limit:
                return _too_large(request, limit, signed_in=signed_in)
        return self.get_response(request)


def _signed_in(request: HttpRequest) -> bool:
    """Signed in, or calling the API with a token (checked by the API before it reads the
    body: its views are exempt from the CSRF check that would read it first)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    return request.path.startswith("/api/") and request.headers.get("Authorization", "").startswith(
        "Bearer "
    )


def _too_large(request: HttpRequest, limit: int, *, signed_in: bool) -> HttpResponse:
    context = {
        "limit_mb": f"{limit / (1024 * 1024):,.0f}",
        "signed_in": signed_in,
        "request_id": request_id_of(request),
    }
    response = render(request, "errors/413.html", context, status=413)
    response["Connection"] = "close"  # the unread body is not left for the next request
    return response
