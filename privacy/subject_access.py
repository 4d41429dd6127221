"""Everything held about the person in one case, as a PDF (UK GDPR Article 15, subject access).

The case must already have been fetched through cases.selectors for the acting lead.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from cases import selectors as sel
from cases.models import Case
from cases.selectors import CASE_TYPE, CONCERN_TYPE
from core.pdf import render_pdf
from privacy.selectors import holds_of, support_grants_of_case

# Internal keys and bookkeeping that say nothing about the person.
SKIP_FIELDS = {"id", "submission_token", "version", "screening", "organisation", "reference"}


def _value(obj: Model, field: Any) -> str:
    value = getattr(obj, field.name)
    if value in (None, "", [], {}):
        return "Not recorded"
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")())
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if hasattr(value, "isoformat"):
        if hasattr(value, "hour"):
            return timezone.localtime(value).strftime("%-d %B %Y, %H:%M")
        return value.strftime("%-d %B %Y")
    if isinstance(value, Model):
        return str(getattr(value, "full_name", value))
    return str(value)


def field_rows(obj: Model) -> list[tuple[str, str]]:
    """Every stored field of a record, with its label, as it is held."""
    rows = []
    for field in obj._meta.concrete_fields:
        if field.name in SKIP_FIELDS:
            continue
        label = str(field.verbose_name).replace("_", " ")
        rows.append((label[:1].upper() + label[1:], _value(obj, field)))
    return rows


def context_for(case: Case, by: User) -> dict[str, Any]:
    concerns = list(sel.concerns_of_case(case))
    concern_ids = [str(c.pk) for c in concerns]
    events = (
        AuditEvent.objects.filter(
            Q(target_type=CASE_TYPE, target_id=str(case.pk))
            | Q(target_type=CONCERN_TYPE, target_id__in=concern_ids)
        )
        .select_related("actor", "organisation")
        .order_by("at")
    )
    return {
        "case": case,
        "by": by,
        "made_at": timezone.localtime(),
        "person_rows": field_rows(case),
        "concerns": [{"concern": c, "rows": field_rows(c)} for c in concerns],
        "items": list(sel.pathway_items_of(case)),
        "tasks": list(sel.tasks_of(case)),
        "decisions": list(sel.decisions_of(case)),
        "notes": list(sel.notes_of(case)),
        "shares": list(sel.shares_of(case)),
        "share_decisions": list(case.share_decisions.select_related("organisation", "by")),
        "holds": list(holds_of(case)),
        "grants": list(support_grants_of_case(case)),
        "types": list(case.types.order_by("type").values_list("type", flat=True)),
        "events": list(events),
    }


def subject_access_pdf(case: Case, by: User) -> bytes:
    html = render_to_string("privacy/subject_access_pdf.html", context_for(case, by))
    return render_pdf(html)  # fetches nothing from outside (core.pdf)
