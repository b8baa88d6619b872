"""The version of each organisation's published figures, kept in the public pages' cache.

A write that changes what the public pages show calls ``published_figures_changed`` (after
its transaction commits); ``public.cache`` puts the version in every cached page's key, so
raising it makes all of that organisation's pages stale at once. The index of councils has its
own version, raised with any organisation's.

This lives here, below every app, so that the apps that write figures need not depend on the
public pages that show them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.db.models import Model

__all__ = ["INDEX", "figures_version", "public_cache", "published_figures_changed"]

INDEX = "all"
"""The scope of the index of councils (every other scope is an organisation's id)."""


def public_cache() -> BaseCache:
    """Django's ``default`` cache, unless ``COUNCILSTAT_PUBLIC_CACHE`` names another."""
    return caches[getattr(settings, "COUNCILSTAT_PUBLIC_CACHE", "default")]


def _version_key(scope: str) -> str:
    return f"councilstat:public:version:{scope}"


def figures_version(scope: str) -> int:
    """The current version of ``scope`` (an organisation's id as text, or ``INDEX``)."""
    cache = public_cache()
    version = cache.get(_version_key(scope))
    if version is None:
        cache.add(_version_key(scope), 1, timeout=None)
        version = cache.get(_version_key(scope), 1)
    return int(version)


def _bump(scope: str) -> None:
    cache = public_cache()
    try:
        cache.incr(_version_key(scope))
    except ValueError:  # not set yet (or evicted): start again above any page's version
        cache.set(_version_key(scope), 2, timeout=None)


def published_figures_changed(organisation: Model | int) -> None:
    """Make every cached public page of ``organisation`` (and the index) stale.

    Call it after anything that changes what the public pages show: a period published, a
    published value restated, a measure made public or private, a plan or measure renamed.
    """
    organisation_id = organisation if isinstance(organisation, int) else organisation.pk
    _bump(str(organisation_id))
    _bump(INDEX)
