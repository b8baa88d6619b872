"""Template context shared by every page: the service name, the navigation, the account links
and the feedback address.

Each navigation item owns a section of the site, named by views: ``"namespace:name"`` for one
view, ``"namespace:*"`` for an area. The page's view decides the one current item: a view named
exactly beats an area ("Actions" owns ``scrutiny:tracker``, "Scrutiny" the rest of
``scrutiny:*``). Pages outside every section (the account, help and privacy pages, error pages)
have no current item.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from councilstat.web.accounts.policy import Permission, can

__all__ = ["current_item", "service"]

_FIGURES = ("dashboards:*", "audit:*", "jobs:*")  # the reports' jobs too
_ENTRY = ("collection:my_measures", "collection:my_measures_for", "collection:entry")
_DECIDING = ("collection:approvals", "collection:approve", "collection:return")
_ROUNDS = (
    "collection:periods",
    "collection:round",
    "collection:close",
    "collection:publish",
    "collection:members",
    "collection:progress",
    "collection:open_round",
    "collection:settings",
    "collection:restate",
    "collection:template",
)
_ACTIONS = ("scrutiny:tracker", "scrutiny:action", "scrutiny:action_update", "scrutiny:action_edit")
_COUNCILS = ("plans:councils", "plans:new_council")


def _items(user: Any) -> list[tuple[str, str, tuple[str, ...]]]:
    """(label, address, the views of its section) for each item ``user`` has."""
    items: list[tuple[str, str, tuple[str, ...]]] = []
    if can(user, Permission.VIEW_DASHBOARD):
        items.append(("Overview", reverse("dashboards:home"), _FIGURES))
    if can(user, Permission.ENTER_VALUE):
        items.append(("My measures", reverse("collection:my_measures"), _ENTRY))
    if can(user, Permission.APPROVE_VALUE):
        items.append(("Approvals", reverse("collection:approvals"), _DECIDING))
    if can(user, Permission.IMPORT_DATA):
        items.append(("Import", reverse("collection:import"), ("collection:import*",)))
    if can(user, Permission.PUBLISH_PERIOD):
        # The performance team's collection pages: rounds, progress, every submission waiting.
        items.append(("Collection rounds", reverse("collection:periods"), (*_ROUNDS, *_DECIDING)))
    if can(user, Permission.MANAGE_PLAN):
        items.append(("Manage", reverse("plans:manage"), ("plans:*", "collection:year_targets")))
    if can(user, Permission.VIEW_DASHBOARD):
        items.append(("Scrutiny", reverse("scrutiny:meetings"), ("scrutiny:*",)))
        items.append(("Actions", reverse("scrutiny:tracker"), _ACTIONS))
        items.append(("Benchmarking", reverse("benchmarking:index"), ("benchmarking:*",)))
        items.append(("Guide", reverse("dashboards:guide"), ("dashboards:guide",)))
    if can(user, Permission.MANAGE_SERVICE):
        items.append(("Councils", reverse("plans:councils"), _COUNCILS))
    return items


def current_item(view_name: str | None, sections: list[tuple[str, ...]]) -> int | None:
    """The index of the section ``view_name`` (``"namespace:name"``) is in, or ``None``.

    A section lists view names, or patterns ending in ``*``; the longest pattern that matches
    wins, the first section on a tie."""
    if not view_name:
        return None
    best: tuple[int, int] | None = None
    for index, patterns in enumerate(sections):
        for pattern in patterns:
            if pattern.endswith("*"):
                matches = view_name.startswith(pattern[:-1])
                strength = len(pattern) - 1
            else:
                matches = view_name == pattern
                strength = len(pattern) + 1000  # an exact name beats any pattern
            if matches and (best is None or strength > best[0]):
                best = (strength, index)
    return None if best is None else best[1]


def service(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    organisation = getattr(user, "organisation", None)
    items = _items(user)
    match = getattr(request, "resolver_match", None)
    current = current_item(match.view_name if match else None, [views for *_, views in items])
    return {
        "service_name": organisation.name if organisation else settings.COUNCILSTAT_SERVICE_NAME,
        "navigation": [
            {"text": text, "href": href, "active": index == current}
            for index, (text, href, _) in enumerate(items)
        ],
        "api_tokens_offered": can(user, Permission.CREATE_API_TOKEN),
        "feedback_address": settings.COUNCILSTAT_FEEDBACK_ADDRESS,
    }
