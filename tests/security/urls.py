"""The site's URLs plus views that fail on purpose, for the error-page tests."""

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.urls import path

from councilstat.web.urls import handler403, handler404, handler500
from councilstat.web.urls import urlpatterns as site

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("settings SECRET_KEY=not-for-users; SELECT password FROM accounts_user")


def readonly(request: HttpRequest) -> HttpResponse:
    raise OperationalError("attempt to write a readonly database")


urlpatterns = [path("boom/", boom), path("readonly/", readonly), *site]
