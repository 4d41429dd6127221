"""Audit event kinds written by concerns, and how the concern's events read in a case's
chronology (audit/kinds.py). A partner organisation sees that a concern was recorded with the
chronology alone; what was added to it later is part of the concern as recorded, so it needs
the "concerns" part of the share too."""

from __future__ import annotations

from audit.kinds import Chronology, EventKind, Line, Records, register
from audit.models import AuditEvent

CONCERNS = "Concerns"


def _submitted(e: AuditEvent, records: Records) -> Line:
    return Line(f"Concern {e.detail.get('reference', '')} recorded")


def _leads_notified(e: AuditEvent, records: Records) -> Line:
    return Line("Safeguarding leads told about the concern")


def _information_added(e: AuditEvent, records: Records) -> Line:
    follow_up = records.get("concerns.followup", e.detail.get("follow_up"))
    return Line("Information added to a concern", text=follow_up.text if follow_up else "")


register(
    EventKind(
        "concern-submitted",
        CONCERNS,
        "Concern recorded",
        ("reference", "indicators", "catalogue_version", "confirmed_from_text"),
        Chronology("concern", _submitted, partner_needs=frozenset()),
    ),
    EventKind(
        "concern-leads-notified",
        CONCERNS,
        "Leads told about a concern",
        ("leads",),
        Chronology("concern", _leads_notified, partner_needs=frozenset()),
    ),
    EventKind(
        "concern-information-added",
        CONCERNS,
        "Information added to a concern",
        ("follow_up",),
        Chronology(
            "concern",
            _information_added,
            partner_needs=frozenset({"concerns"}),
            records={"follow_up": "concerns.followup"},
        ),
    ),
    EventKind("concern-viewed", CONCERNS, "Concern viewed", ("page", "as")),
    EventKind("concern-draft-started", CONCERNS, "Concern draft started", ("carried_over",)),
    EventKind("concern-draft-deleted", CONCERNS, "Concern draft deleted", ("why",)),
    EventKind("concern-draft-reminder-sent", CONCERNS, "Reminder of a concern draft sent"),
)
