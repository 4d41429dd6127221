"""A nation's words in templates, from the one table of nations (core.nations)."""

from __future__ import annotations

from django import template

from core import nations

register = template.Library()


@register.simple_tag
def duty_to_notify_nations(word: str = "or") -> str:
    """The nations where the Duty to Notify applies: "England or Wales"."""
    return nations.duty_to_notify_nations(word)


@register.simple_tag
def other_nations(word: str = "or") -> str:
    """The nations where it does not: "Scotland or Northern Ireland"."""
    return nations.other_nations(word)
