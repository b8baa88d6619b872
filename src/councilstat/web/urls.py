"""The site's URLs: each area mounts its own URLconf under a namespace.

The period converters are registered here, once, before any area's URLconf is read.
"""

from django.urls import include, path, register_converter

from councilstat.web.common.converters import PeriodConverter, QuarterConverter, YearConverter

register_converter(QuarterConverter, "quarter")
register_converter(PeriodConverter, "period")
register_converter(YearConverter, "year")

urlpatterns = [
    path("", include("councilstat.web.dashboards.urls")),
    path("accounts/", include("councilstat.web.accounts.urls")),
    path("collect/", include("councilstat.web.collection.urls")),
    path("manage/", include("councilstat.web.plans.urls")),
    path("audit/", include("councilstat.web.audit.urls")),
    path("benchmarking/", include("councilstat.web.benchmarking.urls")),
    path("api/v1/", include("councilstat.web.api.urls")),
    path("public/", include("councilstat.web.public.urls")),
    path("scrutiny/", include("councilstat.web.scrutiny.urls")),
    path("jobs/", include("councilstat.web.jobs.urls")),
    path("", include("councilstat.web.accounts.service_urls")),
]

# Error pages in the service's layout (operations.errors).
handler403 = "councilstat.web.operations.errors.permission_denied"
handler404 = "councilstat.web.operations.errors.page_not_found"
handler500 = "councilstat.web.operations.errors.server_error"
