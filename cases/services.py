"""Every change to a case, one function each (architecture.md, "Where logic goes").

Each checks the change is allowed, saves inside transaction.atomic(), writes its audit event in
the same transaction (ids and codes only, never what anyone typed) and tells people through
notices.services.notify (a link only, never personal data).

Changes to the Case row itself use optimistic locking: the caller passes the `version` it read,
and the UPDATE only happens if nobody changed the case since (security-targets.md,
Reliability: "No lost update"). Otherwise CaseConflict carries the case as it is now.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation, User
from accounts.open_work import OpenWork
from accounts.selectors import leads_of
from audit.services import audit_record
from cases import counting
from cases.models import (
    Case,
    CaseConcern,
    CaseNote,
    CaseStatus,
    CaseType,
    Decision,
    DecisionKind,
    ItemState,
    PathwayItem,
    Share,
    ShareDecision,
    SharePart,
    Stage,
    Task,
    bits_of,
)
from concerns.models import Concern, Status
from core.access import AuthenticatedRequest, Role
from core.locking import Conflict, bump_version
from core.references import new_reference as core_reference
from core.workdays import add_working_days
from guidance.facts import facts_from_case
from guidance.pathways import Pathway, decide
from notices.services import notify

# The person's details and the pathway facts a lead may change on the case.
EDITABLE_FIELDS: tuple[str, ...] = (
    "person_name",
    "person_description",
    "date_of_birth",
    "age_group",
    "gender",
    "nationality",
    "address",
    "parents_and_carers",
    "school_or_setting",
    "immediate_danger",
    "consent_to_nrm",
    "care_and_support_needs",
    "others_at_risk",
    "under_18_during_exploitation",
    "age_assessment",
    "capacity_to_consent",
    "children_at_risk",
    "already_in_nrm",
    "parental_responsibility_in_uk",
    "nation",
)


class CaseConflict(Conflict):
    """Someone else changed the case since the form was shown."""


class NotAllowed(Exception):
    """The change does not make sense in the case's present state."""


def new_case_reference() -> str:
    """Like CS-7K3F-9QXD: random, readable over the phone, no personal data."""
    return core_reference("CS")


def case_path(case: Case) -> str:
    return reverse("cases:detail", kwargs={"pk": case.pk})


def task_path(task: Task) -> str:
    """The task's own page: the one place a person given a task who is not a lead can open."""
    return reverse("cases:task", kwargs={"task_pk": task.pk})


# ------------------------------------------------------------------------------ the pathway


def pathway_for(case: Case, today: date | None = None) -> Pathway:
    return decide(facts_from_case(case), today=today or timezone.localdate())


@dataclass(frozen=True)
class SyncResult:
    added: tuple[str, ...]
    dropped: tuple[str, ...]


def _why_dropped(changed: Iterable[str]) -> str:
    """The words a step that left the pathway shows: which of the case's facts changed."""
    fields = [Case._meta.get_field(name) for name in changed]
    labels = [str(f.verbose_name) for f in fields if isinstance(f, models.Field)]
    today = timezone.localdate().strftime("%-d %B %Y")
    if not labels:
        return f"No longer on the pathway since {today}: the case's facts changed."
    return f"No longer on the pathway since {today}, after a change to: {', '.join(labels)}."


def _sync_items(case: Case, pathway: Pathway, changed: Iterable[str] = ()) -> SyncResult:
    """Bring the checklist in line with the pathway: new actions become items to do; items still
    to do whose action has left the pathway are marked so, with why, and kept for the record."""
    items = {item.action: item for item in PathwayItem.objects.filter(case=case)}
    added: list[str] = []
    dropped: list[str] = []
    for position, code in enumerate(pathway.actions):
        item = items.get(code)
        if item is None:
            PathwayItem.objects.create(case=case, action=code, position=position)
            added.append(code)
            continue
        fields = []
        if item.position != position:
            item.position = position
            fields.append("position")
        if item.state == ItemState.NO_LONGER_NEEDED:
            item.state = ItemState.PENDING
            item.note = ""
            fields += ["state", "note"]
            added.append(code)
        if fields:
            item.save(update_fields=[*fields, "updated_at"])
    on_path = set(pathway.actions)
    for code, item in items.items():
        if code in on_path:
            continue
        fields = []
        if item.state == ItemState.PENDING:
            item.state = ItemState.NO_LONGER_NEEDED
            item.note = _why_dropped(changed)
            fields += ["state", "note"]
            dropped.append(code)
        if item.position < 100:
            item.position += 100  # off the pathway: listed after the actions still on it
            fields.append("position")
        if fields:
            item.save(update_fields=[*fields, "updated_at"])
    return SyncResult(added=tuple(added), dropped=tuple(dropped))


def pathway_sync(
    *,
    case: Case,
    by: User | None,
    request: HttpRequest | None = None,
    today: date | None = None,
    changed: Iterable[str] = (),
) -> SyncResult:
    """Re-compute the pathway from the case's facts and update the checklist. `changed`: the
    case fields that changed, so a step that leaves the pathway says why."""
    with transaction.atomic():
        pathway = pathway_for(case, today)
        result = _sync_items(case, pathway, changed)
        if case.treated_as_child != pathway.treated_as_child:
            Case.objects.filter(pk=case.pk).update(treated_as_child=pathway.treated_as_child)
            case.treated_as_child = pathway.treated_as_child
        if result.added or result.dropped:
            audit_record(
                request=request,
                kind="case-pathway-updated",
                actor=by,
                organisation=case.organisation,
                target=case,
                detail={"added": list(result.added), "dropped": list(result.dropped)},
            )
    return result


# ------------------------------------------------------------------------------ triage


class AlreadyTriaged(Exception):
    """Someone else triaged this concern first."""


def _take_concern(concern: Concern) -> None:
    # Conditional: of two leads triaging the same concern at once, only one wins.
    if not Concern.objects.filter(pk=concern.pk, status=Status.RECEIVED).update(
        status=Status.BEING_LOOKED_AT, updated_at=timezone.now()
    ):
        raise AlreadyTriaged
    concern.status = Status.BEING_LOOKED_AT


def _suggested_types(concern: Concern) -> set[str]:
    return {t["type"] for t in (concern.screening or {}).get("suggested_types", []) if "type" in t}


def _add_types(case: Case, types: Iterable[str]) -> None:
    """The one place a case's types change: the rows, and Case.type_bits kept in step with them
    (the queue filters on the bits). Call inside the change's transaction."""
    have = set(case.types.values_list("type", flat=True))
    new = sorted(set(types) - have)
    CaseType.objects.bulk_create([CaseType(case=case, type=t) for t in new])
    case.type_bits = bits_of(have | set(new))
    Case.objects.filter(pk=case.pk).update(type_bits=case.type_bits)


def _notify_assigned(case: Case, lead: User | None, by: User) -> None:
    if lead is not None and lead.pk != by.pk:
        notify(
            recipients=[lead],
            kind="case-assigned",
            path=case_path(case),
            text="A case has been assigned to you",
        )


def case_open(
    *, concern: Concern, lead: User | None, by: User, request: HttpRequest | None = None
) -> Case:
    """Triage: open a new case for the person a concern is about."""
    if lead is not None and lead.organisation_id != concern.organisation_id:
        raise NotAllowed("the lead must belong to the concern's organisation")
    now = timezone.now()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                _take_concern(concern)
                case = Case(
                    reference=new_case_reference(),
                    organisation=concern.organisation,
                    assigned_lead=lead,
                    opened_at=now,
                    opened_by=by,
                    person_name=concern.person_name,
                    person_description=concern.person_description,
                    date_of_birth=concern.date_of_birth,
                    age_group=concern.age_group,
                    gender=concern.gender,
                    nationality=concern.nationality,
                    immediate_danger=concern.immediate_danger,
                    others_at_risk=concern.others_at_risk,
                    children_at_risk=concern.children_at_risk,
                    already_in_nrm=concern.already_in_nrm,
                    consent_to_nrm=concern.consent_to_nrm,
                    nation=concern.organisation.nation,
                )
                case.save(force_insert=True)
                CaseConcern.objects.create(case=case, concern=concern, added_at=now, added_by=by)
                _add_types(case, _suggested_types(concern))
                pathway = pathway_for(case)
                case.treated_as_child = pathway.treated_as_child
                Case.objects.filter(pk=case.pk).update(treated_as_child=case.treated_as_child)
                _sync_items(case, pathway)
                # The concern reached the lead through Signpost: that step is done.
                PathwayItem.objects.filter(
                    case=case, action="tell-safeguarding-lead", state=ItemState.PENDING
                ).update(
                    state=ItemState.DONE,
                    done_on=timezone.localtime(concern.submitted_at).date(),
                    note="The concern reached the safeguarding lead through Signpost.",
                )
                counting.case_added(case)
                audit_record(
                    request=request,
                    kind="case-opened",
                    actor=by,
                    target=case,
                    detail={
                        "reference": case.reference,
                        "concern": str(concern.pk),
                        "lead": str(lead.pk) if lead else None,
                        "actions": list(pathway.actions),
                    },
                )
                audit_record(
                    request=request,
                    kind="concern-triaged",
                    actor=by,
                    target=concern,
                    detail={"case": str(case.pk), "how": "new-case"},
                )
                _notify_assigned(case, lead, by)
            return case
        except IntegrityError:
            continue  # the random reference collided: try another
    raise RuntimeError("could not find a free case reference")


def case_open_handed_over(
    *,
    organisation: Organisation,
    values: dict[str, Any],
    types: Iterable[str],
    lead: User,
    by: User,
    request: HttpRequest | None = None,
) -> Case:
    """Accepting a handover (referrals.handovers): the receiving organisation's own case, with
    the person's details and pathway facts the sender recorded (EDITABLE_FIELDS only), so the
    receiver retypes nothing. Call inside the acceptance's transaction."""
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not an editable field: {sorted(unknown)}")
    if lead.organisation_id != organisation.pk or by.organisation_id != organisation.pk:
        raise NotAllowed("the lead must belong to the receiving organisation")
    now = timezone.now()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                case = Case(
                    reference=new_case_reference(),
                    organisation=organisation,
                    assigned_lead=lead,
                    opened_at=now,
                    opened_by=by,
                    **{"nation": organisation.nation, **values},
                )
                case.save(force_insert=True)
                _add_types(case, types)
                pathway = pathway_for(case)
                case.treated_as_child = pathway.treated_as_child
                Case.objects.filter(pk=case.pk).update(treated_as_child=case.treated_as_child)
                _sync_items(case, pathway)
                # The case reached this organisation's safeguarding lead through Signpost.
                PathwayItem.objects.filter(
                    case=case, action="tell-safeguarding-lead", state=ItemState.PENDING
                ).update(
                    state=ItemState.DONE,
                    done_on=timezone.localdate(),
                    note="Handed over to the safeguarding lead through Signpost.",
                )
                counting.case_added(case)
                audit_record(
                    request=request,
                    kind="case-opened",
                    actor=by,
                    target=case,
                    detail={
                        "reference": case.reference,
                        "how": "handover",
                        "lead": str(lead.pk),
                        "actions": list(pathway.actions),
                    },
                )
            return case
        except IntegrityError:
            continue  # the random reference collided: try another
    raise RuntimeError("could not find a free case reference")


def _bump(case: Case, version: int, **values: Any) -> None:
    """The optimistic lock: change the row only if it is still at `version`."""
    bump_version(
        case,
        version,
        conflict=CaseConflict,
        current=Case.objects.select_related("assigned_lead"),
        **values,
    )


def case_add_concern(
    *,
    case: Case,
    concern: Concern,
    by: User,
    lead: User | None = None,
    request: HttpRequest | None = None,
) -> Case:
    """Triage: add a concern to an existing open case about the same person."""
    if case.organisation_id != concern.organisation_id:
        raise NotAllowed("a concern joins only its own organisation's cases")
    if case.status != CaseStatus.OPEN:
        raise NotAllowed("reopen the case before adding a concern to it")
    with transaction.atomic():
        _take_concern(concern)
        current = Case.objects.select_for_update().get(pk=case.pk)
        values: dict[str, Any] = {}
        if lead is not None and lead.pk != current.assigned_lead_id:
            values["assigned_lead"] = lead
        # What the new concern knows and the case does not yet: fill the gaps only.
        for name in ("date_of_birth", "gender", "nationality", "person_name"):
            if not getattr(current, name) and getattr(concern, name):
                values[name] = getattr(concern, name)
        if concern.immediate_danger == "yes":
            values["immediate_danger"] = "yes"
        if concern.others_at_risk == "yes":
            values["others_at_risk"] = "yes"
        _bump(case, current.version, **values)
        case.refresh_from_db()
        CaseConcern.objects.create(case=case, concern=concern, added_at=timezone.now(), added_by=by)
        with counting.case_changing(case):
            _add_types(case, _suggested_types(concern))
        audit_record(
            request=request,
            kind="case-concern-added",
            actor=by,
            target=case,
            detail={"concern": str(concern.pk), "fields": sorted(values)},
        )
        audit_record(
            request=request,
            kind="concern-triaged",
            actor=by,
            target=concern,
            detail={"case": str(case.pk), "how": "existing-case"},
        )
        pathway_sync(case=case, by=by, request=request)
        if "assigned_lead" in values:
            _notify_assigned(case, lead, by)
    return case


# ------------------------------------------------------------------------------ the case


def case_assign(
    *, case: Case, lead: User | None, version: int, by: User, request: HttpRequest | None = None
) -> Case:
    if lead is not None and lead.organisation_id != case.organisation_id:
        raise NotAllowed("the lead must belong to the case's organisation")
    with transaction.atomic():
        _bump(case, version, assigned_lead=lead)
        audit_record(
            request=request,
            kind="case-assigned",
            actor=by,
            target=case,
            detail={"lead": str(lead.pk) if lead else None},
        )
        _notify_assigned(case, lead, by)
    return case


def case_update(
    *,
    case: Case,
    values: dict[str, Any],
    version: int,
    by: User,
    request: HttpRequest | None = None,
) -> SyncResult:
    """Change the person's details or the pathway facts, then re-compute the pathway."""
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not an editable field: {sorted(unknown)}")
    changed = {k: v for k, v in values.items() if getattr(case, k) != v}
    with transaction.atomic():
        _bump(case, version, **changed)
        audit_record(
            request=request,
            kind="case-updated",
            actor=by,
            target=case,
            detail={"fields": sorted(changed), "version": case.version},
        )
        return pathway_sync(case=case, by=by, request=request, changed=sorted(changed))


# A record's progress -> the step's state (referrals.kinds: the record that answers an action).
# "returned": the record came back to being prepared (a declined handover), so a step it had
# marked done is open again.
RECORD_STATES = {
    "prepared": ItemState.IN_PROGRESS,
    "sent": ItemState.DONE,
    "returned": ItemState.IN_PROGRESS,
}


def pathway_item_from_record(
    *,
    case: Case,
    action: str,
    progress: str,
    on: date | None,
    note: str,
    record: str,
    by: User | None,
    request: HttpRequest | None = None,
) -> PathwayItem:
    """A record that answers a pathway action moves its step (issue 15, "the pathway follows
    the records"): prepared -> in progress (unless already done), sent -> done on the day sent
    (and again when a decision comes back, to update what the step says). `record` is the
    record's reference, for the audit event; `note` what the step says."""
    state = RECORD_STATES[progress]
    with transaction.atomic():
        item = PathwayItem.objects.select_for_update().filter(case=case, action=action).first()
        if item is None:
            # The action is not on the checklist (the pathway changed): the record still counts.
            item = PathwayItem.objects.create(case=case, action=action, position=100)
        if progress == "prepared" and item.state == ItemState.DONE:
            return item
        with counting.case_changing(case):
            item.state = state
            item.done_on = on if state == ItemState.DONE else None
            item.note = note
            item.by = by
            item.save(update_fields=["state", "done_on", "note", "by", "updated_at"])
        audit_record(
            request=request,
            kind="case-pathway-item-updated",
            actor=by,
            target=case,
            detail={"action": action, "state": state, "record": record},
        )
    return item


def pathway_item_update(
    *,
    item: PathwayItem,
    state: str,
    done_on: date | None,
    note: str,
    by: User,
    request: HttpRequest | None = None,
) -> PathwayItem:
    if state not in (ItemState.PENDING, ItemState.DONE, ItemState.NOT_NEEDED):
        raise NotAllowed(f"cannot set a checklist item to {state}")
    with transaction.atomic():
        item.state = state
        item.done_on = done_on if state == ItemState.DONE else None
        item.note = note if state != ItemState.PENDING else ""
        item.by = by if state != ItemState.PENDING else None
        with counting.case_changing(item.case):
            item.save(update_fields=["state", "done_on", "note", "by", "updated_at"])
        audit_record(
            request=request,
            kind="case-pathway-item-updated",
            actor=by,
            target=item.case,
            detail={"action": item.action, "state": state},
        )
    return item


def task_add(
    *,
    case: Case,
    title: str,
    working_days: int,
    assigned_to: User | None,
    by: User,
    today: date | None = None,
    request: HttpRequest | None = None,
) -> Task:
    """A task due `working_days` working days from today, counted in the case's nation."""
    if assigned_to is not None and assigned_to.organisation_id != case.organisation_id:
        raise NotAllowed("a task goes to someone in the case's organisation")
    today = today or timezone.localdate()
    due_on = add_working_days(today, working_days, case.nation)
    with transaction.atomic():
        task = Task.objects.create(
            case=case, title=title, due_on=due_on, assigned_to=assigned_to, created_by=by
        )
        audit_record(
            request=request,
            kind="case-task-added",
            actor=by,
            target=case,
            detail={"task": str(task.pk), "due_on": due_on.isoformat()},
        )
        if assigned_to is not None and assigned_to.pk != by.pk:
            notify(
                recipients=[assigned_to],
                kind="case-task-assigned",
                path=task_path(task),
                text="A task on a case has been given to you",
            )
    return task


def task_complete(
    *, task: Task, by: User, note: str = "", request: HttpRequest | None = None
) -> Task:
    """Mark a task done, with what the person who did it wants the lead to know. The person it
    was given to may do it, and so may the leads of the case's organisation."""
    is_lead = by.has_role(Role.LEAD) and by.organisation_id == task.case.organisation_id
    if task.assigned_to_id != by.pk and not is_lead:
        raise NotAllowed("only the person given the task or a lead can mark it done")
    note = note.strip()
    with transaction.atomic():
        if not Task.objects.filter(pk=task.pk, done_at=None).update(
            done_at=timezone.now(), done_by=by, done_note=note, updated_at=timezone.now()
        ):
            return task  # already done: nothing to record twice
        task.refresh_from_db()
        audit_record(
            request=request,
            kind="case-task-done",
            actor=by,
            target=task.case,
            detail={"task": str(task.pk), "with_note": bool(note)},
        )
    return task


# What each decision does: (the case's status, its stage, the status its concerns then show);
# None leaves all three as they are.
_DECISION_EFFECT: dict[str, tuple[str, str, str] | None] = {
    DecisionKind.NO_FURTHER_ACTION: None,
    DecisionKind.ADVICE_GIVEN: None,
    DecisionKind.ACTION_TAKEN: (CaseStatus.OPEN, Stage.ACTION_TAKEN, Status.ACTION_TAKEN),
    DecisionKind.REFERRAL_MADE: (CaseStatus.OPEN, Stage.ACTION_TAKEN, Status.ACTION_TAKEN),
    DecisionKind.CLOSED: (CaseStatus.CLOSED, Stage.CLOSED, Status.CLOSED),
    DecisionKind.REOPENED: None,  # worked out from the decisions before it
}


def decisions_allowed(case: Case) -> tuple[str, ...]:
    if case.status == CaseStatus.CLOSED:
        return (DecisionKind.REOPENED,)
    return tuple(k for k in DecisionKind.values if k != DecisionKind.REOPENED)


def case_decide(
    *,
    case: Case,
    kind: str,
    rationale: str,
    version: int,
    by: User,
    referral_ref: str = "",
    request: HttpRequest | None = None,
) -> Decision:
    """Record a decision and its written rationale; closing and reopening change the case."""
    if kind not in decisions_allowed(case):
        raise NotAllowed(f"{kind} is not possible while the case is {case.status}")
    if not rationale.strip():
        raise NotAllowed("a decision needs its rationale")
    now = timezone.now()
    with transaction.atomic():
        effect = _DECISION_EFFECT[kind]
        if kind == DecisionKind.REOPENED:
            acted = case.decisions.filter(
                kind__in=(DecisionKind.ACTION_TAKEN, DecisionKind.REFERRAL_MADE)
            ).exists()
            effect = (
                CaseStatus.OPEN,
                Stage.ACTION_TAKEN if acted else Stage.BEING_LOOKED_AT,
                Status.ACTION_TAKEN if acted else Status.BEING_LOOKED_AT,
            )
        values: dict[str, Any] = {}
        if effect is not None:
            status, stage, concern_status = effect
            values = {"status": status, "stage": stage}
            values["closed_at"] = now if status == CaseStatus.CLOSED else None
        # Every decision takes the lock, so a decision made on a stale page is caught too.
        _bump(case, version, **values)
        with counting.case_changing(case):
            decision = Decision.objects.create(
                case=case,
                kind=kind,
                rationale=rationale,
                referral_ref=referral_ref if kind == DecisionKind.REFERRAL_MADE else "",
                by=by,
                at=now,
            )
        if effect is not None:
            Concern.objects.filter(case_link__case=case).exclude(status=concern_status).update(
                status=concern_status, updated_at=now
            )
        audit_record(
            request=request,
            kind="case-decision-recorded",
            actor=by,
            target=case,
            detail={"decision": str(decision.pk), "kind": kind, "stage": case.stage},
        )
    return decision


def note_add(*, case: Case, text: str, by: User, request: HttpRequest | None = None) -> CaseNote:
    with transaction.atomic():
        note = CaseNote.objects.create(
            case=case, text=text, by=by, organisation=by.organisation, at=timezone.now()
        )
        audit_record(
            request=request,
            kind="case-note-added",
            actor=by,
            target=case,
            detail={"note": str(note.pk)},
        )
    return note


# ------------------------------------------------------------------------------ sharing


def case_share(
    *,
    case: Case,
    organisation: Organisation,
    reason: str,
    parts: Iterable[str],
    may_add: bool,
    by: User,
    request: HttpRequest | None = None,
) -> Share:
    """Share a case with another organisation on Signpost. Its leads are told (a link only)."""
    parts = [p for p in SharePart.values if p in set(parts)]
    if organisation.pk == case.organisation_id:
        raise NotAllowed("a case is already visible to its own organisation")
    if not parts:
        raise NotAllowed("say what is shared")
    if not reason.strip():
        raise NotAllowed("a share needs its reason")
    with transaction.atomic():
        if Share.objects.filter(
            case=case, with_organisation=organisation, revoked_at=None
        ).exists():
            raise NotAllowed("the case is already shared with that organisation")
        share = Share.objects.create(
            case=case,
            with_organisation=organisation,
            reason=reason,
            what_is_shared=parts,
            may_add=may_add,
            created_by=by,
        )
        audit_record(
            request=request,
            kind="case-shared",
            actor=by,
            target=case,
            detail={
                "share": str(share.pk),
                "with": str(organisation.pk),
                "parts": parts,
                "may_add": may_add,
            },
        )
        notify(
            recipients=leads_of(organisation.pk),
            kind="case-shared",
            path=case_path(case),
            text="A case has been shared with your organisation",
        )
    return share


def share_revoke(
    *, share: Share, reason: str, by: User, request: HttpRequest | None = None
) -> Share:
    if not reason.strip():
        raise NotAllowed("say why the share ends")
    with transaction.atomic():
        now = timezone.now()
        if not Share.objects.filter(pk=share.pk, revoked_at=None).update(
            revoked_at=now, revoked_by=by, revoke_reason=reason, updated_at=now
        ):
            raise NotAllowed("the share has already ended")
        share.refresh_from_db()
        audit_record(
            request=request,
            kind="case-share-revoked",
            actor=by,
            target=share.case,
            detail={"share": str(share.pk), "with": str(share.with_organisation_id)},
        )
    return share


def share_decline(
    *,
    case: Case,
    reason: str,
    by: User,
    organisation: Organisation | None = None,
    organisation_name: str = "",
    request: HttpRequest | None = None,
) -> ShareDecision:
    """Record a decision not to share, and why: as much a decision as sharing is."""
    if organisation is None and not organisation_name.strip():
        raise NotAllowed("say who the case is not shared with")
    if not reason.strip():
        raise NotAllowed("a decision not to share needs its reason")
    with transaction.atomic():
        decision = ShareDecision.objects.create(
            case=case,
            organisation=organisation,
            organisation_name="" if organisation else organisation_name.strip(),
            reason=reason,
            by=by,
            at=timezone.now(),
        )
        audit_record(
            request=request,
            kind="case-share-declined",
            actor=by,
            target=case,
            detail={
                "share_decision": str(decision.pk),
                "with": str(organisation.pk) if organisation else None,
            },
        )
    return decision


def case_viewed(*, case: Case, request: AuthenticatedRequest, page: str = "case") -> None:
    """Reads are audited too: this feeds "who has seen this record"."""
    audit_record(
        request=request,
        kind="case-viewed",
        organisation=request.user.organisation,
        target=case,
        detail={"page": page},
    )


# ------------------------------------------------------------------------------ reminders


def _remind(task: Task, *, kind: str, text: str, marker: str, today: date) -> bool:
    with transaction.atomic():
        # Conditional: a second run of the job, even at the same moment, sends nothing.
        if not Task.objects.filter(pk=task.pk, **{marker: None}).update(**{marker: today}):
            return False
        recipients = [task.assigned_to] if task.assigned_to else []
        if not recipients and task.case.assigned_lead:
            recipients = [task.case.assigned_lead]
        if not recipients:
            recipients = leads_of(task.case.organisation_id)
        path = task_path(task) if task.assigned_to else case_path(task.case)
        notify(recipients=recipients, kind=kind, path=path, text=text)
        audit_record(
            kind="case-reminder-sent",
            actor=None,
            organisation=task.case.organisation,
            target=task.case,
            detail={"task": str(task.pk), "reminder": kind},
        )
    return True


def send_task_reminders(*, today: date) -> int:
    """Remind people of tasks due on the next working day, and of tasks now overdue. Each
    reminder is sent once. Returns how many reminders were sent."""
    sent = 0
    open_tasks = Task.objects.filter(done_at=None, case__status=CaseStatus.OPEN).select_related(
        "case", "case__assigned_lead", "assigned_to"
    )
    # "Tomorrow" is the next working day in the case's nation: a task due on Monday is
    # mentioned on Friday. A week ahead covers the longest run of bank holidays.
    soon = open_tasks.filter(
        reminded_due_on=None, due_on__gt=today, due_on__lte=today + timedelta(days=7)
    )
    for task in soon:
        if task.due_on <= add_working_days(today, 1, task.case.nation):
            sent += _remind(
                task,
                kind="case-task-due",
                text="A task on a case is due tomorrow",
                marker="reminded_due_on",
                today=today,
            )
    for task in open_tasks.filter(reminded_overdue_on=None, due_on__lt=today):
        sent += _remind(
            task,
            kind="case-task-overdue",
            text="A task on a case is overdue",
            marker="reminded_overdue_on",
            today=today,
        )
    return sent


# ------------------------------------------------------------------------------ no orphans


def open_work_of(person: User) -> OpenWork:
    """What would be left without anyone if the person stopped being a lead: the open cases
    they lead and the tasks given to them not yet done (issue 15 item 6)."""
    return OpenWork(
        cases=Case.objects.filter(assigned_lead=person, status=CaseStatus.OPEN).count(),
        tasks=Task.objects.filter(assigned_to=person, done_at=None).count(),
    )


def open_work_move(
    *, person: User, to: User, by: User, request: HttpRequest | None = None
) -> OpenWork:
    """Give the person's open cases and undone tasks to another lead, each audited on its
    case. Called by the accounts services inside their transaction (accounts/open_work.py)."""
    if to.organisation_id != person.organisation_id or not to.has_role(Role.LEAD):
        raise NotAllowed("the work goes to a lead of the same organisation")
    with transaction.atomic():
        cases = list(Case.objects.filter(assigned_lead=person, status=CaseStatus.OPEN))
        for case in cases:
            _bump(case, case.version, assigned_lead=to)
            audit_record(
                request=request,
                kind="case-assigned",
                actor=by,
                target=case,
                detail={"lead": str(to.pk), "reassigned_from": str(person.pk)},
            )
            _notify_assigned(case, to, by)
        tasks = list(Task.objects.filter(assigned_to=person, done_at=None).select_related("case"))
        for task in tasks:
            Task.objects.filter(pk=task.pk).update(assigned_to=to, updated_at=timezone.now())
            audit_record(
                request=request,
                kind="case-task-reassigned",
                actor=by,
                target=task.case,
                detail={
                    "task": str(task.pk),
                    "to": str(to.pk),
                    "reassigned_from": str(person.pk),
                },
            )
        if tasks and to.pk != by.pk:
            notify(
                recipients=[to],
                kind="case-task-assigned",
                path=reverse("cases:queue"),
                text="Tasks on cases have been given to you",
            )
    return OpenWork(cases=len(cases), tasks=len(tasks))
