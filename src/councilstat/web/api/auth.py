"""How the API knows who is calling: a personal token, or the browser's signed-in session.

- ``Authorization: Bearer cs_…``: a personal API token. Browsers never send it on their own,
  so token requests need no CSRF token.
- The session cookie: only when the request carries one, and then, for every unsafe method,
  Django's CSRF check (ninja's cookie auth does it; a custom auth that did not derive from it
  would have none).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from councilstat.web.accounts.models import User
from councilstat.web.api.tokens import user_for_token

__all__ = ["SessionCookieAuth", "TokenAuth", "caller"]


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user  # the audit trail records who made each change
        return user


class SessionCookieAuth(APIKeyCookie):
    """Django's session, CSRF-checked for unsafe methods; ignored when there is no cookie."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user: Any = request.user
        if key and user.is_authenticated and user.is_active and user.role:
            return user
        return None


def caller(request: HttpRequest) -> User:
    """The authenticated user of an API request."""
    user = request.auth  # type: ignore[attr-defined]
    if not isinstance(user, User):  # pragma: no cover - every operation requires auth
        raise PermissionError("not signed in")
    return user
