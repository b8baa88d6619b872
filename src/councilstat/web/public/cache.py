"""Cached public pages: once built, a page costs no database query until the figures change.

The version of an organisation's figures (``common.published``) is part of every cached page's
key, so ``published_figures_changed(organisation)`` makes all of that organisation's pages
stale at once (the old entries simply expire). The index of councils has its own version,
raised with any organisation's.

The cache is Django's ``default`` cache (``COUNCILSTAT_PUBLIC_CACHE`` names another). With
several app servers it must be a shared cache, so that one server's invalidation reaches all;
entries also expire after ``PUBLIC_CACHE_SECONDS`` as a safety net.

Pages are built without the request (``render_to_string``), so nothing about the visitor (a
signed-in user's name, a message) can ever be stored in a page another visitor sees.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from councilstat.web.common.published import INDEX, figures_version, public_cache

__all__ = ["PUBLIC_CACHE_SECONDS", "cached_page"]

PUBLIC_CACHE_SECONDS = 60 * 60
BROWSER_SECONDS = 5 * 60


def cached_page(scope: int | None, path: str, build: Callable[[], HttpResponse]) -> HttpResponse:
    """The response for ``path``, from the cache, or built by ``build`` and kept if it is a
    200. ``scope`` is the organisation's id (``None``: the index of councils)."""
    name = INDEX if scope is None else str(scope)
    key = f"councilstat:public:page:{name}:{figures_version(name)}:{path}"
    cache = public_cache()
    stored = cache.get(key)
    if stored is not None:
        content, content_type, headers = stored
        response = HttpResponse(content, content_type=content_type)
        for header, value in headers.items():
            response[header] = value
    else:
        response = build()
        if response.status_code == 200:
            headers = {
                h: response[h] for h in ("Content-Disposition", "Link") if response.has_header(h)
            }
            stored = (response.content, response["Content-Type"], headers)
            cache.set(key, stored, PUBLIC_CACHE_SECONDS)
    patch_cache_control(response, public=True, max_age=BROWSER_SECONDS)
    return response
