from __future__ import annotations

from datetime import date
from typing import Any

from django import template
from django.utils import timezone

from core.workdays import add_working_days
from learning.selectors import learning_status_of, open_actions_owned_by

register = template.Library()


@register.filter
def date_parts(value: Any) -> list[str]:
    """Day, month and year for the GOV.UK date input, from a date or the submitted boxes."""
    if isinstance(value, date):
        return [str(value.day), str(value.month), str(value.year)]
    if isinstance(value, list | tuple):
        parts = [("" if v is None else str(v)) for v in value]
        return [*parts, "", "", ""][:3]
    return ["", "", ""]


@register.simple_tag(takes_context=True)
def learning_summary(context: template.Context) -> dict[str, Any]:
    """What the home page says about the person's learning: check status and actions due."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    today = timezone.localdate()
    horizon = add_working_days(today, 1, user.organisation.nation)
    actions = list(open_actions_owned_by(user).filter(due_date__lte=horizon))
    return {
        "status": learning_status_of(user),
        "due_actions": actions,
        "open_count": open_actions_owned_by(user).count(),
    }
