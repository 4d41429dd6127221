"""Anchoring the events written before the audit key existed (upgrade to keyed chains).

Events cannot be rewritten (append-only; the PostgreSQL trigger refuses it), so the old plain
SHA-256 chain is kept as it is and vouched for once: one event of kind "audit-chain-anchored",
made with the key, records how many events came before it and the last one's hash. Anyone who
later rewrites or removes any of those old events changes that count or hash, and cannot make a
new anchor event without the key. Migration 0004 does this on upgrade; `manage.py audit_anchor`
does the same for a database restored from a backup taken before the upgrade.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from audit.chain import ANCHOR_KIND, GENESIS, audit_keys, compute_hash, event_fields

_CHAIN_LOCK_KEY = 7_345_112


def anchor_legacy_chain(model: Any) -> Any | None:
    """Append the anchor event if the chain holds unanchored events from before the key.
    Returns the new event, or None when there was nothing to anchor. Refuses (ValueError) if
    the old chain does not verify: a broken chain must not be vouched for."""
    keys = audit_keys()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        if model.objects.exclude(key_id="").exists():
            return None
        expected_prev = GENESIS
        count = 0
        last_id = None
        for event in model.objects.order_by("id").iterator(chunk_size=2000):
            if event.prev_hash != expected_prev or (
                compute_hash(event.prev_hash, event_fields(event)) != event.hash
            ):
                raise ValueError(
                    f"The audit chain is broken at event {event.id}; it cannot be anchored. "
                    "Investigate before upgrading."
                )
            expected_prev = event.hash
            count += 1
            last_id = event.id
        if count == 0:
            return None
        event = model(
            at=timezone.now(),
            kind=ANCHOR_KIND,
            target_type="",
            target_id="",
            detail={"legacy_events": count, "legacy_head": expected_prev, "legacy_last": last_id},
            prev_hash=expected_prev,
            key_id=keys.current_id,
        )
        event.hash = keys.sign(event.prev_hash, event_fields(event))
        event.save(force_insert=True)
    return event
