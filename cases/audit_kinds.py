"""Audit event kinds written by cases, and how each reads in a case's chronology
(audit/kinds.py). `partner_needs` is what a partner organisation's share must include, besides
the chronology, to see a line; None means a partner never sees it. A partner sees only its own
share begin, never whom else the case went to or who decided not to share with whom (the
seventh golden rule records those decisions for the sharing organisation, not its partners)."""

from __future__ import annotations

from typing import Any

from audit.kinds import Chronology, EventKind, Line, Records, Share, register
from audit.models import AuditEvent
from cases.models import DecisionKind, ItemState
from guidance.pathways import ACTIONS

CASES = "Cases"
SHARING = "Sharing"
HANDOVER = "Handover"

FIELD_LABELS: dict[str, str] = {
    "person_name": "name",
    "person_description": "description",
    "date_of_birth": "date of birth",
    "age_group": "age",
    "gender": "gender",
    "nationality": "nationality",
    "immediate_danger": "immediate danger",
    "consent_to_nrm": "consent to an NRM referral",
    "care_and_support_needs": "care and support needs",
    "others_at_risk": "others at risk",
    "under_18_during_exploitation": "under 18 during the exploitation",
    "nation": "nation",
    "assigned_lead": "lead",
    "age_assessment": "age assessment",
    "capacity_to_consent": "capacity to consent",
    "children_at_risk": "other children at risk",
    "already_in_nrm": "already in the NRM",
    "parental_responsibility_in_uk": "parental responsibility in the UK",
    "address": "address",
    "parents_and_carers": "parents and carers",
    "school_or_setting": "school or setting",
}


def _actions(codes: list[str]) -> str:
    return "; ".join(ACTIONS.get(c, c) for c in codes)


def _task_name(e: AuditEvent, records: Records) -> tuple[Any, str]:
    task = records.get("cases.task", e.detail.get("task"))
    return task, (task.title if task else "a task")


def _triaged(e: AuditEvent, records: Records) -> Line:
    if e.detail.get("how") == "new-case":
        return Line("Concern triaged: a new case opened")
    return Line("Concern triaged: added to this case")


def _opened(e: AuditEvent, records: Records) -> Line:
    return Line(f"Case {e.detail.get('reference', '')} opened")


def _updated(e: AuditEvent, records: Records) -> Line:
    fields = [FIELD_LABELS.get(f, f) for f in e.detail.get("fields", [])]
    return Line("Details changed: " + (", ".join(fields) if fields else "no changes"))


def _assigned(e: AuditEvent, records: Records) -> Line:
    lead = records.get("accounts.user", e.detail.get("lead"))
    before = records.get("accounts.user", e.detail.get("reassigned_from"))
    extra = f"Taken over from {before.full_name}, who is no longer a lead here" if before else ""
    return Line(f"Assigned to {lead.full_name}" if lead else "Lead removed", extra=extra)


def _pathway_updated(e: AuditEvent, records: Records) -> Line:
    d = e.detail
    parts = []
    if d.get("added"):
        parts.append("Now on the pathway: " + _actions(d["added"]))
    if d.get("dropped"):
        parts.append("No longer on the pathway: " + _actions(d["dropped"]))
    return Line("Pathway worked out again from the facts", extra=". ".join(parts))


def _pathway_item(e: AuditEvent, records: Records) -> Line:
    action = ACTIONS.get(e.detail.get("action", ""), e.detail.get("action", ""))
    state = dict(ItemState.choices).get(e.detail.get("state", ""), e.detail.get("state", ""))
    return Line(f"{action}: {state}")


def _task_added(e: AuditEvent, records: Records) -> Line:
    task, name = _task_name(e, records)
    return Line(f"Task added: {name}", extra=f"Due {task.due_on:%-d %B %Y}" if task else "")


def _task_done(e: AuditEvent, records: Records) -> Line:
    task, name = _task_name(e, records)
    return Line(f"Task done: {name}", text=getattr(task, "done_note", "") if task else "")


def _task_reassigned(e: AuditEvent, records: Records) -> Line:
    to = records.get("accounts.user", e.detail.get("to"))
    name = _task_name(e, records)[1]
    return Line(f"Task given to {to.full_name if to else 'another lead'}: {name}")


def _reminder(e: AuditEvent, records: Records) -> Line:
    return Line(f"Reminder sent: {_task_name(e, records)[1]}")


def _decision(e: AuditEvent, records: Records) -> Line:
    decision = records.get("cases.decision", e.detail.get("decision"))
    kind = e.detail.get("kind", "")
    label = dict(DecisionKind.choices).get(kind, kind)
    if decision is None:
        return Line(f"Decision: {label}")
    extra = f"Referral {decision.referral_ref}" if decision.referral_ref else ""
    return Line(f"Decision: {label}", text=decision.rationale, extra=extra)


def _note(e: AuditEvent, records: Records) -> Line:
    note = records.get("cases.casenote", e.detail.get("note"))
    return Line("Note", text=note.text if note else "")


def _shared(e: AuditEvent, records: Records) -> Line:
    share = records.get("cases.share", e.detail.get("share"))
    if share is None:
        return Line("Shared with another organisation")
    extra = "Shared: " + "; ".join(share.parts_display()) + "."
    extra += " They may add notes." if share.may_add else " Read only."
    return Line(f"Shared with {share.with_organisation.name}", text=share.reason, extra=extra)


def _share_revoked(e: AuditEvent, records: Records) -> Line:
    share = records.get("cases.share", e.detail.get("share"))
    org = share.with_organisation.name if share else "another organisation"
    return Line(f"Sharing with {org} ended", text=share.revoke_reason if share else "")


def _share_declined(e: AuditEvent, records: Records) -> Line:
    sd = records.get("cases.sharedecision", e.detail.get("share_decision"))
    return Line(
        f"Decided not to share with {sd.who if sd else 'an organisation'}",
        text=sd.reason if sd else "",
    )


def _own_share(e: AuditEvent, share: Share, records: Records) -> bool:
    return e.detail.get("share") == str(share.pk)


def _note_rule(e: AuditEvent, share: Share, records: Records) -> bool:
    note = records.get("cases.casenote", e.detail.get("note"))
    if note is not None and note.organisation_id == share.with_organisation_id:
        return True  # the partner's own notes, added under "may add notes"
    return share.includes("notes")


def _labelled(title: str):
    def render(e: AuditEvent, records: Records) -> Line:
        return Line(title)

    return render


NOTHING: frozenset[str] = frozenset()
PATHWAY = frozenset({"pathway"})
TASK = {"task": "cases.task"}

register(
    EventKind(
        "concern-triaged",
        CASES,
        "Concern triaged",
        ("case", "how"),
        Chronology("concern", _triaged, partner_needs=NOTHING),
    ),
    EventKind(
        "case-concern-added",
        CASES,
        "Concern added to a case",
        ("concern", "fields"),
        Chronology(
            "concern", _labelled("Another concern added to the case"), partner_needs=NOTHING
        ),
    ),
    EventKind(
        "case-opened",
        CASES,
        "Case opened",
        ("reference", "concern", "lead", "actions"),
        Chronology("case", _opened, partner_needs=NOTHING),
    ),
    # Which of the person's details changed tells about the person: the summary's business.
    EventKind(
        "case-updated",
        CASES,
        "Case details changed",
        ("fields", "version"),
        Chronology("case", _updated, partner_needs=frozenset({"summary"})),
    ),
    EventKind(
        "case-assigned",
        CASES,
        "Case assigned to a lead",
        ("lead", "reassigned_from"),
        Chronology(
            "case",
            _assigned,
            partner_needs=NOTHING,
            records={"lead": "accounts.user", "reassigned_from": "accounts.user"},
        ),
    ),
    EventKind(
        "case-pathway-updated",
        CASES,
        "Pathway worked out again",
        ("added", "dropped"),
        Chronology("pathway", _pathway_updated, partner_needs=PATHWAY),
    ),
    EventKind(
        "case-pathway-item-updated",
        CASES,
        "Pathway step changed",
        ("action", "state"),
        Chronology("pathway", _pathway_item, partner_needs=PATHWAY),
    ),
    EventKind(
        "case-task-added",
        CASES,
        "Task added",
        ("task", "due_on"),
        Chronology("task", _task_added, partner_needs=PATHWAY, records=TASK),
    ),
    EventKind(
        "case-task-done",
        CASES,
        "Task done",
        ("task", "with_note"),
        Chronology("task", _task_done, partner_needs=PATHWAY, records=TASK),
    ),
    EventKind(
        "case-task-reassigned",
        CASES,
        "Task given to another lead",
        ("task", "to", "reassigned_from"),
        Chronology(
            "task",
            _task_reassigned,
            partner_needs=PATHWAY,
            records={**TASK, "to": "accounts.user"},
        ),
    ),
    EventKind(
        "case-reminder-sent",
        CASES,
        "Reminder of a task sent",
        ("task", "reminder"),
        Chronology("task", _reminder, partner_needs=PATHWAY, records=TASK),
    ),
    EventKind(
        "case-decision-recorded",
        CASES,
        "Decision recorded",
        ("decision", "kind", "stage"),
        Chronology(
            "decision", _decision, partner_needs=NOTHING, records={"decision": "cases.decision"}
        ),
    ),
    EventKind(
        "case-note-added",
        CASES,
        "Note added",
        ("note",),
        Chronology("note", _note, partner_rule=_note_rule, records={"note": "cases.casenote"}),
    ),
    EventKind("case-viewed", CASES, "Case viewed", ("page", "referral", "section")),
    EventKind(
        "case-queue-searched", CASES, "Case queue searched", ("tab", "page", "shown", "term_key")
    ),
    EventKind(
        "case-shared",
        SHARING,
        "Case shared",
        ("share", "with", "parts", "may_add"),
        Chronology("share", _shared, partner_rule=_own_share, records={"share": "cases.share"}),
    ),
    EventKind(
        "case-share-revoked",
        SHARING,
        "Sharing ended",
        ("share", "with"),
        Chronology("share", _share_revoked, records={"share": "cases.share"}),
    ),
    EventKind(
        "case-share-declined",
        SHARING,
        "Decided not to share",
        ("share_decision", "with"),
        Chronology("share", _share_declined, records={"share_decision": "cases.sharedecision"}),
    ),
    # The handover between organisations (issue 15 item 1, referrals/handovers.py): written
    # against the sender's case and the receiver's; the receiver's own side (received, viewed)
    # is written against the handover. A partner given a share never sees them.
    EventKind(
        "handover.sent",
        HANDOVER,
        "Case handed over to another organisation",
        ("handover", "pack", "from", "to"),
        Chronology("handover", _labelled("Case handed over to another organisation")),
    ),
    EventKind(
        "handover.received", HANDOVER, "Handover received", ("handover", "pack", "from", "to")
    ),
    EventKind(
        "handover.accepted",
        HANDOVER,
        "Handover accepted",
        ("handover", "share_outcomes", "from", "to"),
        Chronology("handover", _labelled("Handover accepted")),
    ),
    EventKind(
        "handover.declined",
        HANDOVER,
        "Handover declined",
        ("handover", "from", "to"),
        Chronology("handover", _labelled("Handover declined")),
    ),
    EventKind(
        "handover.outcome-shared",
        HANDOVER,
        "Outcome shared back with the sender",
        ("handover", "referral", "what", "lawful_basis"),
        Chronology(
            "handover", _labelled("Outcome shared back with the organisation that handed over")
        ),
    ),
    EventKind(
        "handover.outcome-sharing-changed",
        HANDOVER,
        "Choice to share outcomes with the sender changed",
        ("handover", "share_outcomes"),
        Chronology("handover", _labelled("Choice to share outcomes with the sender changed")),
    ),
    EventKind("handover.viewed", HANDOVER, "Handover opened", ("case",)),
)
