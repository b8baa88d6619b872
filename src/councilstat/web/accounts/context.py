"""Template context shared by every page: the service name and the navigation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from councilstat.web.accounts.policy import Permission, can


def service(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    organisation = getattr(user, "organisation", None)
    items = []
    if can(user, Permission.VIEW_DASHBOARD):
        items.append(("Overview", reverse("dashboards:home")))
    if can(user, Permission.ENTER_VALUE):
        items.append(("My measures", reverse("collection:my_measures")))
    if can(user, Permission.APPROVE_VALUE):
        items.append(("Approvals", reverse("collection:approvals")))
    if can(user, Permission.IMPORT_DATA):
        items.append(("Import", reverse("collection:import")))
    if can(user, Permission.PUBLISH_PERIOD):
        items.append(("Collection rounds", reverse("collection:periods")))
    if can(user, Permission.MANAGE_PLAN):
        items.append(("Manage", reverse("plans:manage")))
    if can(user, Permission.VIEW_DASHBOARD):
        items.append(("Scrutiny", reverse("scrutiny:meetings")))
        items.append(("Actions", reverse("scrutiny:tracker")))
        items.append(("Benchmarking", reverse("benchmarking:index")))
        items.append(("Statistics guide", reverse("dashboards:guide")))
        items.append(("API tokens", reverse("api-tokens")))
    if can(user, Permission.MANAGE_SERVICE):
        items.append(("Councils", reverse("plans:councils")))
    path = request.path
    return {
        "service_name": organisation.name if organisation else settings.COUNCILSTAT_SERVICE_NAME,
        "navigation": [
            {
                "text": text,
                "href": href,
                "active": href != "/" and path.startswith(href) or path == href,
            }
            for text, href in items
        ],
    }
