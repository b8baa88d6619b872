"""Error pages in the service's layout, each saying what to do next, and database faults
answered with a "try again" page (503) rather than a bare 500.

A database that is locked for longer than the busy timeout, read-only, full or unreachable
raises ``OperationalError`` (or, for a read-only PostgreSQL transaction, an error saying so).
Nothing was saved: the transaction rolled back. Raised by a view, ``DatabaseFaultMiddleware``
answers it; raised later, while the session is saved, ``server_error`` does.

The 500 and 503 pages are rendered without the request's context processors, so drawing them
reads nothing from the database that has just failed.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DatabaseError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader

from councilstat.web.operations.logs import security_event
from councilstat.web.operations.requests import request_id_of

__all__ = [
    "DatabaseFaultMiddleware",
    "csrf_failure",
    "is_database_fault",
    "page_not_found",
    "permission_denied",
    "server_error",
    "unavailable",
]

log = logging.getLogger("councilstat.operations")

RETRY_AFTER_SECONDS = 30


def is_database_fault(error: BaseException | None) -> bool:
    """Whether ``error`` is the database refusing work for now (locked, read-only, full or
    unreachable) rather than a fault in the code."""
    if isinstance(error, OperationalError):
        return True
    return isinstance(error, DatabaseError) and "read-only" in str(error)


def _user_id(request: HttpRequest) -> int | None:
    user = getattr(request, "user", None)
    return getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None


def _plain_page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    context = {
        "request_id": request_id_of(request),
        "service_name": settings.COUNCILSTAT_SERVICE_NAME,
    }
    return HttpResponse(loader.render_to_string(template, context), status=status)


def unavailable(request: HttpRequest) -> HttpResponse:
    """503: nothing was saved; try again in a minute."""
    response = _plain_page(request, "errors/503.html", 503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: Django has logged the exception (``django.request``) with the request's
    ID, which the page shows."""
    if is_database_fault(sys.exc_info()[1]):
        return unavailable(request)
    return _plain_page(request, "errors/500.html", 500)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    security_event(
        "permission_denied",
        level=logging.WARNING,
        user_id=_user_id(request),
        method=request.method,
        target=request.path,
        reason=str(exception),
    )
    return render(request, "errors/403.html", {"request_id": request_id_of(request)}, status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: most often a form left open past the session's end."""
    security_event(
        "csrf_failure",
        level=logging.WARNING,
        user_id=_user_id(request),
        method=request.method,
        target=request.path,
        reason=reason,
    )
    return render(request, "errors/csrf.html", {"request_id": request_id_of(request)}, status=403)


class DatabaseFaultMiddleware:
    """Turns a database fault raised by a view into the 503 "try again" page, logged with the
    request's ID."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> Any:
        if not is_database_fault(exception):
            return None
        log.error(
            "Database fault: %s",
            exception,
            exc_info=exception,
            extra={"event": "database_fault", "method": request.method, "target": request.path},
        )
        return unavailable(request)
