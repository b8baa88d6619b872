from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "councilstat.web.public"
    label = "public"
