"""The hash chain over audit events: one canonical form, used to write and to verify."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

GENESIS = "0" * 64


def canonical(fields: dict[str, Any]) -> bytes:
    def default(value: object) -> str:
        if isinstance(value, datetime):
            return value.isoformat(timespec="microseconds")
        return str(value)

    return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=default).encode()


def event_fields(event: Any) -> dict[str, Any]:
    return {
        "at": event.at,
        "kind": event.kind,
        "actor": str(event.actor_id) if event.actor_id else "",
        "organisation": str(event.organisation_id) if event.organisation_id else "",
        "target_type": event.target_type,
        "target_id": event.target_id,
        "ip": event.ip_address or "",
        "detail": event.detail,
    }


def compute_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode() + canonical(fields)).hexdigest()
