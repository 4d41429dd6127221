"""Template tags for the lead's view of a concern: the signs confirmed from its words."""

from __future__ import annotations

from typing import Any

from django import template

from concerns.models import Concern

register = template.Library()


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
