"""Every request that could change something (POST, PUT, PATCH, DELETE) is one ``action``
line in the log: who (``user_id``), which action (the URL's name, e.g.
``collection:approve``, ``collection:publish``, ``collection:import_preview``), on what
(``target``, the path), and the answer (``status``), with the request's ID and the UTC time
that every line has. So a sign-off, a publication or an import leaves a line whatever app
serves it, and a route added later is logged without anyone remembering to.

Nothing from the request's body is logged (no value, no password, no file).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse

from councilstat.web.operations.logs import security_event

__all__ = ["ActionLogMiddleware"]

_SAFE = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def _user_id(request: HttpRequest) -> Any:
    user = getattr(request, "user", None)
    if user is None:
        return None
    try:
        return user.pk if user.is_authenticated else None
    except DatabaseError:  # the session could not be read: the database is down
        return None


class ActionLogMiddleware:
    """Logs each unsafe request once it has its answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method not in _SAFE:
            match = request.resolver_match
            security_event(
                "action",
                level=logging.INFO if response.status_code < 400 else logging.WARNING,
                user_id=_user_id(request),
                action=match.view_name if match is not None else None,
                target=request.path,
                method=request.method,
                status=response.status_code,
            )
        return response
