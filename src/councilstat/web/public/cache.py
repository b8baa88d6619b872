"""Cached public pages: once built, a page costs no database query until the figures change.

Each organisation has a version number in the cache; every cached page's key includes it, so
``invalidate_public_cache(organisation)`` makes all of that organisation's pages stale at
once by raising the number (the old entries simply expire). The index of councils has its own
version, raised with any organisation's.

The cache is Django's ``default`` cache (``COUNCILSTAT_PUBLIC_CACHE`` names another). With
several app servers it must be a shared cache, so that one server's invalidation reaches all;
entries also expire after ``PUBLIC_CACHE_SECONDS`` as a safety net.

Pages are built without the request (``render_to_string``), so nothing about the visitor (a
signed-in user's name, a message) can ever be stored in a page another visitor sees.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from councilstat.web.accounts.models import Organisation

__all__ = ["PUBLIC_CACHE_SECONDS", "cached_page", "invalidate_public_cache"]

PUBLIC_CACHE_SECONDS = 60 * 60
BROWSER_SECONDS = 5 * 60
_INDEX = "all"


def _cache() -> BaseCache:
    return caches[getattr(settings, "COUNCILSTAT_PUBLIC_CACHE", "default")]


def _version_key(scope: str) -> str:
    return f"councilstat:public:version:{scope}"


def _version(scope: str) -> int:
    cache = _cache()
    version = cache.get(_version_key(scope))
    if version is None:
        cache.add(_version_key(scope), 1, timeout=None)
        version = cache.get(_version_key(scope), 1)
    return int(version)


def _bump(scope: str) -> None:
    cache = _cache()
    try:
        cache.incr(_version_key(scope))
    except ValueError:  # not set yet (or evicted): start again above any page's version
        cache.set(_version_key(scope), 2, timeout=None)


def invalidate_public_cache(organisation: Organisation | int) -> None:
    """Make every cached public page of ``organisation`` (and the index) stale.

    Call it after anything that changes what the public pages show: a period published, a
    published value restated, a measure made public or private, a plan or measure renamed.
    """
    organisation_id = organisation if isinstance(organisation, int) else organisation.pk
    _bump(str(organisation_id))
    _bump(_INDEX)


def cached_page(scope: int | None, path: str, build: Callable[[], HttpResponse]) -> HttpResponse:
    """The response for ``path``, from the cache, or built by ``build`` and kept if it is a
    200. ``scope`` is the organisation's id (``None``: the index of councils)."""
    name = _INDEX if scope is None else str(scope)
    key = f"councilstat:public:page:{name}:{_version(name)}:{path}"
    cache = _cache()
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
