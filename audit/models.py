from django.conf import settings
from django.db import models

from audit.kinds import label_of


class AuditEvent(models.Model):
    """One thing someone did or saw. Append-only: the application never updates or deletes these.

    Each event stores the chain value of the one before it and its own, an HMAC made with the
    audit key (audit/chain.py), so altering or removing any row breaks the chain and
    `manage.py audit_verify` names the first broken event; checkpoints kept outside the database
    (audit/checkpoints.py) catch the newest events being removed (security-targets.md, Audit).
    Field contents are never stored: only who, what kind, which record, when and from where.
    """

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField()
    kind = models.CharField(max_length=60, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.CharField(max_length=64, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # Which audit key made `hash` (a fingerprint); empty for events from before the key.
    key_id = models.CharField(max_length=16, blank=True, default="")

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["organisation", "at"], name="audit_org_at"),
            models.Index(fields=["target_type", "target_id", "at"], name="audit_target_at"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} at {self.at:%Y-%m-%d %H:%M:%S}"

    @property
    def label(self) -> str:
        """What the event's kind means, in words (the kind registry, audit/kinds.py)."""
        return label_of(self.kind)
