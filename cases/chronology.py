"""The chronology: every event on a case, in date order, in plain words.

Built from the audit events about the case, its concerns and the records other apps register
(`register_case_records`: the case's referrals), each read by the renderer its kind declares in
the one registry of audit kinds (audit/kinds.py, declared in each app's audit_kinds.py), with
the words people wrote (rationales, notes, reasons for sharing) fetched from the records those
events name. Views of the case are left out: they are listed under "who has seen this record".
A partner organisation sees a line only when its share allows it (issue 15 item 3).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q

from audit.kinds import EventKind, chronology_kinds
from audit.models import AuditEvent
from cases.models import Case
from cases.selectors import CASE_TYPE, CONCERN_TYPE, CaseAccess

GROUPS: dict[str, str] = {
    "concern": "Concerns",
    "case": "Case details and assignment",
    "pathway": "Pathway",
    "task": "Tasks",
    "decision": "Decisions",
    "referral": "Referrals",
    "note": "Notes",
    "share": "Sharing",
    "handover": "Handover",
}

# Other apps' records whose events belong on the case's chronology: (target type, ids).
_CASE_RECORDS: list[Callable[[Case], tuple[str, list[str]]]] = []


def register_case_records(fn: Callable[[Case], tuple[str, list[str]]]) -> None:
    if fn not in _CASE_RECORDS:
        _CASE_RECORDS.append(fn)


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


class _Records:
    """The records the events name, fetched in bulk, one query per model, and only records of
    this case (or its concerns), whatever an event's detail says."""

    def __init__(
        self, events: list[AuditEvent], kinds: dict[str, EventKind], case: Case, concerns: list
    ) -> None:
        wanted: dict[str, set[str]] = defaultdict(set)
        for e in events:
            chronology = kinds[e.kind].chronology
            assert chronology is not None
            for key, model in chronology.records.items():
                value = e.target_id if key == "" else (e.detail or {}).get(key)
                if value:
                    wanted[model].add(str(value))
        self._found: dict[str, dict[str, Any]] = {}
        for label, ids in wanted.items():
            model_class = apps.get_model(label)
            names = {f.name for f in model_class._meta.get_fields()}
            queryset = model_class._default_manager.all()
            if label == "accounts.user":
                pass  # people: their names only
            elif "case" in names:
                queryset = queryset.filter(case=case)
            elif "concern" in names:
                queryset = queryset.filter(concern_id__in=concerns)
            else:
                continue  # deny by default: a record not tied to this case is never read
            found = queryset.in_bulk([i for i in ids if _is_pk(model_class, i)])
            self._found[label] = {str(pk): obj for pk, obj in found.items()}

    def get(self, model: str, pk: Any) -> Any:
        if not pk:
            return None
        return self._found.get(model, {}).get(str(pk))


def _is_pk(model: type[models.Model], value: str) -> bool:
    try:
        model._meta.pk.to_python(value)
    except Exception:
        return False
    return True


def case_chronology(case: Case, *, access: CaseAccess, group: str = "") -> list[Entry]:
    """The lines `access` may see: all of them for the case's own organisation, and for a
    partner only those its share covers (each kind's `partner_needs` or `partner_rule`)."""
    if not access.owner and not access.sees("chronology"):
        return []
    kinds = chronology_kinds(group)
    concern_ids = [str(pk) for pk in case.links.values_list("concern_id", flat=True)]
    where = Q(target_type=CASE_TYPE, target_id=str(case.pk)) | Q(
        target_type=CONCERN_TYPE, target_id__in=concern_ids
    )
    for records_of in _CASE_RECORDS:
        target_type, ids = records_of(case)
        if ids:
            where |= Q(target_type=target_type, target_id__in=ids)
    events = list(
        AuditEvent.objects.filter(where, kind__in=list(kinds))
        .select_related("actor", "organisation")
        .order_by("at", "id")
    )
    records = _Records(events, kinds, case, concern_ids)
    # chronology_kinds gives only kinds with a chronology.
    how = {code: kind.chronology for code, kind in kinds.items() if kind.chronology is not None}
    if not access.owner:
        share = access.share
        events = [
            e for e in events if share is not None and how[e.kind].partner_sees(e, share, records)
        ]
    entries: list[Entry] = []
    for e in events:
        chronology = how[e.kind]
        line = chronology.render(e, records)
        entries.append(
            Entry(
                at=e.at,
                kind=e.kind,
                group=chronology.section,
                title=line.title,
                who=e.actor.full_name if e.actor else "Signpost",
                organisation=e.organisation.name if e.organisation else "",
                text=line.text,
                extra=line.extra,
            )
        )
    return entries
