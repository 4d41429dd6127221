"""The case page's "Referrals" section, without changing cases/views.py."""

from __future__ import annotations

from typing import Any

from django import template

from referrals.models import Kind
from referrals.selectors import referrals_of_case
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
