from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "councilstat.web.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
