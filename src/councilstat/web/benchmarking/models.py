"""Comparator data: areas, groups of areas, national metric values, and which measure maps to
which metric.

Everything belongs to an organisation, so one council's import never changes another's
comparators. Areas are identified by their ONS codes (``E08000018`` is Rotherham, ``E92000001``
England); the national figure shown beside a comparison is the value of the organisation's
``national_area`` (England, Wales, Scotland or Northern Ireland). A value is one area's figure
for one national metric in one period, as published; numerator and denominator, where the
publisher gives them, let proportions go on a funnel plot.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from councilstat.core import plan as core


def _choices(enum: type[core.Unit] | type[core.Polarity]) -> list[tuple[str, str]]:
    return [(member.value, member.value.capitalize()) for member in enum]


class Area(models.Model):
    """A place with an ONS code: a council, a region, or England."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="comparator_areas"
    )
    code = models.CharField(max_length=9)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="unique_area_code")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class GroupKind(models.TextChoices):
    NEAREST_NEIGHBOURS = "nearest_neighbours", "Nearest neighbours"
    STATISTICAL_NEIGHBOURS = "statistical_neighbours", "Statistical neighbours"
    REGION = "region", "Region"
    ENGLAND = "england", "All England"
    NAMED = "named", "Named set"


class ComparatorGroup(models.Model):
    """A set of areas a council compares itself with; ``subject`` is the council itself."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="comparator_groups"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=GroupKind.choices, default=GroupKind.NAMED)
    subject = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    areas = models.ManyToManyField(Area, related_name="groups")
    source = models.TextField(blank=True, help_text="Where the list of areas comes from.")
    changed_at = models.DateTimeField(
        default=timezone.now, help_text="When the group's areas were last loaded."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_group_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def member_noun(self) -> str:
        """The members in the plural, as a sentence names them: ``nearest neighbours``."""
        return {
            GroupKind.NEAREST_NEIGHBOURS: "nearest neighbours",
            GroupKind.STATISTICAL_NEIGHBOURS: "statistical neighbours",
            GroupKind.REGION: "councils in the region",
            GroupKind.ENGLAND: "councils in England",
        }.get(GroupKind(self.kind), f"councils in {self.name}")


class ComparatorValue(models.Model):
    """One area's published value of a national metric for one period."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="comparator_values"
    )
    metric = models.CharField(max_length=50, help_text="The national metric id, e.g. ASC5.")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="values")
    period = models.CharField(max_length=20, help_text="2018/19, 2019/20 Q2 or 2019-07")
    period_end = models.DateField()
    value = models.DecimalField(max_digits=18, decimal_places=6)
    numerator = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    denominator = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    changed_at = models.DateTimeField(
        default=timezone.now, help_text="When the value was loaded or last changed."
    )

    class Meta:
        ordering = ["metric", "period_end", "area__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "metric", "area", "period"], name="unique_comparator_value"
            )
        ]
        indexes = [models.Index(fields=["organisation", "metric", "period_end"])]

    def __str__(self) -> str:
        return f"{self.metric} {self.area.code} {self.period}: {self.value}"


class MeasureBenchmark(models.Model):
    """A plan measure's national metric: which values to compare it with, and against whom.

    The metric is often close to the measure rather than identical (a national survey
    question beside a local one), so it carries its own title, unit and polarity, and a note
    saying how the two differ. Kept here, not on ``plans.Measure``, so the plan stays as
    imported.
    """

    measure = models.OneToOneField(
        "plans.Measure", on_delete=models.CASCADE, related_name="benchmark"
    )
    metric = models.CharField(max_length=50)
    title = models.CharField(max_length=300, help_text="The metric's published name.")
    unit = models.CharField(max_length=20, choices=_choices(core.Unit))
    polarity = models.CharField(max_length=10, choices=_choices(core.Polarity))
    group = models.ForeignKey(ComparatorGroup, on_delete=models.PROTECT, related_name="measures")
    source = models.TextField(blank=True)
    note = models.TextField(
        blank=True, help_text="How the metric differs from the measure, and any caveat."
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.measure.code} ↔ {self.metric}"


class ComparatorSharing(models.Model):
    """One council's comparator values offered to another, and used by it once accepted.

    Comparator data belongs to the organisation that loaded it; on a service shared by many
    councils, one may load a national dataset and offer it to others. Sharing needs both to
    agree: the provider's performance team offers, the recipient's accepts; either may end
    it. It is one way (the provider never sees the recipient's values), covers values only
    (each council keeps its own groups and links), and a recipient's own value for the same
    metric, area and period is used before a shared one.
    """

    provider = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="sharing_offered"
    )
    recipient = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="sharing_received"
    )
    offered_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    offered_at = models.DateTimeField(default=timezone.now)
    accepted_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["offered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "recipient"],
                condition=models.Q(ended_at__isnull=True),
                name="one_live_sharing_per_pair",
            ),
            models.CheckConstraint(
                condition=~models.Q(provider=models.F("recipient")), name="sharing_with_another"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} → {self.recipient}"

    @property
    def in_force(self) -> bool:
        """Accepted and not ended: the recipient's comparisons use the provider's values."""
        return self.accepted_at is not None and self.ended_at is None
