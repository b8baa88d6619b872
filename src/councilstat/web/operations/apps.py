from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "councilstat.web.operations"
    label = "operations"
