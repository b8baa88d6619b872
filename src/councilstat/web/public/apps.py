from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "councilstat.web.public"
    label = "public"

    def ready(self) -> None:
        from councilstat.web.public import invalidation

        invalidation.connect()
