from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "councilstat.web.dashboards"
    label = "dashboards"
