"""Template tags for the concerns app's home-page section and menu."""

from __future__ import annotations

from typing import Any

from django import template

from concerns.models import Draft, Status
from concerns.selectors import concerns_for_leads, draft_of

register = template.Library()


@register.simple_tag(takes_context=True)
def unfinished_concern(context: dict[str, Any]) -> Draft | None:
    """The signed-in person's own unfinished concern, for "You have an unfinished concern"."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return draft_of(user)


@register.simple_tag(takes_context=True)
def new_concern_count(context: dict[str, Any]) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return concerns_for_leads(user).filter(status=Status.RECEIVED).count()
