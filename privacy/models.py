"""Retention rules, legal holds and time-limited support access (security-targets.md, Data
protection). Lean on purpose: rules as constraints, logic in privacy.services and
privacy.retention."""

from __future__ import annotations

from typing import TypedDict

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import BaseModel


class RecordType(models.TextChoices):
    CLOSED_ADULT_CASE = "closed-adult-case", "Closed cases about adults"
    CHILD_CASE = "child-case", "Cases about children"
    DRAFT = "draft", "Unfinished concerns (drafts)"


class Period(TypedDict):
    default: int
    min: int
    max: int
    unit: str


# What each rule's number means, its default (when the organisation has set none) and its bounds.
# Drafts: at most 30 days, because concerns.services.drafts_purge deletes every draft untouched
# for 30 days whatever the organisation says; a shorter period is applied by apply_retention.
PERIODS: dict[str, Period] = {
    RecordType.CLOSED_ADULT_CASE: {
        "default": 6,
        "min": 1,
        "max": 75,
        "unit": "years after the case is closed",
    },
    RecordType.CHILD_CASE: {
        "default": 25,
        "min": 18,
        "max": 100,
        "unit": "the person's birthday (age in years) after which a closed case is deleted",
    },
    RecordType.DRAFT: {
        "default": 30,
        "min": 1,
        "max": 30,
        "unit": "days after a draft was last touched",
    },
}


class RetentionRule(BaseModel):
    """How long one organisation keeps one type of record. No row: the default applies."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="retention_rules"
    )
    record_type = models.CharField(max_length=20, choices=RecordType.choices)
    period = models.PositiveSmallIntegerField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["record_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "record_type"], name="one_rule_per_record_type"
            ),
            models.CheckConstraint(condition=Q(period__gte=1), name="retention_period_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.record_type}: {self.period}"


class LegalHold(BaseModel):
    """A case that must not be deleted, whatever its retention rule says, until lifted."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="legal_holds")
    reason = models.TextField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField()
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-placed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(lifted_at=None), name="one_active_hold_per_case"
            )
        ]

    def __str__(self) -> str:
        return f"hold on {self.case_id}"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class SupportGrant(BaseModel):
    """Time-limited access for one platform support person to one case, given by a lead of the
    case's organisation. The organisation's leads and admins see every grant and every request
    made under it (audit events of kind "support-access-used")."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="support_grants"
    )
    support_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="support_grants"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="support_grants")
    reason = models.TextField()
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    starts_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("starts_at")),
                name="support_grant_ends_after_start",
            )
        ]
        indexes = [
            models.Index(fields=["support_user", "expires_at"], name="support_grant_user_exp"),
            models.Index(fields=["organisation", "-starts_at"], name="support_grant_org"),
        ]

    def __str__(self) -> str:
        return f"support access to {self.case_id}"

    def is_active_at(self, now) -> bool:
        return self.revoked_at is None and self.starts_at <= now < self.expires_at

    def status_at(self, now) -> str:
        if self.revoked_at is not None:
            return "Revoked"
        if now >= self.expires_at:
            return "Expired"
        return "Active"
