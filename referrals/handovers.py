"""Handover between organisations inside Signpost (issue 15, item 1).

A lead whose organisation is not a first responder hands a case to a First Responder
Organisation on Signpost through the handover pack (a `pass-to-first-responder` referral). The
receiving organisation's leads see only what was handed over (the snapshot, taken when it was
sent), never the sender's case; they accept it (it becomes their own case, carrying what the
sender recorded, so nothing is retyped) or decline it with a reason the sender sees. What comes
back from the receiver's NRM referral or Duty to Notify shows on the sender's case only if the
receiver chose to share it, under the receiver's lawful basis (security-targets.md, Data
protection; the golden rules of information sharing: record what you share, why and on what
basis).

Every change is one function here, inside one transaction, with its audit events on both sides
(`handover.*` kinds, ids and codes only) and optimistic locking on Handover.version.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from accounts.models import User
from accounts.selectors import leads_of
from audit.services import audit_record
from cases import services as case_services
from cases.models import Case, CaseStatus
from cases.selectors import concerns_of_case
from concerns.models import YesNoNotSure
from core.access import AuthenticatedRequest, Role
from core.locking import Conflict, bump_version
from notices.services import notify
from referrals.models import (
    Handover,
    HandoverState,
    Kind,
    Referral,
    ReferralStatus,
    SentHow,
)
from referrals.official.form import FIELDS
from referrals.sections import RECEIVER_FIELDS

# The audit kinds this module writes (for the registry of audit event kinds).
SENT = "handover.sent"  # the sender's side: target the sender's case
RECEIVED = "handover.received"  # the receiver's side: target the handover
ACCEPTED = "handover.accepted"  # both sides: the sender's case / the receiver's new case
DECLINED = "handover.declined"  # both sides: the sender's case / the handover
OUTCOME_SHARED = "handover.outcome-shared"  # both sides, when the receiver's referral moves
SHARING_CHANGED = "handover.outcome-sharing-changed"  # both sides: the receiver's choice changed
VIEWED = "handover.viewed"  # the receiver (or sender) opened what was handed over
AUDIT_KINDS = (SENT, RECEIVED, ACCEPTED, DECLINED, OUTCOME_SHARED, SHARING_CHANGED, VIEWED)

REASON = "Handover to a first responder organisation for an NRM referral or Duty to Notify"
# The kinds of the receiver's referral whose progress flows back to the sender.
OUTCOME_KINDS = (Kind.NRM, Kind.DUTY_TO_NOTIFY)
# What of each concern is handed over: what the practitioner saw and heard, and the signs.
CONCERN_FIELDS = (
    "reference",
    "what_you_saw",
    "their_words",
    "happened_when",
    "happened_where",
    "others_present",
    "languages",
    "interpreter_needed",
    "something_else",
    "told_who",
    "exploiters",
    "others_exploited",
    "how_it_started",
    "what_they_do",
    "living_conditions",
    "treatment",
    "birthplace",
    "family",
    "education",
    "work_history",
)


class HandoverConflict(Conflict):
    """Someone else accepted, declined or changed the handover since the page was shown."""


class NotAllowed(Exception):
    """The change does not make sense (the message says why)."""


def handover_path(handover: Handover) -> str:
    return reverse("referrals:handover", kwargs={"pk": handover.pk})


# ------------------------------------------------------------------------------ the snapshot


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def snapshot_of(pack: Referral) -> dict[str, Any]:
    """What is handed over: the person and the pathway facts, the case's types, each concern as
    the practitioner recorded it, with its screening, and what the sender supplied in the pack
    (never the first responder's own officer, which the receiver gives)."""
    case = pack.case
    concerns = [
        {
            **{name: _plain(getattr(c, name)) for name in CONCERN_FIELDS},
            "submitted_at": c.submitted_at.isoformat(),
            "indicator_ids": list(c.indicator_ids or []),
            "screening": c.screening or {},
        }
        for c in concerns_of_case(case)
    ]
    lead = case.assigned_lead
    return {
        "case": {name: _plain(getattr(case, name)) for name in case_services.EDITABLE_FIELDS},
        "types": sorted(case.types.values_list("type", flat=True)),
        "concerns": concerns,
        "answers": {
            k: v for k, v in pack.answers.items() if v and k in FIELDS and k not in RECEIVER_FIELDS
        },
        "note": pack.note,
        "pack_reference": pack.reference,
        "case_reference": case.reference,
        "contact": {"name": lead.full_name, "email": lead.email} if lead else {},
    }


@dataclass(frozen=True)
class HandedOverConcern:
    """A concern as it was handed over: the attributes the documents read from a Concern."""

    reference: str = ""
    submitted_at: datetime | None = None
    what_you_saw: str = ""
    their_words: str = ""
    happened_when: str = ""
    happened_where: str = ""
    others_present: str = ""
    languages: str = ""
    interpreter_needed: str = ""
    something_else: str = ""
    told_who: str = ""
    exploiters: str = ""
    others_exploited: str = ""
    how_it_started: str = ""
    what_they_do: str = ""
    living_conditions: str = ""
    treatment: str = ""
    birthplace: str = ""
    family: str = ""
    education: str = ""
    work_history: str = ""
    indicator_ids: list[str] = field(default_factory=list)
    screening: dict[str, Any] = field(default_factory=dict)

    def get_interpreter_needed_display(self) -> str:
        """As Concern's: the answer's label, from the concern's own choices."""
        return str(dict(YesNoNotSure.choices).get(self.interpreter_needed, self.interpreter_needed))


def concerns_in(snapshot: Mapping[str, Any]) -> list[HandedOverConcern]:
    found = []
    for row in snapshot.get("concerns", []):
        values = {k: row.get(k) or "" for k in CONCERN_FIELDS}
        found.append(
            HandedOverConcern(
                **values,
                submitted_at=parse_datetime(row.get("submitted_at") or ""),
                indicator_ids=list(row.get("indicator_ids") or []),
                screening=dict(row.get("screening") or {}),
            )
        )
    return found


def accepted_handover(case: Case) -> Handover | None:
    """The handover a case was opened from, if it was (for the case's own documents)."""
    return (
        Handover.objects.filter(accepted_case_id=case.pk, state=HandoverState.ACCEPTED)
        .select_related("from_organisation")
        .first()
    )


def handed_over_concerns(case: Case) -> list[HandedOverConcern]:
    """The concerns the sender handed over, for a case opened by accepting a handover: the
    documents read them as the case's own, so the receiver retypes nothing."""
    handover = accepted_handover(case)
    return concerns_in(handover.snapshot) if handover else []


def document_concerns(case: Case) -> list[Any]:
    """The case's own concerns, then those handed over to it."""
    return [*concerns_of_case(case), *handed_over_concerns(case)]


def handed_over_answers(case: Case) -> dict[str, str]:
    """What the sender supplied in the pack, to start the receiver's referral with (the
    receiver may change any of it: their correction wins)."""
    handover = accepted_handover(case)
    if handover is None:
        return {}
    return {
        k: v
        for k, v in (handover.snapshot.get("answers") or {}).items()
        if isinstance(v, str) and v and k in FIELDS and k not in RECEIVER_FIELDS
    }


def _case_values(snapshot: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in case_services.EDITABLE_FIELDS:
        value = (snapshot.get("case") or {}).get(name)
        if name == "date_of_birth":
            value = parse_date(value) if value else None
        elif value is None:
            continue
        values[name] = value
    return values


# ------------------------------------------------------------------------------ changes


def _is_lead_of(user: User, organisation_id: Any) -> bool:
    return (
        user.is_authenticated
        and user.has_role(Role.LEAD)
        and user.organisation_id == organisation_id
    )


def _sender_recipients(handover: Handover) -> list[User]:
    lead = handover.from_case.assigned_lead if handover.from_case else None
    if lead is not None and lead.is_active:
        return [lead]
    return leads_of(handover.from_organisation_id)


def _sender_target(handover: Handover) -> Any:
    """What the sender's side of an event is about: their case (for its chronology), or the
    handover once their case has been deleted under its retention rule."""
    return handover.from_case if handover.from_case_id else handover


def _sender_path(handover: Handover) -> str:
    if handover.from_case is not None:
        return case_services.case_path(handover.from_case)
    return handover_path(handover)


def _record_for_sender(
    handover: Handover,
    kind: str,
    detail: dict[str, Any],
    *,
    by: User,
    request: HttpRequest | None,
) -> None:
    """The sender's side of a handover event, logged under the sender's organisation (against
    its case while it exists)."""
    audit_record(
        request=request,
        kind=kind,
        actor=by,
        organisation=handover.from_organisation,
        target=_sender_target(handover),
        detail=detail,
    )


def _tell_sender(handover: Handover, kind: str, text: str) -> None:
    """A notice (and e-mail) to the sender's leads: a link only, never case data."""
    notify(
        recipients=_sender_recipients(handover),
        kind=kind,
        path=_sender_path(handover),
        text=text,
    )


def handover_send(
    *, pack: Referral, version: int, by: User, request: HttpRequest | None = None
) -> Handover:
    """Hand the pack to the first responder chosen on it. The pack counts as sent (on
    Signpost, today); the receiver's leads are told (a link only)."""
    if pack.kind != Kind.PASS_TO_FIRST_RESPONDER:
        raise NotAllowed("only a handover pack is handed over")
    if not _is_lead_of(by, pack.organisation_id):
        raise NotAllowed("only a safeguarding lead of the case's organisation hands it over")
    if pack.is_sent:
        raise NotAllowed("the pack has already been sent")
    receiver = pack.receiving_organisation
    if receiver is None:
        raise NotAllowed("choose a first responder organisation on Signpost first")
    if not receiver.first_responder or receiver.pk == pack.organisation_id:
        raise NotAllowed("the receiving organisation must be another first responder")
    if pack.case.status != CaseStatus.OPEN:
        raise NotAllowed("the case is closed")
    now = timezone.now()
    with transaction.atomic():
        bump_version(
            pack,
            version,
            conflict=HandoverConflict,
            status=ReferralStatus.SENT,
            sent_on=timezone.localdate(),
            sent_how=SentHow.SIGNPOST,
            their_reference="",
        )
        handover = Handover.objects.create(
            pack=pack,
            from_case=pack.case,
            from_organisation=pack.organisation,
            to_organisation=receiver,
            sent_at=now,
            sent_by=by,
            snapshot=snapshot_of(pack),
            reason=REASON,
            lawful_basis=pack.organisation.lawful_basis,
        )
        detail = {
            "handover": str(handover.pk),
            "pack": str(pack.pk),
            "from": str(pack.organisation_id),
            "to": str(receiver.pk),
        }
        audit_record(request=request, kind=SENT, actor=by, target=pack.case, detail=detail)
        # The pack counts as sent: its pathway step reads "done" (issue 15 item 2).
        _pathway_follows(pack, by=by, request=request)
        audit_record(
            request=request,
            kind=RECEIVED,
            actor=by,
            organisation=receiver,
            target=handover,
            detail=detail,
        )
        notify(
            recipients=leads_of(receiver.pk),
            kind="handover-received",
            path=handover_path(handover),
            text="A case has been handed over to your organisation",
        )
    return handover


def _decide(handover: Handover, version: int, **values: Any) -> None:
    """The lock: only a handover still waiting, and still at `version`, is decided."""
    now = timezone.now()
    updated = Handover.objects.filter(
        pk=handover.pk, version=version, state=HandoverState.SENT
    ).update(**values, version=F("version") + 1, updated_at=now)
    if not updated:
        raise HandoverConflict(Handover.objects.get(pk=handover.pk))
    for name, value in values.items():
        setattr(handover, name, value)
    handover.version = version + 1


def handover_accept(
    *,
    handover: Handover,
    version: int,
    by: User,
    share_outcomes: bool,
    request: HttpRequest | None = None,
) -> Case:
    """Accept: the receiving organisation's own case, assigned to the lead who accepted, with
    what the sender recorded. If `share_outcomes`, what comes back from its NRM referral or
    Duty to Notify shows on the sender's case, under the receiver's lawful basis."""
    if not _is_lead_of(by, handover.to_organisation_id):
        raise NotAllowed("only a safeguarding lead of the receiving organisation accepts it")
    receiver = handover.to_organisation
    with transaction.atomic():
        _decide(
            handover,
            version,
            state=HandoverState.ACCEPTED,
            decided_at=timezone.now(),
            decided_by=by,
            share_outcomes=share_outcomes,
            outcome_lawful_basis=receiver.lawful_basis if share_outcomes else "",
        )
        case = case_services.case_open_handed_over(
            organisation=receiver,
            values=_case_values(handover.snapshot),
            types=handover.snapshot.get("types") or [],
            lead=by,
            by=by,
            request=request,
        )
        Handover.objects.filter(pk=handover.pk).update(accepted_case=case)
        handover.accepted_case = case
        detail = {
            "handover": str(handover.pk),
            "share_outcomes": share_outcomes,
            "from": str(handover.from_organisation_id),
            "to": str(handover.to_organisation_id),
        }
        audit_record(request=request, kind=ACCEPTED, actor=by, target=case, detail=detail)
        _record_for_sender(handover, ACCEPTED, detail, by=by, request=request)
        _tell_sender(handover, "handover-accepted", "A case you handed over has been accepted")
    return case


def handover_decline(
    *,
    handover: Handover,
    reason: str,
    version: int,
    by: User,
    request: HttpRequest | None = None,
) -> Handover:
    """Decline, with a reason the sender sees. The pack is theirs to send elsewhere again."""
    if not _is_lead_of(by, handover.to_organisation_id):
        raise NotAllowed("only a safeguarding lead of the receiving organisation declines it")
    if not reason.strip():
        raise NotAllowed("say why the handover is declined")
    with transaction.atomic():
        _decide(
            handover,
            version,
            state=HandoverState.DECLINED,
            decided_at=timezone.now(),
            decided_by=by,
            decline_reason=reason.strip(),
        )
        # The pack goes back to being prepared, so the sender can choose someone else.
        if handover.pack is not None:
            Referral.objects.filter(pk=handover.pack.pk).update(
                status=ReferralStatus.DRAFT,
                sent_on=None,
                sent_how="",
                receiving_organisation=None,
                completed_sections=[
                    s for s in handover.pack.completed_sections if s != "first-responder"
                ],
                version=F("version") + 1,
                updated_at=timezone.now(),
            )
        detail = {
            "handover": str(handover.pk),
            "from": str(handover.from_organisation_id),
            "to": str(handover.to_organisation_id),
        }
        audit_record(request=request, kind=DECLINED, actor=by, target=handover, detail=detail)
        if handover.pack is not None and handover.from_case is not None:
            # Back to being prepared: the pack's step is open again until it goes elsewhere.
            from referrals import kinds

            case_services.pathway_item_from_record(
                case=handover.from_case,
                action=kinds.action_of(Kind.PASS_TO_FIRST_RESPONDER),
                progress="returned",
                on=None,
                note=f"Declined by {handover.to_organisation.name}: hand it over elsewhere.",
                record=handover.pack.reference,
                by=None,
                request=request,
            )
        _record_for_sender(handover, DECLINED, detail, by=by, request=request)
        _tell_sender(handover, "handover-declined", "A case you handed over has been declined")
    return handover


def handover_set_outcome_sharing(
    *,
    handover: Handover,
    share_outcomes: bool,
    version: int,
    by: User,
    request: HttpRequest | None = None,
) -> Handover:
    """The receiver starts or stops telling the sender what comes back. Stopping hides it from
    the sender's case at once; starting records the receiver's lawful basis again."""
    if not _is_lead_of(by, handover.to_organisation_id):
        raise NotAllowed("only a safeguarding lead of the receiving organisation decides this")
    if handover.state != HandoverState.ACCEPTED:
        raise NotAllowed("only an accepted handover has anything to tell")
    with transaction.atomic():
        bump_version(
            handover,
            version,
            conflict=HandoverConflict,
            share_outcomes=share_outcomes,
            outcome_lawful_basis=handover.to_organisation.lawful_basis if share_outcomes else "",
        )
        detail = {"handover": str(handover.pk), "share_outcomes": share_outcomes}
        audit_record(
            request=request,
            kind=SHARING_CHANGED,
            actor=by,
            target=handover.accepted_case or handover,
            detail=detail,
        )
        _record_for_sender(handover, SHARING_CHANGED, detail, by=by, request=request)
    return handover


def _pathway_follows(referral: Referral, *, by: User, request: HttpRequest | None) -> None:
    # Imported here: referrals.services imports this module.
    from referrals.services import follow_on_pathway

    follow_on_pathway(referral, by=by, request=request)


def _sender_step_follows(
    handover: Handover, referral: Referral, *, by: User, request: HttpRequest | None
) -> None:
    """The receiver's referral, shared back, moves the same step on the sender's case (the
    NRM step a school cannot take itself), saying who made it. Only a step the sender's
    pathway has; nothing of the receiver's case beyond what it shares."""
    from referrals import kinds
    from referrals.services import step_note

    case = handover.from_case
    action = kinds.action_of(referral.kind)
    if case is None or not case.pathway_items.filter(action=action).exists():
        return
    case_services.pathway_item_from_record(
        case=case,
        action=action,
        progress="sent" if referral.is_sent else "prepared",
        on=referral.sent_on,
        note=f"Made by {handover.to_organisation.name} from your handover. {step_note(referral)}",
        record=referral.reference,
        by=None,
        request=request,
    )


def outcome_moved(
    *, referral: Referral, what: str, by: User, request: HttpRequest | None = None
) -> None:
    """Called by referrals.services when a referral is marked sent or its decisions recorded,
    inside that change's transaction: if the case came from a handover whose receiver shares
    what comes back, the sender now sees it. Recorded on both sides."""
    if referral.kind not in OUTCOME_KINDS:
        return
    handover = accepted_handover(referral.case)
    if handover is None or not handover.share_outcomes:
        return
    detail = {
        "handover": str(handover.pk),
        "referral": str(referral.pk),
        "what": what,
        "lawful_basis": "receiver",
    }
    audit_record(
        request=request, kind=OUTCOME_SHARED, actor=by, target=referral.case, detail=detail
    )
    _record_for_sender(handover, OUTCOME_SHARED, detail, by=by, request=request)
    _sender_step_follows(handover, referral, by=by, request=request)
    _tell_sender(handover, "handover-outcome", "There is news of a case you handed over")


def handover_viewed(*, handover: Handover, request: AuthenticatedRequest) -> None:
    audit_record(
        request=request,
        kind=VIEWED,
        organisation=request.user.organisation,
        target=handover,
        detail={"case": str(handover.from_case_id)},
    )
