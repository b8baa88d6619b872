"""The service's own pages (``service_pages``): /accessibility/, /privacy/ and /help/."""

from django.urls import path

from councilstat.web.accounts import service_pages

app_name = "service"
urlpatterns = [
    path("accessibility/", service_pages.accessibility, name="accessibility"),
    path("privacy/", service_pages.privacy, name="privacy"),
    path("help/", service_pages.help_page, name="help"),
]
