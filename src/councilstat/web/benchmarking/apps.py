from django.apps import AppConfig


class BenchmarkingConfig(AppConfig):
    name = "councilstat.web.benchmarking"
    label = "benchmarking"
