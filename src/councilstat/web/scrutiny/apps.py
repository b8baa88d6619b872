from django.apps import AppConfig


class ScrutinyConfig(AppConfig):
    name = "councilstat.web.scrutiny"
    label = "scrutiny"
