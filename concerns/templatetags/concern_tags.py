"""Template tags for the concerns app: the home-page section and menu, and the signs confirmed
from the practitioner's own words on the lead's pages."""

from __future__ import annotations

from typing import Any

from django import template

from concerns.models import Concern, Draft, Status
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


@register.simple_tag
def signs_confirmed_from_text(concern: Concern | None) -> list[dict[str, Any]]:
    """The signs the practitioner confirmed from their own words, with those words, for the
    lead's pages (issue 19). Reads only what was stored with the concern."""
    from guidance.catalogue import get_catalogue

    catalogue = get_catalogue()
    signs = []
    for item in getattr(concern, "signs_from_text", None) or []:
        if not isinstance(item, dict) or not item.get("evidence"):
            continue
        indicator = item.get("indicator")
        if isinstance(indicator, str) and indicator in catalogue:
            text = catalogue.get(indicator).text
        else:
            text = str(indicator)
        quotes = [ev.get("text", "") for ev in item["evidence"] if isinstance(ev, dict)]
        signs.append({"id": indicator, "text": text, "quotes": [q for q in quotes if q]})
    return signs
