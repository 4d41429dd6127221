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
    # A handover pack handed to a first responder organisation that uses Signpost.
    SIGNPOST = "signpost", "Handed over on Signpost"


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
    # The kind's own questions (referrals.kinds, KindSpec.questions stored on the referral):
    # question key -> the lead's answer. Blank or absent means not recorded.
    details = models.JSONField(default=dict, blank=True)

    # What comes back from a kind other than the NRM (children's social care's decision,
    # the police's, the guardian service's): a code from that kind's decision choices.
    decision = models.CharField(max_length=40, blank=True)
    decision_on = models.DateField(null=True, blank=True)

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


class HandoverState(models.TextChoices):
    SENT = "sent", "Waiting for them to accept"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class Handover(BaseModel):
    """A handover pack handed to a first responder organisation on Signpost (issue 15, item 1).

    The receiving organisation sees only `snapshot`: what the sender's case held when it was
    handed over, never the sender's case itself. Accepting opens the receiver's own case
    (`accepted_case`); what comes back from its referrals shows on the sender's case only if the
    receiver chose to share it (`share_outcomes`, under `outcome_lawful_basis`).
    """

    # Null once the sender's case is deleted under its retention rule: the receiver's copy
    # (the snapshot, and the case it accepted) is the receiver's own record by then.
    pack = models.ForeignKey(
        Referral, null=True, on_delete=models.SET_NULL, related_name="handovers"
    )
    from_case = models.ForeignKey(
        "cases.Case", null=True, on_delete=models.SET_NULL, related_name="handovers_out"
    )
    from_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="handovers_sent"
    )
    to_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="handovers_in"
    )
    state = models.CharField(
        max_length=10, choices=HandoverState.choices, default=HandoverState.SENT
    )
    sent_at = models.DateTimeField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # What was handed over (referrals.handovers.snapshot_of): the only case data the receiver sees.
    snapshot = models.JSONField(default=dict)
    # Why, and on what basis, the sender disclosed it (the sender organisation's lawful basis).
    reason = models.TextField()
    lawful_basis = models.TextField()

    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decline_reason = models.TextField(blank=True)
    accepted_case = models.OneToOneField(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handover_in",
    )
    # The receiver's choice: tell the sender what comes back (reference, sent, decisions).
    share_outcomes = models.BooleanField(default=False)
    outcome_lawful_basis = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            # One live handover per pack: a declined one leaves the pack free to go elsewhere.
            models.UniqueConstraint(
                fields=["pack"],
                condition=~models.Q(state="declined"),
                name="one_live_handover_per_pack",
            )
        ]
        indexes = [
            models.Index(fields=["to_organisation", "state", "-sent_at"], name="handover_to_state"),
            models.Index(fields=["from_case", "-sent_at"], name="handover_from_case"),
        ]

    def __str__(self) -> str:
        return f"handover of {self.pack_id}"

    @property
    def state_colour(self) -> str:
        colours: dict[str, str] = {
            HandoverState.SENT: "blue",
            HandoverState.ACCEPTED: "green",
            HandoverState.DECLINED: "red",
        }
        return colours.get(self.state, "grey")


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
