from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "councilstat.web.plans"
    label = "plans"
