"""Every change to a referral, one function each (architecture.md, "Where logic goes").

Each checks the change is allowed, saves inside transaction.atomic() and writes its audit event in
the same transaction (ids and codes only, never what anyone typed). Changes use optimistic
locking on Referral.version, like cases.services.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation, User
from accounts.selectors import leads_of
from audit.services import audit_record
from cases import services as case_services
from cases.models import Case, CaseStatus
from core.access import AuthenticatedRequest
from core.locking import Conflict, bump_version
from core.references import new_reference as core_reference
from notices.services import notify
from referrals import deadlines, documents, handovers, kinds
from referrals.kinds import SHEET_KINDS
from referrals.models import HandoverState, Kind, Referral, ReferralStatus, SentHow
from referrals.official.form import FIELDS, MAX_TEXT_LENGTH, TYPES_OF_EXPLOITATION
from referrals.official.sheet import Sheet, SheetInput, build_sheet
from referrals.official.sheet_input import sheet_input
from referrals.sections import RECEIVER_FIELDS, sections_for

# The pathway action (guidance.pathways.ACTIONS) each kind of referral answers, and back: from
# the registry (referrals.kinds).
ACTION_OF: Mapping[str, str] = {k: kinds.action_of(k) for k in kinds.REGISTRY}
KIND_OF_ACTION: Mapping[str, str] = kinds.KIND_OF_ACTION
# Duty to Notify keeps the adult anonymous: these only with co-operation (nrm-process.md).
IDENTITY_FIELDS: frozenset[str] = frozenset(
    n for n in FIELDS if n.startswith(("pv-name-", "pv-contact-details"))
)


class ReferralConflict(Conflict):
    """Someone else changed the referral since the form was shown."""


class NotAllowed(Exception):
    """The change does not make sense, or the product refuses it (the message says why)."""


def new_referral_reference() -> str:
    """Like RF-7K3F-9QXD: random, readable over the phone, no personal data."""
    return core_reference("RF")


# ------------------------------------------------------------------------------ the sheet


def sheet_of(referral: Referral, answers: Mapping[str, str] | None = None) -> Sheet | None:
    """The answer sheet of an NRM, Duty to Notify or handover pack (None for other kinds)."""
    if referral.kind not in SHEET_KINDS:
        return None
    return build_sheet(sheet_input(referral, answers=dict(answers or referral.answers)))


def kinds_asked(case: Case) -> list[str]:
    """The kinds of referral the case's pathway asks for, in the pathway's order. An
    organisation that is not a first responder passes the NRM or Duty to Notify on instead
    (KindSpec.first_responder_only)."""
    actions = case_services.pathway_for(case).actions
    found = [KIND_OF_ACTION[a] for a in actions if a in KIND_OF_ACTION]
    if not case.organisation.first_responder:
        found = [k for k in found if not kinds.spec(k).first_responder_only]
    return list(dict.fromkeys(found))


def kinds_offered(case: Case) -> list[str]:
    """The kinds the case page offers to prepare: those the pathway asks for that the case has
    no referral of yet. Nothing is offered twice: an existing one is linked instead."""
    have = set(Referral.objects.filter(case=case).values_list("kind", flat=True))
    return [k for k in kinds_asked(case) if k not in have]


def referral_create(
    *, case: Case, kind: str, by: User, request: HttpRequest | None = None
) -> Referral:
    """Prepare a referral from a pathway action. A draft of the same kind is reused."""
    if kind not in Kind.values:
        raise NotAllowed("unknown kind of referral")
    if case.status != CaseStatus.OPEN:
        raise NotAllowed("the case is closed")
    if kind == Kind.DUTY_TO_NOTIFY and case.treated_as_child:
        raise NotAllowed("a Duty to Notify is never made for a child")
    existing = Referral.objects.filter(case=case, kind=kind).order_by("-created_at").first()
    if existing is not None:
        return existing  # nothing is prepared twice: the one there is, draft or sent
    if kind not in kinds_asked(case):
        raise NotAllowed("the case's pathway does not ask for this referral")
    # A case accepted from a handover starts with what the sender supplied in the pack.
    answers = handovers.handed_over_answers(case) if kind in SHEET_KINDS else {}
    if kind == Kind.DUTY_TO_NOTIFY:
        # The safer reading: an anonymous report starts without the person's identity; the
        # lead adds it only if the person will co-operate (nrm-process.md, Adults).
        answers = {k: v for k, v in answers.items() if k not in IDENTITY_FIELDS}
    for _attempt in range(5):
        try:
            with transaction.atomic():
                referral = Referral.objects.create(
                    case=case,
                    organisation=case.organisation,
                    kind=kind,
                    reference=new_referral_reference(),
                    created_by=by,
                    answers=answers,
                )
                audit_record(
                    request=request,
                    kind="referral-created",
                    actor=by,
                    target=referral,
                    detail={
                        "reference": referral.reference,
                        "case": str(case.pk),
                        "referral_kind": kind,
                        "handed_over_answers": sorted(answers),
                    },
                )
                case_services.pathway_item_from_record(
                    case=case,
                    action=kinds.action_of(kind),
                    progress="prepared",
                    on=None,
                    note=f"{kinds.spec(kind).label} {referral.reference} is being prepared.",
                    record=referral.reference,
                    by=by,
                    request=request,
                )
            return referral
        except IntegrityError:
            continue
    raise RuntimeError("could not find a free referral reference")


def _bump(referral: Referral, version: int, **values: Any) -> None:
    bump_version(referral, version, conflict=ReferralConflict, **values)


def check_answers(referral: Referral, new: Mapping[str, str]) -> dict[str, str]:
    """The lead's answers merged with those already given, or NotAllowed naming the field.

    Refused: a name that is not a field of the form; a value that is not an answer to it; a
    field the form does not ask on this path, so a Duty to Notify never takes the adult's name or
    contact details unless they will co-operate with the authorities. A field the record already
    answers may be corrected: the lead's answer wins (issue 14), and referral_answer audits it.
    """
    if referral.kind not in SHEET_KINDS:
        raise NotAllowed("this kind of referral has no answer sheet")
    merged = {**referral.answers}
    for name, value in new.items():
        if name not in FIELDS:
            raise NotAllowed(f"{name!r} is not a field of the form")
        if referral.kind == Kind.PASS_TO_FIRST_RESPONDER and name in RECEIVER_FIELDS:
            raise NotAllowed("the receiving first responder gives its own officer's details")
        if not isinstance(value, str) or not FIELDS[name].accepts(value):
            raise NotAllowed(f"{name!r}: not an answer the form accepts")
        if len(value) > MAX_TEXT_LENGTH:
            raise NotAllowed(f"{name!r}: longer than the form allows")
        merged[name] = value
    merged = {k: v for k, v in merged.items() if v != ""}
    base: SheetInput = sheet_input(referral, answers={})
    for name in new:
        if not new[name]:
            continue
        # The types of exploitation are one question: the other boxes do not answer this one.
        group = TYPES_OF_EXPLOITATION if name in TYPES_OF_EXPLOITATION else (name,)
        others = {k: v for k, v in merged.items() if k not in group}
        sheet = build_sheet(dataclasses.replace(base, answers_supplied=others))
        if name in sheet.missing:
            continue
        if name in sheet.not_applicable:
            if sheet.form == "duty-to-notify" and name in IDENTITY_FIELDS:
                raise NotAllowed(
                    "A Duty to Notify report keeps the person anonymous: their name and contact "
                    "details are only given if they will co-operate with the authorities"
                )
            raise NotAllowed(f"{name!r}: the form does not ask this here")
        # Answered by the record: the lead's answer corrects it.
    return merged


def lead_supplied(referral: Referral, sheet: Sheet | None = None) -> set[str]:
    """The fields whose answer on this referral is the lead's own (given where the record is
    silent, or correcting it) and that the form asks on this path: the answers the lead may
    change. Never one the form no longer asks (so never the person's identity on an anonymous
    Duty to Notify). The types of exploitation are one question: all its boxes, or none."""
    if referral.kind not in SHEET_KINDS:
        return set()
    sheet = sheet if sheet is not None else sheet_of(referral)
    if sheet is None:
        return set()
    found = {n for n in sheet.answers if sheet.sources.get(n) == "lead"}
    if found & set(TYPES_OF_EXPLOITATION):
        found |= {n for n in TYPES_OF_EXPLOITATION if n in sheet.answers}
    return found


def record_answers(referral: Referral) -> dict[str, str]:
    """What the record alone answers, by field name (before anything the lead gave)."""
    if referral.kind not in SHEET_KINDS:
        return {}
    found: dict[str, str] = {}
    # The record alone, then with the lead's answers (which open further questions the record
    # may answer, such as the name on a Duty to Notify once the person will co-operate).
    for answers in ({}, dict(referral.answers)):
        sheet = build_sheet(sheet_input(referral, answers=answers))
        found.update({n: v for n, v in sheet.answers.items() if sheet.sources.get(n) == "record"})
    return found


def referral_answer(
    *,
    referral: Referral,
    answers: Mapping[str, str],
    version: int,
    by: User,
    section: str = "",
    request: HttpRequest | None = None,
) -> Referral:
    """Save what the lead supplied in one section of the answer sheet."""
    if referral.is_sent:
        raise NotAllowed("the referral has been sent")
    before = dict(referral.answers)
    merged = check_answers(referral, answers)
    after = sheet_of(referral, merged) if merged else None
    if after is not None and after.form == "duty-to-notify":
        # An anonymous report keeps no name or contact details given while the person was
        # going to co-operate, once they no longer will.
        merged = {k: v for k, v in merged.items() if k not in IDENTITY_FIELDS or k in after.answers}
    changed = sorted(
        k for k in set(before) | set(merged) if before.get(k) and before.get(k) != merged.get(k)
    )
    # A correction: the lead's answer differs from what the record says (issue 14).
    from_record = record_answers(referral)
    corrected = sorted(k for k, v in answers.items() if v and from_record.get(k, v) != v)
    with transaction.atomic():
        _bump(referral, version, answers=merged)
        audit_record(
            request=request,
            kind="referral-answered",
            actor=by,
            target=referral,
            detail={
                "section": section,
                "fields": sorted(k for k, v in answers.items() if v),
                "changed": changed,
                "corrected": corrected,
            },
        )
    return referral


def referral_section_done(
    *,
    referral: Referral,
    section: str,
    version: int,
    by: User,
    note: str | None = None,
    request: HttpRequest | None = None,
) -> Referral:
    """Mark one of Signpost's own sections complete ("anything to add", the summary)."""
    if referral.is_sent:
        raise NotAllowed("the referral has been sent")
    if section not in {s.slug for s in sections_for(referral.kind) if not s.is_sheet}:
        raise NotAllowed("no such section")
    values: dict[str, Any] = {
        "completed_sections": sorted({*referral.completed_sections, section}),
    }
    if note is not None:
        values["note"] = note
    with transaction.atomic():
        _bump(referral, version, **values)
        audit_record(
            request=request,
            kind="referral-section-completed",
            actor=by,
            target=referral,
            detail={"section": section},
        )
    return referral


def referral_handover(
    *,
    referral: Referral,
    version: int,
    by: User,
    organisation: Organisation | None = None,
    organisation_name: str = "",
    request: HttpRequest | None = None,
) -> Referral:
    """Choose the first responder that receives the handover pack. Nothing is shared yet: a
    first responder on Signpost receives only what the lead hands over
    (referrals.handovers.handover_send); one that is not gets the printed pack."""
    if referral.kind != Kind.PASS_TO_FIRST_RESPONDER:
        raise NotAllowed("only a handover pack has a receiving organisation")
    if referral.is_sent:
        raise NotAllowed("the pack has been sent")
    if organisation is None and not organisation_name.strip():
        raise NotAllowed("say who will make the referral")
    if organisation is not None and not organisation.first_responder:
        raise NotAllowed("the receiving organisation must be a first responder")
    with transaction.atomic():
        _bump(
            referral,
            version,
            receiving_organisation=organisation,
            receiving_organisation_name="" if organisation else organisation_name.strip(),
            completed_sections=sorted({*referral.completed_sections, "first-responder"}),
        )
        audit_record(
            request=request,
            kind="referral-handover-chosen",
            actor=by,
            target=referral,
            detail={"with": str(organisation.pk) if organisation else None, "shared": False},
        )
    return referral


def referral_mark_sent(
    *,
    referral: Referral,
    sent_on: date,
    sent_how: str,
    their_reference: str,
    version: int,
    by: User,
    request: HttpRequest | None = None,
) -> Referral:
    if sent_on > timezone.localdate():
        raise NotAllowed("the date sent must be today or in the past")
    if referral.handovers.exclude(state=HandoverState.DECLINED).exists():
        raise NotAllowed("the pack was handed over on Signpost")
    with transaction.atomic():
        _bump(
            referral,
            version,
            status=ReferralStatus.SENT,
            sent_on=sent_on,
            sent_how=sent_how,
            their_reference=their_reference,
        )
        audit_record(
            request=request,
            kind="referral-sent",
            actor=by,
            target=referral,
            detail={"how": sent_how, "case": str(referral.case_id)},
        )
        handovers.outcome_moved(referral=referral, what="sent", by=by, request=request)
        follow_on_pathway(referral, by=by, request=request)
    return referral


def step_note(referral: Referral) -> str:
    """What the pathway step says about the record that answers it: sent when and how, their
    reference, and what came back."""
    spec = kinds.spec(referral.kind)
    if not referral.is_sent:
        return f"{spec.label} {referral.reference} is being prepared."
    how = dict(SentHow.choices).get(referral.sent_how, "").lower()
    text = f"{spec.label} {referral.reference} sent" + (f" ({how})" if how else "") + "."
    if referral.their_reference:
        text += f" Their reference: {referral.their_reference}."
    for stage, on, outcome in (
        ("Reasonable Grounds", referral.rg_decision_on, referral.rg_outcome),
        ("Conclusive Grounds", referral.cg_decision_on, referral.cg_outcome),
    ):
        if on and outcome:
            text += f" {stage} decision: {outcome} ({on:%-d %B %Y})."
    if referral.decision and referral.decision_on:
        text += (
            f" Their decision: {spec.decision_label(referral.decision)} "
            f"({referral.decision_on:%-d %B %Y})."
        )
    return text


def follow_on_pathway(referral: Referral, *, by: User, request: HttpRequest | None) -> None:
    """Move the pathway step the referral answers (issue 15, part 2)."""
    case_services.pathway_item_from_record(
        case=referral.case,
        action=kinds.action_of(referral.kind),
        progress="sent" if referral.is_sent else "prepared",
        on=referral.sent_on,
        note=step_note(referral),
        record=referral.reference,
        by=by,
        request=request,
    )


OUTCOME_FIELDS = (
    "rg_decision_on",
    "rg_outcome",
    "cg_decision_on",
    "cg_outcome",
    "reconsideration_requested_on",
)
DECISION_FIELDS = ("decision", "decision_on")


def outcome_fields(kind: str) -> tuple[str, ...]:
    """The fields "record the decision" asks for this kind (none if nothing comes back)."""
    spec = kinds.spec(kind)
    if spec.nrm_decisions:
        return OUTCOME_FIELDS
    return DECISION_FIELDS if spec.decisions else ()


def referral_record_outcome(
    *,
    referral: Referral,
    values: Mapping[str, Any],
    version: int,
    by: User,
    request: HttpRequest | None = None,
) -> Referral:
    """Record what came back: the Reasonable and Conclusive Grounds decisions of an NRM
    referral, or the decision of the service another kind went to (children's social care's,
    within one working day). The pathway step then says it."""
    if not referral.is_sent:
        raise NotAllowed("record the referral as sent first")
    names = outcome_fields(referral.kind)
    if not names:
        raise NotAllowed("nothing comes back from this kind of referral")
    spec = kinds.spec(referral.kind)
    clean = {k: values.get(k) or (None if k.endswith("_on") else "") for k in names}
    if "decision" in clean and clean["decision"] and clean["decision"] not in dict(spec.decisions):
        raise NotAllowed("not a decision this service makes")
    if "decision" in clean and bool(clean["decision"]) != bool(clean["decision_on"]):
        raise NotAllowed("give both the decision and its date")
    with transaction.atomic():
        _bump(referral, version, **clean)
        audit_record(
            request=request,
            kind="referral-outcome-recorded",
            actor=by,
            target=referral,
            detail={
                "rg": clean.get("rg_outcome", ""),
                "cg": clean.get("cg_outcome", ""),
                "decision": clean.get("decision", ""),
            },
        )
        follow_on_pathway(referral, by=by, request=request)
        handovers.outcome_moved(referral=referral, what="decisions", by=by, request=request)
    return referral


def referral_answer_questions(
    *,
    referral: Referral,
    section: str,
    values: Mapping[str, str],
    version: int,
    by: User,
    request: HttpRequest | None = None,
) -> Referral:
    """Save the lead's answers to one of the kind's question sections: facts about the person
    on the case (once, for every document after), the rest on the referral. An empty answer
    stays "not recorded". Audited with the question keys only, never the answers."""
    if referral.is_sent:
        raise NotAllowed("the referral has been sent")
    found = next((s for s in sections_for(referral.kind) if s.slug == section), None)
    if found is None or not found.is_questions:
        raise NotAllowed("no such section")
    asked = documents.questions_asked(referral, found)
    keys = {q.key for q in asked}
    unknown = set(values) - keys
    if unknown:
        raise NotAllowed(f"not a question of this section: {sorted(unknown)}")
    for q in asked:
        value = (values.get(q.key) or "").strip()
        if q.choices and value and value not in dict(q.choices):
            raise NotAllowed(f"{q.key!r}: not one of the choices")
        if len(value) > MAX_TEXT_LENGTH:
            raise NotAllowed(f"{q.key!r}: longer than allowed")
    on_case = {
        q.key: (values.get(q.key) or "").strip() for q in asked if q.on_case and q.key in values
    }
    details = {**referral.details}
    for q in asked:
        if not q.on_case and q.key in values:
            details[q.key] = (values.get(q.key) or "").strip()
    details = {k: v for k, v in details.items() if v}
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=referral.case_id)
        if any(getattr(case, k) != v for k, v in on_case.items()):
            case_services.case_update(
                case=case, values=on_case, version=case.version, by=by, request=request
            )
            referral.case = case
        _bump(
            referral,
            version,
            details=details,
            completed_sections=sorted({*referral.completed_sections, section}),
        )
        audit_record(
            request=request,
            kind="referral-answered",
            actor=by,
            target=referral,
            detail={
                "section": section,
                "fields": sorted(k for k, v in values.items() if (v or "").strip()),
                "changed": [],
            },
        )
    return referral


def referral_exported(
    *, referral: Referral, fmt: str, request: HttpRequest | None, by: User | None
) -> None:
    """Record an export of the referral's answers; `by` is None when the command line did it
    (manage.py nrm_export)."""
    audit_record(
        request=request,
        kind="export",
        actor=by,
        organisation=referral.organisation,
        target=referral,
        detail={"what": kinds.spec(referral.kind).file_stem, "format": fmt},
    )


def referral_viewed(*, referral: Referral, request: AuthenticatedRequest, page: str) -> None:
    audit_record(
        request=request,
        kind="referral-viewed",
        organisation=request.user.organisation,
        target=referral,
        detail={"page": page},
    )


# ------------------------------------------------------------------------------ deadlines


@dataclass(frozen=True)
class Deadline:
    referral: Referral
    what: str  # "rg-due" | "recovery-end" | "reconsideration"
    label: str
    due: date
    status: str  # deadlines.DueStatus


def deadlines_of(referral: Referral, today: date) -> list[Deadline]:
    """The open deadlines of a sent referral, from its kind's entry in the registry (an NRM's
    decisions and recovery period, children's social care's decision; the handover pack's
    come from the first responder)."""
    if not referral.is_sent or referral.sent_on is None:
        return []
    nation = referral.case.nation
    return [
        Deadline(referral, what, label, due, deadlines.status_of(due, today, nation))
        for what, label, due in kinds.spec(referral.kind).deadlines(referral, today)
    ]


def send_deadline_reminders(*, today: date) -> int:
    """Tell the case's lead (or the organisation's leads) once per deadline when it is due soon
    and once when it is overdue. A link only. Returns how many reminders were sent."""
    sent = 0
    candidates = Referral.objects.filter(
        kind__in=kinds.KINDS_WITH_DEADLINES,
        status=ReferralStatus.SENT,
        case__status=CaseStatus.OPEN,
    ).select_related("case", "case__assigned_lead")
    for referral in candidates:
        for deadline in deadlines_of(referral, today):
            if deadline.status == "not-due":
                continue
            key = f"{deadline.what}:{deadline.status}:{deadline.due.isoformat()}"
            with transaction.atomic():
                locked = Referral.objects.select_for_update().get(pk=referral.pk)
                if key in locked.reminders_sent:
                    continue
                Referral.objects.filter(pk=referral.pk).update(
                    reminders_sent=[*locked.reminders_sent, key]
                )
                lead = referral.case.assigned_lead
                recipients = [lead] if lead else leads_of(referral.case.organisation_id)
                if deadline.what == "decision-due" and deadline.status == "overdue":
                    text = "A decision on a referral is overdue: chase it and escalate"
                elif deadline.status == "overdue":
                    text = "A referral deadline has passed"
                else:
                    text = "A referral deadline is coming up"
                notify(
                    recipients=recipients,
                    kind="referral-deadline",
                    path=reverse("referrals:deadlines"),
                    text=text,
                )
                audit_record(
                    kind="referral-reminder-sent",
                    organisation=referral.organisation,
                    target=referral,
                    detail={"deadline": deadline.what, "status": deadline.status},
                )
                sent += 1
    return sent
