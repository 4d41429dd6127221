"""Template tags for the cases app's menu and home-page section."""

from __future__ import annotations

from typing import Any

from django import template

from cases import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def case_home_counts(context: dict[str, Any]) -> dict[str, int]:
    """New concerns to triage, and the open cases assigned to the signed-in lead."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "new": selectors.received_concerns(user).count(),
        "mine": selectors.cases_owned_by(user).filter(assigned_lead=user, status="open").count(),
    }
