"""The site's URLs: each area mounts its own URLconf under a namespace."""

from django.urls import include, path

urlpatterns = [
    path("", include("councilstat.web.dashboards.urls")),
    path("accounts/", include("councilstat.web.accounts.urls")),
    path("collect/", include("councilstat.web.collection.urls")),
    path("manage/", include("councilstat.web.plans.urls")),
    path("audit/", include("councilstat.web.audit.urls")),
]
