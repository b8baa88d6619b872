from django.apps import AppConfig


class ScrutinyConfig(AppConfig):
    name = "councilstat.web.scrutiny"
    label = "scrutiny"

    def ready(self) -> None:
        from councilstat.web.scrutiny import tasks  # noqa: F401  (registers the reminders job)
