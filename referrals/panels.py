"""Referrals' parts of the case page and the case queue (cases/panels.py, issue 18), and its
menu item (core/panels.py), registered in ReferralsConfig.ready: the case's referrals and
those the pathway asks for, its handovers, what stands under each pathway step a referral
answers, the referrals a decision may name; the queue's incoming handovers and overdue
deadlines; the lead's "Deadlines". Each reads through referrals.selectors with the acting
person; a partner the case is shared with sees none of them (only the owning organisation's
leads do)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from cases import panels
from cases.models import Case
from cases.selectors import CaseAccess
from core import panels as core_panels
from core.access import Role
from referrals import kinds
from referrals.models import Kind, Referral
from referrals.selectors import (
    handovers_of_case,
    incoming_handovers,
    outcomes_shared_with,
    referrals_of_case,
    referrals_visible_to,
)
from referrals.services import deadlines_of, kinds_offered


def case_referrals(user: User, case: Case, access: CaseAccess) -> dict[str, Any] | None:
    """The "Referrals" section: those prepared, and those the pathway asks for."""
    if not access.owner:
        return None
    labels = {k: s.label for k, s in kinds.REGISTRY.items()}
    return {
        "existing": list(referrals_of_case(user, case.pk)),
        "offered": [(k, labels[k]) for k in kinds_offered(case)] if case.is_open else [],
    }


def case_handovers(user: User, case: Case, access: CaseAccess) -> dict[str, Any] | None:
    """The handovers made from the case (with what came back, as far as the receiver shares it)
    and the one it was accepted from; nothing when there are none."""
    if not access.owner:
        return None
    rows = [
        {
            "handover": h,
            "sent_from_here": h.from_case_id == case.pk,
            "outcomes": outcomes_shared_with(user, h),
        }
        for h in handovers_of_case(user, case.pk)
    ]
    return {"rows": rows} if rows else None


_NOT_FIRST_RESPONDER = (
    "Your organisation is not a first responder, so it cannot make this itself: a "
    "first responder organisation makes it from your handover pack."
)


def pathway_records(user: User, case: Case, access: CaseAccess) -> dict[str, dict[str, Any]]:
    """For each pathway action a referral answers (referrals.kinds), its step's record: what it
    is, where it stands, what came back and what is overdue; or why the organisation cannot
    make it itself."""
    if not access.owner:
        return {}
    latest: dict[str, Referral] = {}
    for made in referrals_of_case(user, case.pk).order_by("-created_at"):
        latest.setdefault(made.kind, made)
    today = timezone.localdate()
    records: dict[str, dict[str, Any]] = {}
    for action, kind in kinds.KIND_OF_ACTION.items():
        why = ""
        if kinds.spec(kind).first_responder_only and not case.organisation.first_responder:
            # Not one the organisation may make: the handover pack passes it to a first
            # responder.
            why = _NOT_FIRST_RESPONDER
            kind = Kind.PASS_TO_FIRST_RESPONDER
        referral = latest.get(kind)
        if referral is None:
            if why:
                records[action] = {"rec": {"why": why}}
            continue
        spec = kinds.spec(kind)
        records[action] = {
            "rec": {
                "why": why,
                "referral": referral,
                "label": spec.label,
                "decision": spec.decision_label(referral.decision) if referral.decision else "",
                "deadlines": deadlines_of(referral, today),
            }
        }
    return records


def decision_referrals(user: User, case: Case) -> list[Referral]:
    """The case's own referrals, oldest first, to pick the one a decision names."""
    return list(referrals_of_case(user, case.pk).order_by("created_at"))


def queue_handovers(user: User) -> dict[str, Any] | None:
    """The queue's "Incoming handovers": those waiting for the lead's organisation to accept or
    decline."""
    incoming = list(incoming_handovers(user))
    return {"incoming": incoming} if incoming else None


def queue_overdue(user: User) -> dict[str, Any] | None:
    """The queue's prompt: every deadline now passed of the organisation's sent referrals on open
    cases (an NRM's Reasonable Grounds decision, children's social care's decision within one
    working day, the last day to ask for reconsideration...), so the lead chases and escalates."""
    today = timezone.localdate()
    candidates = referrals_visible_to(user).filter(
        kind__in=kinds.KINDS_WITH_DEADLINES, status="sent", case__status="open"
    )
    overdue = [
        d for referral in candidates for d in deadlines_of(referral, today) if d.status == "overdue"
    ]
    return {"overdue": sorted(overdue, key=lambda d: d.due)} if overdue else None


def nav_deadlines(user: User) -> dict[str, Any] | None:
    return {} if user.has_role(Role.LEAD) else None


def register() -> None:
    panels.register_case_panel(
        "referrals", case_referrals, template="referrals/_case_referrals.html"
    )
    panels.register_case_panel(
        "handovers", case_handovers, template="referrals/_case_handovers.html"
    )
    panels.register_step_panel(
        "referral-records", pathway_records, template="referrals/_pathway_record.html"
    )
    panels.register_decision_records(
        "referrals",
        decision_referrals,
        url=lambda r: reverse("referrals:detail", args=[r.pk]),
    )
    panels.register_queue_panel(
        "incoming-handovers", queue_handovers, template="referrals/_incoming_handovers.html"
    )
    panels.register_queue_panel(
        "overdue-decisions", queue_overdue, template="referrals/_overdue_decisions.html"
    )
    core_panels.register_nav_panel(
        "referrals", nav_deadlines, template="referrals/_nav.html", order=30
    )
