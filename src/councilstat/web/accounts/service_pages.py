"""The service's own pages, linked from every staff page's footer: the accessibility statement
(one statement for the whole service, kept with the public pages), the privacy notice and help
(with how to give feedback). Anyone may read them, signed in or not."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

__all__ = ["accessibility", "help_page", "privacy"]


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    """The one accessibility statement, for the public pages and the signed-in service alike."""
    return redirect("public:accessibility", permanent=True)


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "service/privacy.html")


@require_GET
def help_page(request: HttpRequest) -> HttpResponse:
    context = {"confirm_change_percent": settings.COUNCILSTAT_CONFIRM_CHANGE_PERCENT}
    return render(request, "service/help.html", context)
