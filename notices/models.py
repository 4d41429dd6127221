from django.conf import settings
from django.db import models

from core.models import BaseModel


class Notice(BaseModel):
    """An in-app notice: a short text with no personal data, and a link to where to look."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(max_length=40)
    text = models.CharField(max_length=200)
    path = models.CharField(max_length=300)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notice_inbox"),
        ]

    def __str__(self) -> str:
        return self.kind
