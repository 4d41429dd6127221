"""Reads for the learning app. Every one takes the acting person and stays in their organisation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from learning.models import ActionItem, KnowledgeCheckResult, ReflectionSession

# A refresher shows as due this long before its date, so people have time to do it.
REFRESHER_WARNING = timedelta(days=30)


def colleagues_of(user: User) -> QuerySet[User]:
    """Active people of the person's own organisation: participants and action owners."""
    return User.objects.filter(organisation_id=user.organisation_id, is_active=True)


def results_of(user: User) -> QuerySet[KnowledgeCheckResult]:
    """The person's own knowledge-check results, newest first."""
    return KnowledgeCheckResult.objects.filter(person=user)


def sessions_of(user: User) -> QuerySet[ReflectionSession]:
    return ReflectionSession.objects.filter(organisation_id=user.organisation_id)


def actions_of(user: User) -> QuerySet[ActionItem]:
    """Action plan items of the person's organisation."""
    return ActionItem.objects.filter(session__organisation_id=user.organisation_id).select_related(
        "session", "owner"
    )


def open_actions_owned_by(user: User) -> QuerySet[ActionItem]:
    return actions_of(user).filter(owner=user).exclude(status=ActionItem.Status.DONE)


@dataclass(frozen=True)
class LearningStatus:
    """Where one person stands with the knowledge check."""

    code: str  # "completed", "due" or "not-completed"
    last_passed: KnowledgeCheckResult | None
    refresher_due: date | None

    @property
    def label(self) -> str:
        return {
            "completed": "Completed",
            "due": "Refresher due",
            "not-completed": "Not completed",
        }[self.code]


def status_from(last_passed: KnowledgeCheckResult | None, today: date) -> LearningStatus:
    if last_passed is None:
        return LearningStatus("not-completed", None, None)
    due = last_passed.refresher_due
    code = "due" if due - REFRESHER_WARNING <= today else "completed"
    return LearningStatus(code, last_passed, due)


def learning_status_of(user: User, today: date | None = None) -> LearningStatus:
    last = results_of(user).filter(passed=True).first()
    return status_from(last, today or timezone.localdate())


@dataclass(frozen=True)
class ReportRow:
    person: User
    status: LearningStatus


def learning_report(user: User, today: date | None = None) -> list[ReportRow]:
    """Everyone active in the admin's organisation with their knowledge-check status."""
    today = today or timezone.localdate()
    people = list(colleagues_of(user).order_by("full_name"))
    latest: dict[object, KnowledgeCheckResult] = {}
    passes = KnowledgeCheckResult.objects.filter(person__in=people, passed=True).order_by(
        "person_id", "-completed_at"
    )
    for result in passes:
        latest.setdefault(result.person_id, result)
    return [ReportRow(person, status_from(latest.get(person.pk), today)) for person in people]
