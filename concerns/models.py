"""A concern a practitioner records, and the server-side draft it grows from.

Lean on purpose (architecture.md, "Models are lean"): states as TextChoices, rules as database
constraints, no logic in save(). The cases app builds on `Concern`: a lead opens a case from it
(cases.Case, linked by cases.CaseConcern), and the case keeps its own copy of the person's
details; the concern's answers stay as they were sent.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from core.models import BaseModel


class Status(models.TextChoices):
    RECEIVED = "received", "Received"
    BEING_LOOKED_AT = "being-looked-at", "Being looked at"
    ACTION_TAKEN = "action-taken", "Action taken"
    CLOSED = "closed", "Closed"


class YesNoNotSure(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_SURE = "not-sure", "I don't know"


class AgeGroup(models.TextChoices):
    UNDER_18 = "under-18", "Under 18"
    ADULT = "18-or-over", "18 or over"
    NOT_SURE = "not-sure", "I don't know"


class Gender(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    ANOTHER_WAY = "another-way", "They describe their gender another way"
    NOT_KNOWN = "not-known", "I don't know"


class Consent(models.TextChoices):
    # reference/pathways.md, consent_to_nrm.
    YES = "yes", "Yes, and they agree to a referral"
    NO = "no", "Yes, and they do not agree"
    NOT_ASKED = "not-asked", "No, I have not asked them"


class Draft(BaseModel):
    """The concern being written: saved on every page and while typing (security-targets.md,
    Reliability: "No typing lost"). One per author; it is deleted when the concern is sent.

    `updated_at` (BaseModel) is "last touched": drafts untouched for 30 days are purged.
    """

    author = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="concern_draft"
    )
    page = models.CharField(max_length=40, default="danger")
    answers = models.JSONField(default=dict, blank=True)
    completed = models.JSONField(default=list, blank=True)  # slugs of pages answered in full
    # One-time key for sending: the concern is created at most once per token.
    submission_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["updated_at"], name="concern_draft_touched")]

    def __str__(self) -> str:
        return f"draft {self.pk}"

    def resume_url(self) -> str:
        if self.page in ("tasks", "check", "call-999"):
            return reverse(f"concerns:{self.page}")
        return reverse("concerns:page", kwargs={"page": self.page})


class Concern(BaseModel):
    """A sent concern. What was sent is never edited: later information is a FollowUp."""

    reference = models.CharField(max_length=12, unique=True, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="concerns"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="concerns"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    submitted_at = models.DateTimeField(default=timezone.now)
    submission_token = models.UUIDField(unique=True, editable=False)

    immediate_danger = models.CharField(max_length=10, choices=YesNoNotSure.choices)

    person_name = models.CharField(max_length=200, blank=True)
    person_description = models.TextField(blank=True)
    age_group = models.CharField(max_length=12, choices=AgeGroup.choices)
    age_years = models.PositiveSmallIntegerField(null=True, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    # pathways.md V2 rule 1: what they say about their age and their papers disagree.
    age_disputed = models.CharField(max_length=10, choices=YesNoNotSure.choices, blank=True)
    gender = models.CharField(max_length=12, choices=Gender.choices, blank=True)
    nationality = models.CharField(max_length=200, blank=True)
    languages = models.CharField(max_length=200, blank=True)
    interpreter_needed = models.CharField(max_length=10, choices=YesNoNotSure.choices, blank=True)
    location = models.TextField(blank=True)

    indicator_ids = models.JSONField(default=list, blank=True)
    # The signs among indicator_ids that the practitioner confirmed from hints in their own
    # words (issue 19): [{"indicator": id, "evidence": [{"field", "start", "end", "text"}]}].
    # Only confirmed signs are kept; rejected hints are not stored anywhere.
    signs_from_text = models.JSONField(default=list, blank=True)
    something_else = models.TextField(blank=True)
    # guidance.screening.Screening.to_dict(), which carries the catalogue version it used.
    screening = models.JSONField(default=dict, blank=True)

    happened_when = models.CharField(max_length=300, blank=True)
    happened_where = models.CharField(max_length=300, blank=True)
    their_words = models.TextField(blank=True)
    what_you_saw = models.TextField(blank=True)
    others_present = models.TextField(blank=True)
    # Issue 14: asked apart, so the people who may be exploiting the person are never listed as
    # other potential victims on the NRM form (only `others_exploited` feeds "any-other-pvs").
    exploiters = models.TextField(blank=True)
    others_exploited = models.TextField(blank=True)
    # Issue 14: what the practitioner knows of the person's situation and background, asked as
    # the NRM form asks it (nrm-form-fields.md: /how-did-the-exploitation-start,
    # /how-they-were-treated, /what-is-their-background), so the account is not one block.
    how_it_started = models.TextField(blank=True)
    what_they_do = models.TextField(blank=True)
    living_conditions = models.TextField(blank=True)
    treatment = models.TextField(blank=True)
    birthplace = models.TextField(blank=True)
    family = models.TextField(blank=True)
    education = models.TextField(blank=True)
    work_history = models.TextField(blank=True)
    someone_answered_for_them = models.CharField(
        max_length=10, choices=YesNoNotSure.choices, blank=True
    )
    others_at_risk = models.CharField(max_length=10, choices=YesNoNotSure.choices, blank=True)
    # pathways.md V2 rules 3 and 4.
    children_at_risk = models.CharField(max_length=10, choices=YesNoNotSure.choices, blank=True)
    already_in_nrm = models.CharField(max_length=10, choices=YesNoNotSure.choices, blank=True)

    told_anyone = models.CharField(max_length=10, choices=YesNoNotSure.choices, blank=True)
    told_who = models.TextField(blank=True)
    spoken_to_person = models.CharField(max_length=10, choices=YesNoNotSure.choices, blank=True)
    consent_to_nrm = models.CharField(max_length=10, choices=Consent.choices, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(
                fields=["organisation", "status", "-submitted_at"], name="concern_org_status"
            ),
            models.Index(fields=["organisation", "-submitted_at"], name="concern_org_sent"),
            # The organisation's figures count by month, age, gender and nationality from the
            # index alone on PostgreSQL (an index-only scan; SQLite ignores INCLUDE).
            models.Index(
                fields=["organisation", "submitted_at"],
                include=["age_group", "gender", "nationality"],
                name="concern_org_figures",
            ),
            models.Index(fields=["author", "-submitted_at"], name="concern_author_sent"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def treated_as_child(self) -> bool:
        return bool(self.screening.get("treated_as_child", self.age_group != AgeGroup.ADULT))

    @property
    def age_label(self) -> str:
        if self.age_group == AgeGroup.ADULT and not self.treated_as_child:
            return "Adult"
        if self.age_group == AgeGroup.NOT_SURE and self.date_of_birth is None:
            return "Age not known (treated as a child)"
        return "Child" if self.treated_as_child else "Adult"

    @property
    def status_colour(self) -> str:
        colours: dict[str, str] = {
            Status.RECEIVED: "blue",
            Status.BEING_LOOKED_AT: "yellow",
            Status.ACTION_TAKEN: "green",
            Status.CLOSED: "grey",
        }
        return colours.get(self.status, "grey")


class FollowUp(BaseModel):
    """Information added after sending. The concern itself is never edited."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="follow_ups")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    # One-time key from the form: a double click or a retried request adds the text once.
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["concern", "created_at"], name="followup_concern_at")]

    def __str__(self) -> str:
        return f"follow-up to {self.concern_id}"
