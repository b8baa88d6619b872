from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "councilstat.web.jobs"
    label = "jobs"
    verbose_name = "Background jobs"

    def ready(self) -> None:
        from councilstat.web.jobs.services import fail_after_restore
        from councilstat.web.operations.backup import restored

        restored.connect(fail_after_restore, dispatch_uid="councilstat-jobs-after-restore")
