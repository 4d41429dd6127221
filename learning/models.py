from __future__ import annotations

import calendar
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.models import BaseModel


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the 29 to 31 of a short month falls back to its last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class KnowledgeCheckResult(BaseModel):
    """One attempt at the knowledge check by one person. Kept for their learning record."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="knowledge_checks"
    )
    completed_at = models.DateTimeField(default=timezone.now)
    score = models.PositiveSmallIntegerField()
    total = models.PositiveSmallIntegerField()
    passed = models.BooleanField()
    # Question id -> the option chosen (codes only, never free text).
    answers = models.JSONField(default=dict)
    # Fingerprint of the questions and the engine's answers, and the indicator catalogue's
    # version, so a result can be read against the rules it was marked by.
    check_version = models.CharField(max_length=20)
    catalogue_version = models.CharField(max_length=20)

    class Meta:
        ordering = ["-completed_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__lte=models.F("total")), name="score_within_total"
            ),
        ]

    def __str__(self) -> str:
        return f"knowledge check {self.score}/{self.total}"

    @property
    def completed_on(self) -> date:
        return timezone.localdate(self.completed_at)

    @property
    def refresher_due(self) -> date:
        from learning.knowledge_check import REFRESHER_MONTHS

        return add_months(self.completed_on, REFRESHER_MONTHS)


class ReflectionSession(BaseModel):
    """A team's session reflecting on the briefing, with the action plan that came out of it."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="reflection_sessions"
    )
    held_on = models.DateField()
    team = models.CharField(max_length=120)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="reflection_sessions", blank=True
    )
    # Codes of the briefing's "questions to consider" that were discussed.
    questions = models.JSONField(default=list)
    findings = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-held_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.team} on {self.held_on:%d %B %Y}"


class ActionItem(BaseModel):
    class Status(models.TextChoices):
        TODO = "todo", "To do"
        IN_PROGRESS = "in-progress", "In progress"
        DONE = "done", "Done"

    session = models.ForeignKey(ReflectionSession, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="learning_actions"
    )
    due_date = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.TODO)
    completed_at = models.DateTimeField(null=True, blank=True)
    # The day the owner was last reminded: at most one reminder per action per day.
    last_reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="done", completed_at__isnull=False)
                | (~models.Q(status="done") & models.Q(completed_at__isnull=True)),
                name="completed_at_only_when_done",
            ),
        ]

    def __str__(self) -> str:
        return f"action due {self.due_date}"

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    def is_overdue(self, today: date | None = None) -> bool:
        return not self.is_done and self.due_date < (today or timezone.localdate())
