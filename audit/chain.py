"""The chain over audit events: one canonical form, used to write and to verify.

Each event's `hash` is an HMAC-SHA256 (RFC 2104) of the previous event's value and the event's
canonical fields, keyed with the audit key (settings.SIGNPOST_AUDIT_KEY). The key is held outside
the database, so someone who can change the table cannot recompute a chain that verifies
(issue 17; ASVS 5.0 V16.4.2, logs protected from modification). Each event names the key it was
made with (`key_id`, a fingerprint of the key), so keys can be rotated and old events still
verified with the old key.

Events written before the key existed carry a plain SHA-256 and an empty `key_id`: they are
vouched for by one "audit-chain-anchored" event, made with the key, that records how many there
were and the last one's hash (migration 0004).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

GENESIS = "0" * 64
ANCHOR_KIND = "audit-chain-anchored"
# The columns the chain covers, in the order `fields_of_row` reads them.
ROW_COLUMNS = (
    "id",
    "at",
    "kind",
    "actor_id",
    "organisation_id",
    "target_type",
    "target_id",
    "ip_address",
    "detail",
    "prev_hash",
    "hash",
    "key_id",
)


def _default(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    return str(value)


def canonical(fields: dict[str, Any]) -> bytes:
    at = fields.get("at")
    if isinstance(at, datetime):
        # The same text `_default` gives, without a Python call back from the C encoder.
        fields = {**fields, "at": at.isoformat(timespec="microseconds")}
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=_default).encode()


def _fields(
    at: Any,
    kind: str,
    actor_id: Any,
    organisation_id: Any,
    target_type: str,
    target_id: str,
    ip: str | None,
    detail: Any,
) -> dict[str, Any]:
    return {
        "at": at,
        "kind": kind,
        "actor": str(actor_id) if actor_id else "",
        "organisation": str(organisation_id) if organisation_id else "",
        "target_type": target_type,
        "target_id": target_id,
        "ip": ip or "",
        "detail": detail,
    }


def event_fields(event: Any) -> dict[str, Any]:
    return _fields(
        event.at,
        event.kind,
        event.actor_id,
        event.organisation_id,
        event.target_type,
        event.target_id,
        event.ip_address,
        event.detail,
    )


def fields_of_row(row: tuple[Any, ...]) -> dict[str, Any]:
    """The same fields from a `values_list(*ROW_COLUMNS)` row (verification streams tuples)."""
    return _fields(row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8])


def compute_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    """The plain SHA-256 link of events written before the audit key (kept to verify them)."""
    return hashlib.sha256(prev_hash.encode() + canonical(fields)).hexdigest()


def compute_mac(key: bytes, key_id: str, prev_hash: str, fields: dict[str, Any]) -> str:
    """The keyed link. The key id is inside the MAC, so it cannot be swapped afterwards."""
    message = prev_hash.encode() + canonical({**fields, "key_id": key_id})
    return hmac.digest(key, message, "sha256").hex()


def key_id_for(secret: str) -> str:
    """A short public fingerprint naming a key (never the key itself)."""
    return hashlib.sha256(b"signpost-audit-key-id:" + secret.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class AuditKeys:
    current_id: str
    current: bytes
    # Every configured key by id, and its age rank (0 = oldest): a chain never goes back to an
    # older key after a newer one has been used.
    by_id: dict[str, bytes]
    rank: dict[str, int]

    def sign(self, prev_hash: str, fields: dict[str, Any]) -> str:
        return compute_mac(self.current, self.current_id, prev_hash, fields)

    def mac(self, key_id: str, message: bytes) -> str:
        return hmac.digest(self.by_id[key_id], message, "sha256").hex()


MIN_KEY_LENGTH = 32


def audit_keys() -> AuditKeys:
    """The keys from settings: SIGNPOST_AUDIT_KEY (current) and SIGNPOST_AUDIT_OLD_KEYS."""
    current = settings.SIGNPOST_AUDIT_KEY
    old = list(settings.SIGNPOST_AUDIT_OLD_KEYS)
    for secret in [current, *old]:
        if len(secret) < MIN_KEY_LENGTH:
            raise ImproperlyConfigured(
                f"Each audit key must be at least {MIN_KEY_LENGTH} characters."
            )
    ordered = [s for s in old if s != current] + [current]
    by_id = {key_id_for(s): s.encode() for s in ordered}
    rank = {key_id_for(s): i for i, s in enumerate(ordered)}
    return AuditKeys(
        current_id=key_id_for(current), current=current.encode(), by_id=by_id, rank=rank
    )
