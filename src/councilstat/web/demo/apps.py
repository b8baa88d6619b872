from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "councilstat.web.demo"
    label = "demo"
