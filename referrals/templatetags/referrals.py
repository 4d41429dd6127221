"""The cases queue's referral prompts: handovers waiting to be accepted and overdue decisions.
(The case page's referrals and handovers are panels: referrals/panels.py.)"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from referrals import kinds
from referrals.selectors import incoming_handovers, referrals_visible_to
from referrals.services import deadlines_of

register = template.Library()


@register.simple_tag(takes_context=True)
def waiting_handovers(context: Any) -> list[Any]:
    """Handovers waiting for the lead's organisation to accept or decline, for the queue."""
    request = context.get("request")
    if request is None:
        return []
    return list(incoming_handovers(request.user))


@register.inclusion_tag("referrals/_overdue_decisions.html", takes_context=True)
def overdue_decisions(context: Any) -> dict[str, Any]:
    """The queue's prompt: referrals whose decision is overdue (children's social care's within
    one working day), so the lead chases and escalates."""
    request = context.get("request")
    if request is None:
        return {"overdue": []}
    today = timezone.localdate()
    overdue = []
    candidates = referrals_visible_to(request.user).filter(
        kind__in=kinds.KINDS_WITH_DEADLINES, status="sent", case__status="open"
    )
    for referral in candidates:
        overdue += [d for d in deadlines_of(referral, today) if d.status == "overdue"]
    return {"overdue": sorted(overdue, key=lambda d: d.due)}
