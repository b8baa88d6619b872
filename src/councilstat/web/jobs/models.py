"""A background job: what was asked, by whom, how far it has got, and its file or its error.

The finished file is kept in the database (``result``), not under ``MEDIA_ROOT``: the web
processes and the worker may run on different machines, which share the database but not a
disk, and the backup (``manage.py backup``) then covers it with everything else. Committee
reports are a few megabytes at most, and finished jobs are deleted after
``COUNCILSTAT_JOBS_KEEP_DAYS`` days (``services.clean_up``). Lists read jobs without it
(``selectors.JOB_FIELDS``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    REPORT = "report", "Committee report"
    PACK = "pack", "Meeting pack"
    IMPORT = "import", "Import"
    REMINDERS = "reminders", "Reminders"


class State(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "In progress"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


UNFINISHED = (State.QUEUED, State.RUNNING)


class Job(models.Model):
    """One piece of slow work, run by the worker (or inline, in immediate mode)."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="jobs",
        help_text="Empty for the service's own work (the daily reminders).",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="jobs",
        help_text="Who asked for it; empty for work the scheduler starts.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300, help_text="What it makes, in words.")
    parameters = models.JSONField(default=dict, blank=True)
    key = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        help_text="A digest of every input; an identical request reuses the job.",
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    progress_message = models.CharField(max_length=300, blank=True)
    result = models.BinaryField(null=True, blank=True)
    result_name = models.CharField(max_length=200, blank=True)
    result_type = models.CharField(max_length=200, blank=True)
    message = models.TextField(blank=True, help_text="What a finished job has to say.")
    error = models.TextField(blank=True, help_text="Why it failed, in words.")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "state"], name="job_owner_state")]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_state_display()})"

    @property
    def finished(self) -> bool:
        return self.state in (State.DONE, State.FAILED)

    @property
    def percent(self) -> int:
        """How far it has got, 0 to 100 (100 once done)."""
        if self.state == State.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)
