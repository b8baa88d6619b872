"""The API's schema and docs pages need a signed-in user (ASVS 13.4.5) unless
``COUNCILSTAT_API_DOCS_PUBLIC`` opens them: the docs page sends others to sign in, the schema
answers 401."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse

__all__ = ["signed_in_unless_public"]


def signed_in_unless_public(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if settings.COUNCILSTAT_API_DOCS_PUBLIC or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.path.endswith(".json"):
            return JsonResponse({"detail": "Sign in to read the API schema."}, status=401)
        return redirect_to_login(request.get_full_path())

    return guarded
