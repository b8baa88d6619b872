"""Values as collected: each observation's workflow state, version and the figure as reported."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"


class Observation(models.Model):
    """A measure's value for one period, from entry to publication.

    ``version`` rises with every save, so two people editing at once cannot overwrite each
    other. Once published, ``reported_*`` keep the figure as first reported; a later
    correction (a restatement) changes ``value`` and records why.
    """

    measure = models.ForeignKey(
        "plans.Measure", on_delete=models.CASCADE, related_name="observations"
    )
    period = models.CharField(max_length=20)
    period_end = models.DateField()
    value = models.DecimalField(max_digits=18, decimal_places=6)
    numerator = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    denominator = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    commentary = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    return_reason = models.TextField(blank=True)
    # Who entered and who approved a value: kept by Django (a deleted user is set to null by
    # its on_delete, run in Python), with no database index or foreign-key check, as no read
    # looks values up by person and a million-value import would otherwise pay two index
    # updates and two deferred checks a row (a fifth of its time on PostgreSQL).
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    reported_value = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    restatement_reason = models.TextField(blank=True)
    restated_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(no_db_index=["entered_by", "approved_by"])

    class Meta:
        ordering = ["measure", "period_end", "period"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="unique_observation_period")
        ]
        indexes = [
            # What the stamp of a quarter's figures reads of every value a user may see, on
            # every quarter page (``figures.PlanReading.stamp``): from the index alone.
            models.Index(
                fields=["measure", "status", "updated_at", "version"], name="observation_stamp"
            ),
            # The few values restated (``selectors.revised_since_publication``, on every
            # quarter page): found without scanning a large plan's values.
            models.Index(
                fields=["restated_at"],
                condition=models.Q(restated_at__isnull=False),
                name="observation_restated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure.code} {self.period}: {self.value} ({self.status})"

    @property
    def is_revised(self) -> bool:
        """Changed since it was first reported."""
        return self.reported_value is not None and self.reported_value != self.value


class RoundState(models.TextChoices):
    """Where a quarter's collection round is: open for entry, closed to entry, or published."""

    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    PUBLISHED = "published", "Published"


class PeriodReturn(models.Model):
    """A quarter's collection round for a plan: opened for entry with a deadline (which can be
    extended), closed, then published; and whether members may see the submitted figures.

    Owners enter values only while the round is open; publishing closes it for good.
    """

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="returns")
    period = models.CharField(max_length=20, help_text="The quarter, e.g. 2019/20 Q2")
    deadline = models.DateField()
    opened_to_members = models.BooleanField(default=False)
    opened_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "-deadline"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "period"], name="unique_return_period")
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.period}"

    @property
    def state(self) -> RoundState:
        if self.published_at is not None:
            return RoundState.PUBLISHED
        if self.closed_at is not None:
            return RoundState.CLOSED
        return RoundState.OPEN

    @property
    def is_open(self) -> bool:
        """Owners may enter and submit values for the quarter."""
        return self.state is RoundState.OPEN


class CollectionSettings(models.Model):
    """An organisation's choices about collecting values. Its history is the audit trail of
    every change to them."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="collection_settings"
    )
    imports_approved = models.BooleanField(
        default=False,
        help_text=(
            "Values the performance team imports count as approved, with no separate approval "
            "by a director."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "collection settings"

    def __str__(self) -> str:
        return f"Collection settings of {self.organisation}"


class PendingImport(models.Model):
    """An uploaded spreadsheet between preview and confirmation.

    Kept in the database, not on a server's disk, so any app server can finish the import.
    The upload is read once: what reading it found (and, for values, the values read) is kept
    beside it, so the preview, the problems' download and the confirmation never read it again.
    """

    token = models.CharField(max_length=64, unique=True)
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    read = models.JSONField(
        null=True,
        blank=True,
        help_text="What reading the upload found (problems, warnings, blank rows), read once.",
    )
    values = models.BinaryField(
        null=True, blank=True, help_text="The values read, as an Arrow IPC frame (values only)."
    )

    def __str__(self) -> str:
        return self.filename
