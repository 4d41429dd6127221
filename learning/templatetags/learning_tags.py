from __future__ import annotations

from datetime import date
from typing import Any

from django import template

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
