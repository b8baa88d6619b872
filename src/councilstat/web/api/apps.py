from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "councilstat.web.api"
    label = "api"
