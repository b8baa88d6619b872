from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "councilstat.web.audit"
    label = "audit"
