"""Counting tries in a sliding window, in the database so every web process sees the same count."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from accounts.models import Attempt


def key_for(value: object) -> str:
    """A keyed hash of what is counted (an address, a client address, a person's id), so the
    table holds no e-mail or IP address in the clear."""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"signpost-throttle:{value}".encode(), hashlib.sha256
    ).hexdigest()


def recent(scope: str, key: str, window: timedelta) -> int:
    return Attempt.objects.filter(scope=scope, key=key, at__gt=timezone.now() - window).count()


def add(scope: str, key: str, window: timedelta) -> int:
    """Count one more try; return how many there now are in the window."""
    now = timezone.now()
    # Tries older than the window count for nothing: drop them for every key, so the table
    # stays small without a housekeeping job.
    Attempt.objects.filter(scope=scope, at__lte=now - window).delete()
    Attempt.objects.create(scope=scope, key=key, at=now)
    return recent(scope, key, window)


def first_in_window(scope: str, key: str, window: timedelta) -> datetime | None:
    return (
        Attempt.objects.filter(scope=scope, key=key, at__gt=timezone.now() - window)
        .order_by("at")
        .values_list("at", flat=True)
        .first()
    )
