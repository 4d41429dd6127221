"""The case page's "Referrals" section, without changing cases/views.py."""

from __future__ import annotations

from typing import Any

from django import template

from referrals.models import Kind
from referrals.selectors import (
    handovers_of_case,
    incoming_handovers,
    outcomes_shared_with,
    referrals_of_case,
)
from referrals.services import kinds_offered

register = template.Library()


@register.simple_tag(takes_context=True)
def case_referrals(context: Any, case: Any) -> dict[str, Any]:
    request = context["request"]
    labels = dict(Kind.choices)
    existing = list(referrals_of_case(request.user, case.pk))
    return {
        "existing": existing,
        "offered": [(k, labels[k]) for k in kinds_offered(case)] if case.is_open else [],
    }


@register.simple_tag(takes_context=True)
def referral_linked(context: Any, case: Any, reference: str) -> Any:
    """The case's own Signpost referral with this reference, if the person may open it (a
    decision's referral_ref), else None: a reference made outside Signpost stays plain text."""
    request = context.get("request")
    if not reference or request is None:
        return None
    return referrals_of_case(request.user, case.pk).filter(reference=reference).first()


@register.simple_tag(takes_context=True)
def case_handovers(context: Any, case: Any) -> list[dict[str, Any]]:
    """The case page's handovers: those made from it (with what came back, as far as the
    receiver shares it) and the one it was accepted from."""
    request = context["request"]
    return [
        {
            "handover": h,
            "sent_from_here": h.from_case_id == case.pk,
            "outcomes": outcomes_shared_with(request.user, h),
        }
        for h in handovers_of_case(request.user, case.pk)
    ]


@register.simple_tag(takes_context=True)
def waiting_handovers(context: Any) -> list[Any]:
    """Handovers waiting for the lead's organisation to accept or decline, for the queue."""
    request = context.get("request")
    if request is None:
        return []
    return list(incoming_handovers(request.user))
