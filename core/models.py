import uuid

from django.conf import settings
from django.db import models


class BaseModel(models.Model):
    """Opaque UUID keys, so no URL reveals how many records exist or lets anyone guess another."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class EmailDelivery(BaseModel):
    """One e-mail, sent at most once (issue 16: "never two e-mails for one notice").

    The sending task records its delivery under a unique key (the task's own id), checks it
    before sending and marks it after, so a task run twice (reclaimed from a dead worker, or
    retried) finds the mark and sends nothing. Subject, intro and path are the link-only text
    of the message: never case data (security-targets.md).
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Could not be sent"

    key = models.CharField(max_length=80, unique=True)
    # Named by string: accounts sits above core (a lower app never imports a higher one).
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="email_deliveries",
    )
    to = models.EmailField()
    kind = models.CharField(max_length=40)
    subject = models.CharField(max_length=200)
    intro = models.TextField()
    path = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error_class = models.CharField(max_length=200, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "failed_at"], name="email_delivery_status")]

    def __str__(self) -> str:
        return f"{self.kind} ({self.status})"


class WorkerHeartbeat(models.Model):
    """The task worker's sign of life, written at most every few seconds (core/worker.py)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.worker_id
