"""Audit event kinds written by referrals, and how a referral's life reads in its case's
chronology (audit/kinds.py): prepared, sent and decided. A partner given the chronology sees
those facts (the kind of referral, when, how, the decisions), never the referral's answers."""

from __future__ import annotations

from audit.kinds import Chronology, EventKind, Line, Records, register
from audit.models import AuditEvent
from cases.chronology import register_case_records
from cases.models import Case
from referrals.kinds import spec
from referrals.models import Outcome, Referral, SentHow

REFERRALS = "Referrals"
REFERRAL = {"referral": "referrals.referral"}


def _referral(e: AuditEvent, records: Records) -> Referral | None:
    return records.get("referrals.referral", e.target_id)


def _name(referral: Referral | None) -> str:
    if referral is None:
        return "Referral"
    return f"{referral.get_kind_display()} {referral.reference}"


def _created(e: AuditEvent, records: Records) -> Line:
    return Line(f"Prepared: {_name(_referral(e, records))}")


def _sent(e: AuditEvent, records: Records) -> Line:
    referral = _referral(e, records)
    how = dict(SentHow.choices).get(e.detail.get("how", ""), "")
    facts = []
    if referral is not None and referral.sent_on:
        facts.append(f"Sent on {referral.sent_on:%-d %B %Y}")
    if how:
        facts.append(f"by {how[0].lower()}{how[1:]}")
    extra = " ".join(facts)
    if referral is not None and referral.their_reference:
        extra += f". Their reference: {referral.their_reference}"
    return Line(f"Sent: {_name(referral)}", extra=extra)


def _outcome(e: AuditEvent, records: Records) -> Line:
    labels = dict(Outcome.choices)
    facts = []
    if e.detail.get("rg"):
        facts.append(f"Reasonable grounds decision: {labels.get(e.detail['rg'], e.detail['rg'])}")
    if e.detail.get("cg"):
        facts.append(f"Conclusive grounds decision: {labels.get(e.detail['cg'], e.detail['cg'])}")
    referral = _referral(e, records)
    if e.detail.get("decision") and referral is not None:
        # Another kind's service decided (children's social care's, within a working day).
        facts.append(f"Their decision: {spec(referral.kind).decision_label(e.detail['decision'])}")
    return Line(
        f"Decision came back: {_name(referral)}",
        extra=". ".join(facts) or "No decision recorded",
    )


def _handover_chosen(e: AuditEvent, records: Records) -> Line:
    referral = _referral(e, records)
    who = ""
    if referral is not None:
        receiver = referral.receiving_organisation
        who = receiver.name if receiver else referral.receiving_organisation_name
    return Line(
        f"Organisation to hand over to chosen: {_name(referral)}",
        extra=f"To be passed to {who}" if who else "",
    )


def _referrals_of(case: Case) -> tuple[str, list[str]]:
    ids = Referral.objects.filter(case=case).values_list("pk", flat=True)
    return "referrals.referral", [str(pk) for pk in ids]


register_case_records(_referrals_of)

THE_REFERRAL = {"": "referrals.referral"}  # the event's own target

register(
    EventKind(
        "referral-created",
        REFERRALS,
        "Referral prepared",
        ("reference", "case", "referral_kind", "demo"),
        Chronology("referral", _created, partner_needs=frozenset(), records=THE_REFERRAL),
    ),
    EventKind(
        "referral-sent",
        REFERRALS,
        "Referral sent",
        ("how", "case"),
        Chronology("referral", _sent, partner_needs=frozenset(), records=THE_REFERRAL),
    ),
    EventKind(
        "referral-outcome-recorded",
        REFERRALS,
        "Referral's decision recorded",
        ("rg", "cg"),
        Chronology("referral", _outcome, partner_needs=frozenset(), records=THE_REFERRAL),
    ),
    # Whom the school hands over to is its own business, not a partner's.
    EventKind(
        "referral-handover-chosen",
        REFERRALS,
        "Organisation to hand over to chosen",
        ("with", "shared"),
        Chronology("handover", _handover_chosen, records=THE_REFERRAL),
    ),
    EventKind(
        "referral-answered", REFERRALS, "Referral answers saved", ("section", "fields", "changed")
    ),
    EventKind("referral-section-completed", REFERRALS, "Referral section completed", ("section",)),
    EventKind("referral-viewed", REFERRALS, "Referral viewed", ("page",)),
    EventKind(
        "referral-reminder-sent", REFERRALS, "Reminder of a referral sent", ("deadline", "status")
    ),
)
