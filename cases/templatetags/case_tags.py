"""Template tags for the case pages: the lead's view of a concern's answers, and the panels."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.context import Context
from django.utils.safestring import SafeString

from core.panels import Panel
from core.templatetags.panels import render_panel

register = template.Library()


# The practitioner's check-answers words, turned to the lead's point of view.
_FOR_THE_LEAD = {
    "Before you started": "Immediate danger",
    "What you noticed": "What the practitioner noticed",
    "What you have done": "What the practitioner has done",
    "What you saw or heard": "What the practitioner saw or heard",
    "Who you told": "Who they told, and when",
    "Told anyone yet": "Has the practitioner told anyone",
    "Spoken to the person": "Has the practitioner spoken to the person",
}


@register.simple_tag
def concern_answers(concern: Any) -> list[tuple[str, list[Any]]]:
    """Every answer the practitioner gave, in their own words, in the sections of their own
    check-answers page, with the signs grouped as the signs page showed them (issue 15 item
    4). The concern was already fetched through a selector that took the acting user."""
    from concerns.journey import Row, rows_for, setting_of
    from concerns.models import Concern

    values = {f.name: getattr(concern, f.name) for f in Concern._meta.concrete_fields}
    sections = rows_for(values, with_pages=False, first_setting=setting_of(concern.organisation))
    return [
        (
            _FOR_THE_LEAD.get(title, title),
            [Row(_FOR_THE_LEAD.get(r.key, r.key), r.value, "", r.multiline) for r in rows],
        )
        for title, rows in sections
    ]


@register.simple_tag(takes_context=True)
def case_panel(context: Context, panel: Panel) -> SafeString:
    """One of the case page's or the queue's panels (cases/panels.py): its template, given the
    page's context with the panel's own on top, as `{% include %}` would."""
    return render_panel(context, panel)


@register.filter
def link_for(links: dict[str, str], reference: str) -> str:
    """The page of the case's record with this reference (cases.panels.record_links), or ""."""
    return links.get(reference, "") if reference else ""
