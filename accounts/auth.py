"""Hooks that django-axes calls while counting sign-in failures."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from accounts.models import normalise_email


def axes_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str | None:
    """The account name a failure is counted against: always the normalised address, so each
    letter-case variant of one address shares the same five tries (AXES_USERNAME_CALLABLE)."""
    field = settings.AXES_USERNAME_FORM_FIELD
    value = None
    if credentials:
        value = credentials.get(field) or credentials.get("username")
    if value is None and request is not None:
        data = getattr(request, "data", None) or getattr(request, "POST", {})
        value = data.get(field)
    if value is None:
        return None
    return normalise_email(value)
