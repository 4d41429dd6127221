"""Writing audit events. Every state change calls `audit_record` inside its own transaction."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from audit.chain import (
    ANCHOR_KIND,
    GENESIS,
    ROW_COLUMNS,
    audit_keys,
    compute_hash,
    compute_mac,
    event_fields,
    fields_of_row,
)
from audit.checkpoints import (
    Checkpoint,
    CheckpointError,
    active_marks,
    read_checkpoints,
    write_checkpoint,
)
from audit.kinds import require as require_registered_kind
from audit.models import AuditEvent

# Postgres: one writer at a time extends the chain, so two events never share a predecessor.
_CHAIN_LOCK_KEY = 7_345_112

if TYPE_CHECKING:  # types only: audit sits below accounts (docs/conventions.md)
    from accounts.models import Organisation, User


def client_ip(request: HttpRequest | None) -> str | None:
    """Where the request came from. Behind N trusted proxies (SIGNPOST_TRUSTED_PROXIES) the
    client is the Nth address from the right of X-Forwarded-For: anything further left was
    written by the client itself and cannot be trusted."""
    if request is None:
        return None
    proxies = settings.SIGNPOST_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            candidate = hops[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    kind: str,
    request: HttpRequest | None = None,
    actor: User | None = None,
    organisation: Organisation | None = None,
    target: Any = None,
    target_type: str = "",
    target_id: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain. `detail` holds ids and codes only, never field contents.
    `kind` must be registered in audit/kinds.py (declared in the writing app's audit_kinds.py)."""
    require_registered_kind(kind)
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    if organisation is None and actor is not None:
        organisation = actor.organisation
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
    keys = audit_keys()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        event = AuditEvent(
            at=timezone.now(),
            kind=kind,
            actor=actor,
            organisation=organisation,
            target_type=target_type,
            target_id=target_id,
            ip_address=client_ip(request),
            detail=detail or {},
            prev_hash=last or GENESIS,
            key_id=keys.current_id,
        )
        event.hash = keys.sign(event.prev_hash, event_fields(event))
        event.save(force_insert=True)
    return event


@dataclass(frozen=True)
class Verdict:
    """What `verify_audit` found. `problem` is empty when everything verified."""

    checked: int
    problem: str = ""
    broken: AuditEvent | None = None
    checkpoints: int = 0
    newest_checkpoint: Checkpoint | None = None

    @property
    def ok(self) -> bool:
        return not self.problem


class _Broken(Exception):
    def __init__(self, checked: int, row: tuple[Any, ...] | None, why: str) -> None:
        super().__init__(why)
        self.checked = checked
        self.row = row
        self.why = why


def _walk(marks: dict[int, Checkpoint]) -> tuple[int, tuple[Any, ...] | None]:
    """Stream the chain once, in id order, checking every link, every MAC, the anchor of any
    events from before the key, the order of keys, and each checkpoint it passes.
    Returns (events checked, last row). Raises _Broken naming the first problem."""
    keys = audit_keys()
    expected_prev = GENESIS
    checked = 0
    keyed = False
    newest_rank = -1
    row: tuple[Any, ...] | None = None
    rows = AuditEvent.objects.order_by("id").values_list(*ROW_COLUMNS)
    for row in rows.iterator(chunk_size=2000):
        prev_hash, value, key_id = row[9], row[10], row[11]
        if prev_hash != expected_prev:
            raise _Broken(checked, row, "its link to the event before it does not match")
        fields = fields_of_row(row)
        if not key_id:
            if keyed:
                raise _Broken(checked, row, "it has no audit key MAC, yet comes after keyed events")
            if compute_hash(prev_hash, fields) != value:
                raise _Broken(checked, row, "its contents do not match its hash")
        else:
            if key_id not in keys.by_id:
                raise _Broken(
                    checked,
                    row,
                    f"it was made with audit key {key_id}, which is not configured "
                    "(add it to SIGNPOST_AUDIT_OLD_KEYS)",
                )
            if compute_mac(keys.by_id[key_id], key_id, prev_hash, fields) != value:
                raise _Broken(checked, row, "its contents do not match its MAC (audit key)")
            if keys.rank[key_id] < newest_rank:
                raise _Broken(
                    checked, row, "it was made with an older audit key than the events before it"
                )
            newest_rank = keys.rank[key_id]
            if not keyed and checked:
                detail = row[8] or {}
                if not (
                    row[2] == ANCHOR_KIND
                    and detail.get("legacy_events") == checked
                    and detail.get("legacy_head") == expected_prev
                ):
                    raise _Broken(
                        checked,
                        row,
                        f"the {checked} events before it are not anchored with the audit key",
                    )
            keyed = True
        checked += 1
        mark = marks.get(checked)
        if mark is not None and (mark.last_id != row[0] or mark.head != value):
            raise _Broken(
                checked - 1,
                row,
                f"it is event number {checked}, but the checkpoint of {mark.at} recorded event "
                f"{mark.last_id} there with another chain value: the chain has been rewritten "
                "or events before it removed",
            )
        expected_prev = value
    if checked and not keyed:
        raise _Broken(checked, row, f"none of the {checked} events is anchored with the audit key")
    return checked, row


def _event(row: tuple[Any, ...] | None) -> AuditEvent | None:
    if row is None:
        return None
    return AuditEvent(**dict(zip(ROW_COLUMNS, row, strict=True)))


def verify_chain() -> tuple[int, AuditEvent | None, str]:
    """The chain inside the database alone (no checkpoints): links, MACs and anchor.
    Returns (events checked, first broken event or None, why)."""
    try:
        checked, _ = _walk({})
    except _Broken as broken:
        return broken.checked, _event(broken.row), broken.why
    return checked, None, ""


def verify_audit(checkpoint_file: Any = None, *, restored: bool = False) -> Verdict:
    """The chain and the checkpoints kept outside the database: `manage.py audit_verify`.
    `restored`: just after a restore, checkpoints beyond the chain's end are expected (the
    restore rolled them back); the ones it reaches must still match."""
    try:
        checkpoints = read_checkpoints(checkpoint_file)
    except CheckpointError as exc:
        return Verdict(checked=0, problem=f"The checkpoint file cannot be trusted: {exc}.")
    marks = active_marks(checkpoints)
    newest = checkpoints[-1] if checkpoints else None
    try:
        checked, last = _walk(marks)
    except _Broken as broken:
        event = _event(broken.row)
        where = f"event {event.id} ({event.kind})" if event else "the start"
        return Verdict(
            checked=broken.checked,
            problem=f"Audit chain broken at {where}: {broken.why}.",
            broken=event,
            checkpoints=len(checkpoints),
            newest_checkpoint=newest,
        )
    beyond = [m for n, m in marks.items() if n > checked]
    if beyond and not restored:
        furthest = max(beyond, key=lambda m: m.events)
        last_id = last[0] if last else "none"
        return Verdict(
            checked=checked,
            problem=(
                f"Audit events missing: the chain ends after {checked} events (last event "
                f"{last_id}), but the checkpoint of {furthest.at} recorded {furthest.events} "
                f"events ending at event {furthest.last_id}. At least "
                f"{furthest.events - checked} of the newest events have been removed."
            ),
            checkpoints=len(checkpoints),
            newest_checkpoint=newest,
        )
    return Verdict(checked=checked, checkpoints=len(checkpoints), newest_checkpoint=newest)


def record_restore() -> Checkpoint:
    """After `manage.py restore`: the restored chain must pass through every checkpoint up to
    its own length (it is a true copy of the log as it was), then a "restore" line marks the
    roll-back in the checkpoint file. Raises ValueError naming the problem otherwise."""
    verdict = verify_audit(restored=True)
    if not verdict.ok:
        raise ValueError(verdict.problem)
    return write_checkpoint(kind="restore")
