"""A referral prepared from a case, and what comes back from it.

Lean on purpose (architecture.md, "Models are lean"): states as TextChoices, no logic in save().
Every change goes through referrals.services, with optimistic locking on `version` like cases.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from core.models import BaseModel


class Kind(models.TextChoices):
    NRM = "nrm", "National Referral Mechanism (NRM) referral"
    DUTY_TO_NOTIFY = "duty-to-notify", "Duty to Notify report"
    CHILDRENS_SOCIAL_CARE = "childrens-social-care", "Referral to children's social care"
    POLICE = "police", "Information for the police"
    ICTG = "ictg", "Referral to the Independent Child Trafficking Guardian service"
    ADULT_SAFEGUARDING = "adult-safeguarding", "Adult safeguarding referral"
    PASS_TO_FIRST_RESPONDER = (
        "pass-to-first-responder",
        "Handover pack for a first responder organisation",
    )


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", "Being prepared"
    SENT = "sent", "Sent"


class SentHow(models.TextChoices):
    PORTAL = "online-form", "The online form or portal"
    EMAIL = "email", "Secure email"
    PHONE = "phone", "Phone"
    IN_PERSON = "in-person", "In person or at a meeting"
    POST = "post", "Post"


class Outcome(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEGATIVE = "negative", "Negative"


class Referral(BaseModel):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="referrals")
    # The organisation preparing it (the case's own).
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="referrals"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    reference = models.CharField(max_length=14, unique=True, editable=False)
    status = models.CharField(
        max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.DRAFT
    )
    # What the lead supplied: official field name -> value, only for fields the case cannot
    # answer (referrals.services refuses the rest).
    answers = models.JSONField(default=dict, blank=True)
    # Signpost's own sections that are not form fields ("anything to add", the handover).
    note = models.TextField(blank=True)
    completed_sections = models.JSONField(default=list, blank=True)
    # pass-to-first-responder: who receives the handover pack.
    receiving_organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handovers_received",
    )
    receiving_organisation_name = models.CharField(max_length=200, blank=True)

    sent_on = models.DateField(null=True, blank=True)
    sent_how = models.CharField(max_length=20, choices=SentHow.choices, blank=True)
    their_reference = models.CharField(max_length=100, blank=True)

    # What comes back (NRM referrals).
    rg_decision_on = models.DateField(null=True, blank=True)
    rg_outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    cg_decision_on = models.DateField(null=True, blank=True)
    cg_outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    reconsideration_requested_on = models.DateField(null=True, blank=True)
    # Reminder keys already sent ("rg-due:overdue:2026-05-01"), so each is sent once.
    reminders_sent = models.JSONField(default=list, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["case", "kind"], name="referral_case_kind"),
            models.Index(fields=["organisation", "status"], name="referral_org_status"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_sent(self) -> bool:
        return self.status == ReferralStatus.SENT

    @property
    def status_colour(self) -> str:
        return "green" if self.is_sent else "blue"


class FormList(models.TextChoices):
    """The official NRM form's choice lists (referrals/official/data/lists/README.md)."""

    NATIONALITIES = "nationalities", "Nationalities"
    COUNTRIES = "countries", "Countries"
    ORGANISATIONS = "organisations", "First Responder Organisations"
    LOCAL_AUTHORITIES = "local-authorities", "Local authorities"


class FormListValue(models.Model):
    """One value the official form accepts in a select field. Reference data, loaded from the
    files in referrals/official/data/lists by `manage.py load_nrm_lists`."""

    list_name = models.CharField(max_length=30, choices=FormList.choices)
    value = models.CharField(max_length=200)
    code = models.CharField(max_length=20, blank=True)  # the ONS GSS code of a local authority
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["list_name", "position"]
        constraints = [
            models.UniqueConstraint(fields=["list_name", "value"], name="form_list_value_unique")
        ]

    def __str__(self) -> str:
        return self.value
