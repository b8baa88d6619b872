"""A request ID for every request: in the ``X-Request-ID`` response header, on every log line
written while the request runs (``logs.RequestIdFilter``) and on the error pages, so that a
user who quotes it leads the support team to the log lines."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

__all__ = ["HEADER", "RequestIdMiddleware", "current_request_id", "request_id_of"]

HEADER = "X-Request-ID"
_current: ContextVar[str | None] = ContextVar("councilstat_request_id", default=None)


def current_request_id() -> str | None:
    """The ID of the request this thread is serving, if any."""
    return _current.get()


def request_id_of(request: HttpRequest) -> str:
    """The request's ID (made here if the middleware has not run, e.g. in a unit test)."""
    found = getattr(request, "request_id", None)
    if not found:
        found = uuid.uuid4().hex
        request.request_id = found  # type: ignore[attr-defined]
    return str(found)


class RequestIdMiddleware:
    """Gives each request a new random ID. An ID sent by the client is not trusted: it could
    be chosen to confuse the logs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request_id
        return response
