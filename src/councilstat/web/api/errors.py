"""Errors as the API reports them: every one JSON, every one declared in the schema.

401 ``{"detail": …}`` no or bad credentials; 403 not allowed (or the CSRF check failed);
404 not found in the caller's organisation; 409 ``{"detail", "current_version"}`` someone
else changed the value, or its state forbids the change; 422 ``{"detail": [{loc, msg,
type}]}`` the input breaks a rule (ninja's own validation errors have the same shape).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from councilstat.web.api.schemas import ConflictOut, ErrorOut, ValidationErrorOut

__all__ = ["ERRORS", "InvalidInput", "install_handlers", "responses"]

ERRORS: dict[int, Any] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ValidationErrorOut,
}


def responses(ok: Any, *, status: int = 200, conflict: bool = False) -> dict[int, Any]:
    """An operation's declared responses: its own and every error it can give."""
    declared = {status: ok, **ERRORS}
    if conflict:
        declared[409] = ConflictOut
    return declared


class InvalidInput(Exception):
    """Parameters or fields break a rule; reported as a 422 like ninja's own.

    ``errors`` maps each location (``("query", "period")``) to its message.
    """

    def __init__(self, errors: dict[tuple[str, ...], str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def install_handlers(api: NinjaAPI) -> None:
    def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(request, {"detail": "Not allowed"}, status=403)

    def invalid(request: HttpRequest, exc: InvalidInput) -> HttpResponse:
        items = [
            {"loc": list(location), "msg": message, "type": "value_error"}
            for location, message in exc.errors.items()
        ]
        return api.create_response(request, {"detail": items}, status=422)

    api.add_exception_handler(PermissionDenied, forbidden)  # type: ignore[arg-type]
    api.add_exception_handler(PermissionError, forbidden)  # type: ignore[arg-type]
    api.add_exception_handler(InvalidInput, invalid)  # type: ignore[arg-type]
