from django.apps import AppConfig


class CollectionConfig(AppConfig):
    name = "councilstat.web.collection"
    label = "collection"

    def ready(self) -> None:
        # The import job's handler, known to the web processes and to the worker alike.
        from councilstat.web.collection import tasks  # noqa: F401
