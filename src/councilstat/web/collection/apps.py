from django.apps import AppConfig


class CollectionConfig(AppConfig):
    name = "councilstat.web.collection"
    label = "collection"
