"""The chronology: every event on a case, in date order, in plain words.

Built from the audit events about the case and its concerns (the one record of who did what,
when), with the words people wrote (decision rationales, notes, reasons for sharing) fetched
from the records those events name. Views of the case are left out: they are listed under
"who has seen this record" instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Q

from accounts.models import Organisation, User
from audit.models import AuditEvent
from cases.models import (
    Case,
    CaseNote,
    Decision,
    DecisionKind,
    ItemState,
    Share,
    ShareDecision,
    Task,
)
from cases.selectors import CASE_TYPE, CONCERN_TYPE, CaseAccess
from concerns.models import FollowUp
from guidance.pathways import ACTIONS

GROUPS: dict[str, str] = {
    "concern": "Concerns",
    "case": "Case details and assignment",
    "pathway": "Pathway",
    "task": "Tasks",
    "decision": "Decisions",
    "note": "Notes",
    "share": "Sharing",
}

KIND_GROUP: dict[str, str] = {
    "concern-submitted": "concern",
    "concern-information-added": "concern",
    "concern-leads-notified": "concern",
    "concern-triaged": "concern",
    "case-concern-added": "concern",
    "case-opened": "case",
    "case-updated": "case",
    "case-assigned": "case",
    "case-pathway-updated": "pathway",
    "case-pathway-item-updated": "pathway",
    "case-task-added": "task",
    "case-task-done": "task",
    "case-reminder-sent": "task",
    "case-decision-recorded": "decision",
    "case-note-added": "note",
    "case-shared": "share",
    "case-share-revoked": "share",
    "case-share-declined": "share",
}

# What a partner organisation must have been given (the parts of its share, besides the
# chronology itself) to see a line of each kind. The case's own organisation sees every line.
# A kind missing here is never shown to a partner (deny by default). Lines about sharing are
# handled in `_partner_sees`: a partner sees only its own share begin and end, never whom else
# the case went to or who decided not to share with whom (the seventh golden rule records those
# decisions for the sharing organisation, not for its partners).
PARTNER_NEEDS: dict[str, frozenset[str]] = {
    "concern-submitted": frozenset(),
    "concern-leads-notified": frozenset(),
    "concern-triaged": frozenset(),
    "case-concern-added": frozenset(),
    # What was added to a concern is part of the concern as recorded.
    "concern-information-added": frozenset({"concerns"}),
    "case-opened": frozenset(),
    # Which of the person's details changed tells about the person: the summary's business.
    "case-updated": frozenset({"summary"}),
    "case-assigned": frozenset(),
    "case-pathway-updated": frozenset({"pathway"}),
    "case-pathway-item-updated": frozenset({"pathway"}),
    "case-task-added": frozenset({"pathway"}),
    "case-task-done": frozenset({"pathway"}),
    "case-reminder-sent": frozenset({"pathway"}),
    "case-decision-recorded": frozenset(),
    "case-note-added": frozenset({"notes"}),
}

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
}


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str
    group: str
    title: str
    who: str
    organisation: str
    text: str = ""
    extra: str = ""

    @property
    def day(self) -> date:
        return self.at.date()


def _ids(events: list[AuditEvent], kind: str, key: str) -> list[str]:
    return [e.detail[key] for e in events if e.kind == kind and e.detail.get(key)]


def _bulk(queryset: Any, ids: list[str]) -> dict[str, Any]:
    """Records by their id as the audit detail spells it (a string)."""
    return {str(pk): obj for pk, obj in queryset.in_bulk(ids).items()} if ids else {}


def _actions(codes: list[str]) -> str:
    return "; ".join(ACTIONS.get(c, c) for c in codes)


def _partner_sees(e: AuditEvent, access: CaseAccess, notes: dict[str, CaseNote]) -> bool:
    """Whether a line may be shown to a partner organisation under its share."""
    share = access.share
    if share is None:
        return False
    d: dict[str, Any] = e.detail or {}
    if e.kind in ("case-shared", "case-share-revoked"):
        return d.get("share") == str(share.pk)
    if e.kind == "case-note-added":
        note = notes.get(d.get("note"))
        if note is not None and note.organisation_id == share.with_organisation_id:
            return True  # the partner's own notes, added under "may add notes"
    needs = PARTNER_NEEDS.get(e.kind)
    return needs is not None and all(share.includes(part) for part in needs)


def case_chronology(case: Case, *, access: CaseAccess, group: str = "") -> list[Entry]:
    """The lines `access` may see: all of them for the case's own organisation, and for a
    partner only those its share covers (`PARTNER_NEEDS`)."""
    if not access.owner and not access.sees("chronology"):
        return []
    concern_ids = [str(pk) for pk in case.links.values_list("concern_id", flat=True)]
    events = list(
        AuditEvent.objects.filter(
            Q(target_type=CASE_TYPE, target_id=str(case.pk))
            | Q(target_type=CONCERN_TYPE, target_id__in=concern_ids),
            kind__in=[k for k, g in KIND_GROUP.items() if not group or g == group],
        )
        .select_related("actor", "organisation")
        .order_by("at", "id")
    )
    decisions = _bulk(
        Decision.objects.filter(case=case), _ids(events, "case-decision-recorded", "decision")
    )
    notes = _bulk(CaseNote.objects.filter(case=case), _ids(events, "case-note-added", "note"))
    tasks = _bulk(
        Task.objects.filter(case=case),
        _ids(events, "case-task-added", "task")
        + _ids(events, "case-task-done", "task")
        + _ids(events, "case-reminder-sent", "task"),
    )
    shares = _bulk(
        Share.objects.filter(case=case).select_related("with_organisation"),
        _ids(events, "case-shared", "share") + _ids(events, "case-share-revoked", "share"),
    )
    declined = _bulk(
        ShareDecision.objects.filter(case=case).select_related("organisation"),
        _ids(events, "case-share-declined", "share_decision"),
    )
    follow_ups = _bulk(
        FollowUp.objects.filter(concern_id__in=concern_ids),
        _ids(events, "concern-information-added", "follow_up"),
    )
    people = _bulk(User.objects, _ids(events, "case-assigned", "lead"))
    decision_labels = dict(DecisionKind.choices)
    state_labels = dict(ItemState.choices)

    if not access.owner:
        events = [e for e in events if _partner_sees(e, access, notes)]

    entries: list[Entry] = []
    for e in events:
        d: dict[str, Any] = e.detail or {}
        text = extra = ""
        kind = e.kind
        if kind == "concern-submitted":
            title = f"Concern {d.get('reference', '')} recorded"
        elif kind == "concern-leads-notified":
            title = "Safeguarding leads told about the concern"
        elif kind == "concern-information-added":
            title = "Information added to a concern"
            fu = follow_ups.get(d.get("follow_up"))
            text = fu.text if fu else ""
        elif kind == "concern-triaged":
            title = (
                "Concern triaged: a new case opened"
                if d.get("how") == "new-case"
                else "Concern triaged: added to this case"
            )
        elif kind == "case-concern-added":
            title = "Another concern added to the case"
        elif kind == "case-opened":
            title = f"Case {d.get('reference', '')} opened"
        elif kind == "case-updated":
            fields = [FIELD_LABELS.get(f, f) for f in d.get("fields", [])]
            title = "Details changed: " + (", ".join(fields) if fields else "no changes")
        elif kind == "case-assigned":
            lead = people.get(d.get("lead"))
            title = f"Assigned to {lead.full_name}" if lead else "Lead removed"
        elif kind == "case-pathway-updated":
            title = "Pathway worked out again from the facts"
            parts = []
            if d.get("added"):
                parts.append("Now on the pathway: " + _actions(d["added"]))
            if d.get("dropped"):
                parts.append("No longer on the pathway: " + _actions(d["dropped"]))
            extra = ". ".join(parts)
        elif kind == "case-pathway-item-updated":
            action = ACTIONS.get(d.get("action", ""), d.get("action", ""))
            title = f"{action}: {state_labels.get(d.get('state', ''), d.get('state', ''))}"
        elif kind in ("case-task-added", "case-task-done", "case-reminder-sent"):
            task = tasks.get(d.get("task"))
            name = task.title if task else "a task"
            if kind == "case-task-added":
                title = f"Task added: {name}"
                extra = f"Due {task.due_on:%-d %B %Y}" if task else ""
            elif kind == "case-task-done":
                title = f"Task done: {name}"
            else:
                title = f"Reminder sent: {name}"
        elif kind == "case-decision-recorded":
            decision = decisions.get(d.get("decision"))
            label = decision_labels.get(d.get("kind", ""), d.get("kind", ""))
            title = f"Decision: {label}"
            if decision:
                text = decision.rationale
                if decision.referral_ref:
                    extra = f"Referral {decision.referral_ref}"
        elif kind == "case-note-added":
            note = notes.get(d.get("note"))
            title = "Note"
            text = note.text if note else ""
        elif kind in ("case-shared", "case-share-revoked"):
            share = shares.get(d.get("share"))
            org = share.with_organisation.name if share else "another organisation"
            if kind == "case-shared":
                title = f"Shared with {org}"
                text = share.reason if share else ""
                if share:
                    extra = "Shared: " + "; ".join(share.parts_display()) + "."
                    extra += " They may add notes." if share.may_add else " Read only."
            else:
                title = f"Sharing with {org} ended"
                text = share.revoke_reason if share else ""
        elif kind == "case-share-declined":
            sd = declined.get(d.get("share_decision"))
            title = f"Decided not to share with {sd.who if sd else 'an organisation'}"
            text = sd.reason if sd else ""
        else:  # pragma: no cover - KIND_GROUP lists every kind fetched
            title = kind
        org: Organisation | None = e.organisation
        entries.append(
            Entry(
                at=e.at,
                kind=kind,
                group=KIND_GROUP[kind],
                title=title,
                who=e.actor.full_name if e.actor else "Signpost",
                organisation=org.name if org else "",
                text=text,
                extra=extra,
            )
        )
    return entries
