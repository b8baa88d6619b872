"""Organisations, directorates and users with their role."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords


class NationalArea(models.TextChoices):
    """The nation a council compares itself with, by its ONS (GSS) code."""

    ENGLAND = "E92000001", "England"
    WALES = "W92000004", "Wales"
    SCOTLAND = "S92000003", "Scotland"
    NORTHERN_IRELAND = "N92000002", "Northern Ireland"


class Organisation(models.Model):
    """A council (or other public body). Everything else belongs to one."""

    name = models.CharField(max_length=200, unique=True)
    national_area = models.CharField(
        "national comparator area",
        max_length=9,
        choices=NationalArea.choices,
        default=NationalArea.ENGLAND,
        help_text="The nation whose figure is shown beside every comparison, by its ONS code.",
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.name

    @property
    def national_area_name(self) -> str:
        """The national comparator area's name: ``England``."""
        return NationalArea(self.national_area).label


class Directorate(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="directorates"
    )
    name = models.CharField(max_length=200)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_directorate_name")
        ]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    PERFORMANCE = "performance", "Performance team"
    OWNER = "owner", "Measure owner"
    DIRECTOR = "director", "Director"
    COUNCILLOR = "councillor", "Councillor"


class User(AbstractUser):
    """A person who signs in. Their role decides what they may do (see ``policy``)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    directorate = models.ForeignKey(
        Directorate, on_delete=models.SET_NULL, null=True, blank=True, related_name="users"
    )
    # Who changed a user's role, directorate, status or details, and when. Not the password
    # hash (no copies of secrets) nor the time of each sign-in (the security log has those).
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
