"""Checkpoints of the audit chain, kept outside the database.

Once a day (settings.SIGNPOST_DAILY_JOBS) and on demand (`manage.py audit_checkpoint`) one line
is appended to `audit-checkpoints.jsonl` in settings.SIGNPOST_AUDIT_CHECKPOINT_DIR: when, how
many events the chain held, the newest event's id and chain value, and an HMAC of the line with
the audit key. Someone who can change the database but not this file cannot remove the newest
events, or rebuild the chain, without `manage.py audit_verify` noticing: the chain must still
pass through every checkpoint (issue 17; ASVS 5.0 V16.4.2 and V16.4.3, logs kept on another
system). The file is only ever appended to; the operator copies it to another host or to
write-once storage (docs/security.md, "The operator's part").

A restore from a backup legitimately rolls the chain back: `manage.py restore` appends a
"restore" line, after which the earlier checkpoints beyond the restored length no longer apply.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from audit.chain import GENESIS, audit_keys, canonical

FILE_NAME = "audit-checkpoints.jsonl"
# Same lock as the writers in audit.services: a checkpoint sees a chain no one is extending.
_CHAIN_LOCK_KEY = 7_345_112


class CheckpointError(Exception):
    pass


@dataclass(frozen=True)
class Checkpoint:
    line: int
    type: str  # "checkpoint" or "restore"
    at: str
    events: int
    last_id: int | None
    head: str


def checkpoint_path(directory: Path | str | None = None) -> Path:
    return Path(directory or settings.SIGNPOST_AUDIT_CHECKPOINT_DIR) / FILE_NAME


def _chain_head() -> tuple[int, int | None, str]:
    from audit.models import AuditEvent

    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        count = AuditEvent.objects.count()
        last = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
    if last is None:
        return 0, None, GENESIS
    return count, last[0], last[1]


def _append(body: dict[str, Any], path: Path) -> None:
    keys = audit_keys()
    body = {"v": 1, **body, "key_id": keys.current_id}
    line = json.dumps({**body, "mac": keys.mac(keys.current_id, canonical(body))}) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_APPEND: each write lands at the end, whatever else has the file open; owner-only.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode())
        os.fsync(fd)
    finally:
        os.close(fd)


def write_checkpoint(*, kind: str = "checkpoint", path: Path | None = None) -> Checkpoint:
    """Append the chain's current length and head to the checkpoint file."""
    count, last_id, head = _chain_head()
    at = timezone.now().isoformat(timespec="seconds")
    target = path or checkpoint_path()
    body = {"type": kind, "at": at, "events": count, "last_id": last_id, "head": head}
    _append(body, target)
    return Checkpoint(line=0, type=kind, at=at, events=count, last_id=last_id, head=head)


def checkpoint_daily(*, today: date) -> int:
    """The daily job (core/scheduling.py): one checkpoint a day."""
    write_checkpoint()
    return 1


def read_checkpoints(path: Path | None = None) -> list[Checkpoint]:
    """Every line, checked against its HMAC, in the order written. A missing file is empty."""
    target = path or checkpoint_path()
    if not target.exists():
        return []
    keys = audit_keys()
    found: list[Checkpoint] = []
    with target.open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                body = json.loads(raw)
                mac = body.pop("mac")
                key_id = body["key_id"]
                checkpoint = Checkpoint(
                    line=number,
                    type=body["type"],
                    at=body["at"],
                    events=int(body["events"]),
                    last_id=body["last_id"],
                    head=body["head"],
                )
            except (ValueError, KeyError, TypeError) as exc:
                raise CheckpointError(f"line {number} of {target} cannot be read") from exc
            if key_id not in keys.by_id:
                raise CheckpointError(
                    f"line {number} of {target} was made with audit key {key_id}, which is not "
                    "configured (add it to SIGNPOST_AUDIT_OLD_KEYS)"
                )
            if keys.mac(key_id, canonical(body)) != mac:
                raise CheckpointError(f"line {number} of {target} has been altered")
            found.append(checkpoint)
    return found


def active_marks(checkpoints: list[Checkpoint]) -> dict[int, Checkpoint]:
    """The points the chain must pass through, by event count. A restore line rolls back the
    ones beyond the length it restored to."""
    marks: dict[int, Checkpoint] = {}
    for checkpoint in checkpoints:
        if checkpoint.type == "restore":
            marks = {n: c for n, c in marks.items() if n <= checkpoint.events}
        marks[checkpoint.events] = checkpoint
    return marks
