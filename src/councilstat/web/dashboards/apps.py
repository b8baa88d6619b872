"""The dashboards app.

``ready()`` registers the committee report's background job (``tasks``), a light import.

Chart rendering (vl-convert's JavaScript engine) is deliberately *not*
warmed up in it. ``ready()`` runs in every process that loads Django (``migrate``, the shell,
management commands, every test session), which would each pay about half a second and the
engine's memory for nothing. Left alone, the cost falls once per web worker, on the first page
that draws a chart (a measure page). To take it off that first view, call
``councilstat.reports.charts.svg.warm_up()`` where only web workers run, e.g. in ``wsgi.py``
after ``get_wsgi_application()``.
"""

from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "councilstat.web.dashboards"
    label = "dashboards"
    verbose_name = "Dashboards"

    def ready(self) -> None:
        from councilstat.web.dashboards import tasks  # noqa: F401  (registers the report job)
