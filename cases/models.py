"""The safeguarding lead's case: the person, the concerns about them, and the work that follows.

Lean on purpose (architecture.md, "Models are lean"): states as TextChoices, rules as database
constraints, no logic in save(). Every change goes through cases.services.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.models import Nation
from concerns.models import AgeGroup, Consent, Gender, YesNoNotSure
from core.models import BaseModel


class AgeAssessment(models.TextChoices):
    # pathways.md V2, age_assessment.
    NONE = "none", "No assessment yet"
    CHILD = "child", "Assessed as a child"
    ADULT = "adult", "Assessed as an adult"


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Stage(models.TextChoices):
    """Where the work is; the same words as a concern's status (concerns.models.Status)."""

    BEING_LOOKED_AT = "being-looked-at", "Being looked at"
    ACTION_TAKEN = "action-taken", "Action taken"
    CLOSED = "closed", "Closed"


class Case(BaseModel):
    """One person the organisation is worried about, with every concern raised about them."""

    reference = models.CharField(max_length=14, unique=True, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="cases"
    )
    status = models.CharField(max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.BEING_LOOKED_AT)
    assigned_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_cases",
    )
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    # The person: copied from the first concern at triage, then kept up to date by leads.
    person_name = models.CharField(max_length=200, blank=True)
    person_description = models.TextField(blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    age_group = models.CharField(max_length=12, choices=AgeGroup.choices)
    gender = models.CharField(max_length=12, choices=Gender.choices, blank=True)
    nationality = models.CharField(max_length=200, blank=True)
    # Asked of the lead once, when a referral's document needs them (referrals.kinds), then
    # used by every document that follows. Blank means not recorded: a document says so.
    address = models.TextField(blank=True)
    parents_and_carers = models.TextField(blank=True)
    school_or_setting = models.CharField(max_length=200, blank=True)

    # The pathway facts (reference/pathways.md) the lead can correct. Blank means not known.
    immediate_danger = models.CharField(max_length=10, choices=YesNoNotSure.choices, blank=True)
    consent_to_nrm = models.CharField(max_length=10, choices=Consent.choices, blank=True)
    care_and_support_needs = models.CharField(
        max_length=10, choices=YesNoNotSure.choices, blank=True
    )
    others_at_risk = models.CharField(max_length=10, choices=YesNoNotSure.choices, blank=True)
    under_18_during_exploitation = models.CharField(
        max_length=10, choices=YesNoNotSure.choices, blank=True
    )
    # pathways.md, Version 2.
    age_assessment = models.CharField(max_length=10, choices=AgeAssessment.choices, blank=True)
    capacity_to_consent = models.CharField(max_length=10, choices=YesNoNotSure.choices, blank=True)
    children_at_risk = models.CharField(max_length=10, choices=YesNoNotSure.choices, blank=True)
    already_in_nrm = models.CharField(max_length=10, choices=YesNoNotSure.choices, blank=True)
    parental_responsibility_in_uk = models.CharField(
        max_length=10, choices=YesNoNotSure.choices, blank=True
    )
    nation = models.CharField(max_length=20, choices=Nation.choices)

    # Worked out by the pathway engine at each change of facts, kept for the queue's filter.
    treated_as_child = models.BooleanField(default=True)
    # The case's exploitation types (CaseType rows) again, as one bit each (TYPE_BITS), so the
    # queue can filter and count by type from one index without looking at every open case.
    # Written only by cases.services._add_types, in the same transaction as the rows.
    type_bits = models.PositiveSmallIntegerField(default=0)
    # Optimistic locking: every change to this row goes through a conditional UPDATE on it.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-opened_at"]
        indexes = [
            models.Index(fields=["organisation", "status", "-opened_at"], name="case_org_status"),
            models.Index(fields=["assigned_lead", "status", "-opened_at"], name="case_lead_status"),
            # The queue's type filter (with or without child/adult): see cases.selectors.
            models.Index(
                fields=["organisation", "status", "type_bits", "treated_as_child"],
                name="case_org_status_types",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status == CaseStatus.OPEN

    @property
    def stage_colour(self) -> str:
        colours: dict[str, str] = {
            Stage.BEING_LOOKED_AT: "yellow",
            Stage.ACTION_TAKEN: "green",
            Stage.CLOSED: "grey",
        }
        return colours.get(self.stage, "grey")

    @property
    def age_label(self) -> str:
        if self.age_group == AgeGroup.NOT_SURE and self.date_of_birth is None:
            return "Age not known (treated as a child)"
        return "Child" if self.treated_as_child else "Adult"


class CaseConcern(models.Model):
    """A concern belongs to at most one case."""

    id = models.BigAutoField(primary_key=True)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links")
    concern = models.OneToOneField(
        "concerns.Concern", on_delete=models.PROTECT, related_name="case_link"
    )
    added_at = models.DateTimeField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["added_at"]
        indexes = [models.Index(fields=["case", "added_at"], name="caseconcern_case_at")]

    def __str__(self) -> str:
        return f"{self.concern_id} in {self.case_id}"


# One bit per exploitation type for Case.type_bits. Fixed numbers, not the catalogue's order: a
# type added to guidance.catalogue.EXPLOITATION_TYPES later takes the next free bit, and the
# bits already stored keep their meaning. (Migration 0002 has its own copy of this table.)
TYPE_BITS: dict[str, int] = {
    "sexual": 1,
    "labour": 2,
    "criminal": 4,
    "domestic-servitude": 8,
    "organ-harvesting": 16,
}


def bits_of(types: Iterable[str]) -> int:
    """The bits of the known types among these (a type with no bit adds nothing)."""
    bits = 0
    for t in types:
        bits |= TYPE_BITS.get(t, 0)
    return bits


def bits_with(type_: str) -> list[int]:
    """Every value of Case.type_bits that includes this type: the queue's filter is an IN over
    these (at most 16), which an index can look up, where a bitwise AND could not."""
    bit = TYPE_BITS[type_]
    return [value for value in range(max(TYPE_BITS.values()) * 2) if value & bit]


class CaseType(models.Model):
    """An exploitation type the screening suggested, one row per type, for the queue's filter.

    A small table rather than JSON: it filters the same way, with an index, on SQLite and
    PostgreSQL alike.
    """

    id = models.BigAutoField(primary_key=True)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="types")
    type = models.CharField(max_length=30)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "type"], name="one_row_per_type")]
        indexes = [models.Index(fields=["type", "case"], name="casetype_type_case")]

    def __str__(self) -> str:
        return self.type


class ItemState(models.TextChoices):
    PENDING = "pending", "To do"
    # A record answering the action is being prepared (referrals.kinds): set by the record.
    IN_PROGRESS = "in-progress", "In progress"
    DONE = "done", "Done"
    NOT_NEEDED = "not-needed", "Not needed"
    NO_LONGER_NEEDED = "no-longer-needed", "No longer on the pathway"


class PathwayItem(BaseModel):
    """One action of the pathway engine as a checklist item. Kept when the facts change and the
    action drops off the pathway, so the history of what was asked of the lead stays."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pathway_items")
    action = models.CharField(max_length=40)
    position = models.PositiveSmallIntegerField(default=0)
    state = models.CharField(max_length=20, choices=ItemState.choices, default=ItemState.PENDING)
    done_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)  # what was done, or why it is not needed
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["case", "action"], name="one_item_per_action")
        ]

    def __str__(self) -> str:
        return self.action

    @property
    def state_colour(self) -> str:
        colours: dict[str, str] = {
            ItemState.PENDING: "blue",
            ItemState.IN_PROGRESS: "yellow",
            ItemState.DONE: "green",
            ItemState.NOT_NEEDED: "grey",
            ItemState.NO_LONGER_NEEDED: "grey",
        }
        return colours.get(self.state, "grey")


class Task(BaseModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=200)
    due_on = models.DateField()
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What the person who did it wrote when marking it done (issue 15 item 5).
    done_note = models.TextField(blank=True)
    # Each reminder is sent once: the day it was sent, so a rerun of the job sends nothing.
    reminded_due_on = models.DateField(null=True, blank=True)
    reminded_overdue_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "created_at"]
        indexes = [
            models.Index(fields=["case", "done_at", "due_on"], name="task_case_open_due"),
            models.Index(fields=["due_on"], name="task_open_due", condition=Q(done_at=None)),
        ]

    def __str__(self) -> str:
        return self.title


class DecisionKind(models.TextChoices):
    NO_FURTHER_ACTION = "no-further-action", "No further action"
    ADVICE_GIVEN = "advice-given", "Advice given"
    ACTION_TAKEN = "action-taken", "Action taken"
    REFERRAL_MADE = "referral-made", "Referral made"
    CLOSED = "closed", "Close the case"
    REOPENED = "reopened", "Reopen the case"


class Decision(BaseModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=20, choices=DecisionKind.choices)
    rationale = models.TextField()
    # The reference of the referral this decision made: one of the case's Signpost referrals
    # (chosen on the form) or one made outside Signpost (typed). A reference, not a link:
    # cases sits below referrals (docs/conventions.md).
    referral_ref = models.CharField(max_length=60, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at"]
        indexes = [models.Index(fields=["case", "at"], name="decision_case_at")]

    def __str__(self) -> str:
        return self.kind


class CaseNote(BaseModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["at"]
        indexes = [models.Index(fields=["case", "at"], name="note_case_at")]

    def __str__(self) -> str:
        return f"note on {self.case_id}"


class SharePart(models.TextChoices):
    SUMMARY = "summary", "A summary: the person and where the case is"
    CONCERNS = "concerns", "The concerns, as they were recorded"
    SCREENING = "screening", "The screening"
    PATHWAY = "pathway", "The pathway and tasks"
    CHRONOLOGY = "chronology", "The chronology: what happened and when, with decisions"
    # Notes are their own part: a partner given the chronology alone does not see them
    # (issue 15, "the chronology honours what a share allows").
    NOTES = "notes", "The case notes"


class Share(BaseModel):
    """A case shared with another organisation on Signpost; revoked, never deleted."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shares")
    with_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="shares_received"
    )
    reason = models.TextField()
    what_is_shared = models.JSONField(default=list)
    may_add = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoke_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "with_organisation"],
                condition=Q(revoked_at=None),
                name="one_active_share_per_organisation",
            )
        ]
        indexes = [
            models.Index(
                fields=["with_organisation", "case"],
                condition=Q(revoked_at=None),
                name="share_active_org",
            )
        ]

    def __str__(self) -> str:
        return f"share of {self.case_id}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def includes(self, part: str) -> bool:
        return part in self.what_is_shared

    def parts_display(self) -> list[str]:
        labels = dict(SharePart.choices)
        return [labels[p] for p in SharePart.values if p in self.what_is_shared]


class ShareDecision(BaseModel):
    """A decision not to share, with its reason (the seventh golden rule of information
    sharing: record what you decided and why, whether you share or not)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="share_decisions")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation_name = models.CharField(max_length=200, blank=True)  # not on Signpost
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | ~Q(organisation_name=""),
                name="share_decision_names_someone",
            )
        ]

    def __str__(self) -> str:
        return f"not shared from {self.case_id}"

    @property
    def who(self) -> str:
        return self.organisation.name if self.organisation is not None else self.organisation_name
