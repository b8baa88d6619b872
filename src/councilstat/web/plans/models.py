"""The plan as stored: priorities, outcomes, measures and targets. Every change is audited.

A plan is for one financial year. Next year's is started from it (``plans.next_year``): the
new plan's ``previous`` is this one, and each measure carried into it (as it was, or renamed or
renumbered) has ``previous`` set to this year's measure, so its values join into one series
across the years. A measure not carried over is ``retired_on`` the day that was decided.
"""

from __future__ import annotations

from enum import StrEnum

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from councilstat.core import plan as core
from councilstat.core.periods import FinancialYear


def _choices(enum: type[StrEnum]) -> list[tuple[str, str]]:
    return [(member.value, member.value.replace("_", " ").capitalize()) for member in enum]


class Plan(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="plans"
    )
    title = models.CharField(max_length=200)
    reporting_year = models.PositiveIntegerField(
        help_text="The financial year being reported, by its first year: 2019 for 2019/20."
    )
    previous = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_plan",
        help_text="Last year's plan, which this one was started from.",
    )
    outcome_term = models.CharField(
        max_length=100,
        default=core.DEFAULT_OUTCOME_TERM,
        help_text="What the plan calls its outcomes, in the singular: key delivery outcome.",
    )
    outcome_term_plural = models.CharField(
        max_length=100,
        blank=True,
        help_text="Its plural, when not just the term with an s.",
    )

    class Meta:
        ordering = ["-reporting_year", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def financial_year(self) -> FinancialYear:
        """The financial year the plan reports: ``2019/20``."""
        return FinancialYear(self.reporting_year)


class Priority(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="unique_priority_code")
        ]
        verbose_name_plural = "priorities"

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Outcome(models.Model):
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="outcomes")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["priority", "code"], name="unique_outcome_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Measure(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="measures")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    unit = models.CharField(max_length=20, choices=_choices(core.Unit))
    polarity = models.CharField(max_length=10, choices=_choices(core.Polarity))
    frequency = models.CharField(max_length=10, choices=_choices(core.Frequency))
    tolerance_kind = models.CharField(
        max_length=20, choices=_choices(core.ToleranceKind), default=core.ToleranceKind.ABSOLUTE
    )
    tolerance_amount = models.DecimalField(max_digits=12, decimal_places=4, default=0)
    aggregation = models.CharField(
        max_length=10, choices=_choices(core.Aggregation), default=core.Aggregation.LAST
    )
    cumulative = models.BooleanField(
        default=False, help_text="A year-to-date figure, such as an in-year collection rate."
    )
    directorate = models.ForeignKey(
        "accounts.Directorate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures_owned",
    )
    definition = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True)
    is_public = models.BooleanField(
        default=True, help_text="Shown on the public pages once published."
    )
    order = models.PositiveIntegerField(default=0)
    previous = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successor",
        help_text=(
            "Last year's measure this one continues (carried over, or renamed or renumbered): "
            "its values are this measure's history."
        ),
    )
    retired_on = models.DateField(
        null=True,
        blank=True,
        help_text="When the measure was retired: it is not carried into the next year's plan.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="unique_measure_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def tolerance(self) -> core.Tolerance:
        return core.Tolerance(core.ToleranceKind(self.tolerance_kind), self.tolerance_amount)


class Target(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="targets")
    period = models.CharField(max_length=20, help_text="2019/20, 2019/20 Q2 or 2019-07")
    period_end = models.DateField()
    value = models.DecimalField(max_digits=18, decimal_places=6)
    history = HistoricalRecords()
    upper = models.DecimalField(
        max_digits=18,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=(
            "For a measure best within a band: the top of the target band, whose bottom is "
            "the value (empty: a band of the one value)."
        ),
    )

    class Meta:
        ordering = ["measure", "period_end", "period"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="unique_target_period")
        ]

    def __str__(self) -> str:
        return f"{self.measure.code} {self.period}: {self.value}"
