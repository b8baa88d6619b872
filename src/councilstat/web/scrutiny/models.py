"""Scrutiny as stored: boards, their meetings, and what each meeting asked, agreed and resolved.

Every model but the reminder log is audited (django-simple-history); the services set the
reason for each change. A meeting belongs to its board's organisation; so does everything
recorded at it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from councilstat.core.periods import Quarter, parse_period
from councilstat.web.scrutiny.rules import ActionStatus, effective_status, is_overdue


class Board(models.Model):
    """A committee that considers performance: a scrutiny board, Cabinet."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="boards"
    )
    name = models.CharField(max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_board_name")
        ]

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    """A board's meeting on a date, considering a plan's performance for a quarter."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField(help_text="The day of the meeting (local date).")
    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="meetings")
    period = models.CharField(max_length=20, help_text="The quarter considered, e.g. 2019/20 Q2")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "board__name"]
        constraints = [
            models.UniqueConstraint(fields=["board", "date"], name="unique_meeting_date")
        ]

    def __str__(self) -> str:
        return f"{self.board.name}, {self.date.day} {self.date:%B %Y}"

    @property
    def quarter(self) -> Quarter:
        quarter = parse_period(self.period)
        if not isinstance(quarter, Quarter):  # the service stores only quarters
            raise ValueError(f"{self.period} is not a quarter")
        return quarter


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    title = models.CharField(max_length=300)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """A question, challenge or point raised at a meeting, and the officers' response.

    Linked to the measures it is about (one, several, or none for a general point; a general
    point may be raised under a priority).
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="questions")
    measures = models.ManyToManyField(
        "plans.Measure", blank=True, related_name="scrutiny_questions"
    )
    priority = models.ForeignKey(
        "plans.Priority",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="For a general point: the priority it was raised under.",
    )
    text = models.TextField()
    response = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(m2m_fields=["measures"])

    class Meta:
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Action(models.Model):
    """Something officers agreed to do at a meeting, with its owner, due date and status."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions")
    question = models.ForeignKey(
        Question, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    measure = models.ForeignKey(
        "plans.Measure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scrutiny_actions",
        help_text="Empty for a general point.",
    )
    description = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="scrutiny_actions",
    )
    due = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20,
        choices=[(s.value, s.label) for s in ActionStatus],
        default=ActionStatus.NOT_STARTED,
    )
    reason = models.TextField(blank=True, help_text="Why it will not be done.")
    progress = models.TextField(blank=True, help_text="The latest progress note.")
    closed_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    def status_on(self, today: dt.date) -> ActionStatus:
        return effective_status(self.status, self.due, today)

    def overdue_on(self, today: dt.date) -> bool:
        return is_overdue(self.status, self.due, today)


class ResolutionKind(models.TextChoices):
    FURTHER_DISCUSSION = "further_discussion", "Further discussion at a later meeting"
    RECOMMENDATION = "recommendation", "Recommendation to Cabinet"
    NOTED = "noted", "Noted"


class Resolution(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="resolutions")
    kind = models.CharField(max_length=20, choices=ResolutionKind.choices)
    text = models.TextField()
    later_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deferred_resolutions",
        help_text="For further discussion: the meeting it will be discussed at.",
    )
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class ReminderKind(models.TextChoices):
    VALUE_DUE = "value_due", "Value due"
    VALUE_OVERDUE = "value_overdue", "Value overdue"
    ACTION_DUE = "action_due", "Action due"
    ACTION_OVERDUE = "action_overdue", "Action overdue"
    DIGEST = "digest", "Digest for the performance team"


class ReminderLog(models.Model):
    """One reminder sent to one person: what it was about, and the day (Europe/London).

    The unique constraint is what stops a second run on the same day sending it again, even
    when two runs overlap.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    key = models.CharField(max_length=200, help_text="What it was about, e.g. action:12:stage-7")
    sent_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "key", "sent_on"], name="unique_reminder_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} to {self.recipient_id} on {self.sent_on}"
