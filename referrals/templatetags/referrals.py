"""The case page's "Referrals" section, without changing cases/views.py."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from referrals import kinds
from referrals.models import Kind
from referrals.selectors import (
    handovers_of_case,
    incoming_handovers,
    outcomes_shared_with,
    referrals_of_case,
    referrals_visible_to,
)
from referrals.services import deadlines_of, kinds_offered

register = template.Library()


@register.simple_tag(takes_context=True)
def case_referrals(context: Any, case: Any) -> dict[str, Any]:
    request = context["request"]
    labels = {k: s.label for k, s in kinds.REGISTRY.items()}
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


@register.simple_tag(takes_context=True)
def pathway_record(context: Any, case: Any, action: str) -> dict[str, Any] | None:
    """The referral that answers a pathway action (referrals.kinds), for its step on the case
    page: what it is, where it stands, what came back and what is overdue. None if there is none
    or the person may not open it."""
    request = context.get("request")
    kind = kinds.KIND_OF_ACTION.get(action)
    if request is None or kind is None:
        return None
    why = ""
    if kinds.spec(kind).first_responder_only and not case.organisation.first_responder:
        # Not one the organisation may make: the handover pack passes it to a first responder.
        why = (
            "Your organisation is not a first responder, so it cannot make this itself: a "
            "first responder organisation makes it from your handover pack."
        )
        kind = Kind.PASS_TO_FIRST_RESPONDER
    referral = (
        referrals_of_case(request.user, case.pk).filter(kind=kind).order_by("-created_at").first()
    )
    if referral is None:
        return {"why": why} if why else None
    spec = kinds.spec(kind)
    return {
        "why": why,
        "referral": referral,
        "label": spec.label,
        "decision": spec.decision_label(referral.decision) if referral.decision else "",
        "deadlines": deadlines_of(referral, timezone.localdate()),
    }


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
