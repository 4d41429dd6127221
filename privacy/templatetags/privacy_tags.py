"""Template tags for the privacy app's menu, home-page section and the case page's box."""

from __future__ import annotations

from typing import Any

from django import template

from core.access import Role
from privacy import selectors

register = template.Library()


def _user(context: Any) -> Any:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return user


@register.simple_tag(takes_context=True)
def support_grants_now(context: Any) -> list[Any]:
    """The signed-in support person's grants in force (empty, without a query, for others)."""
    user = _user(context)
    if user is None or not selectors.is_support_person(user):
        return []
    return list(selectors.active_grants_of(user))


@register.inclusion_tag("privacy/_case_box_content.html", takes_context=True)
def privacy_case_box(context: Any, case: Any) -> dict[str, Any]:
    """Legal hold, subject access and support access, for a lead of the case's organisation."""
    user = _user(context)
    owner = bool(
        user is not None
        and user.has_role(Role.LEAD)
        and case is not None
        and case.organisation_id == user.organisation_id
    )
    if not owner:
        return {"show": False}
    from django.utils import timezone

    now = timezone.now()
    grants = [g for g in selectors.support_grants_of_case(case) if g.is_active_at(now)]
    return {"show": True, "case": case, "hold": selectors.active_hold(case), "grants": grants}
