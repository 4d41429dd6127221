import uuid

from django.db import models


class BaseModel(models.Model):
    """Opaque UUID keys, so no URL reveals how many records exist or lets anyone guess another."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
