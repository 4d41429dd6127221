"""Writing audit events. Every state change calls `audit_record` inside its own transaction."""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from audit.chain import GENESIS, compute_hash, event_fields
from audit.models import AuditEvent

# Postgres: one writer at a time extends the chain, so two events never share a predecessor.
_CHAIN_LOCK_KEY = 7_345_112


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
    actor: Any = None,
    organisation: Any = None,
    target: Any = None,
    target_type: str = "",
    target_id: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain. `detail` holds ids and codes only, never field contents."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    if organisation is None and actor is not None:
        organisation = actor.organisation
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
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
        )
        event.hash = compute_hash(event.prev_hash, event_fields(event))
        event.save(force_insert=True)
    return event


def verify_chain() -> tuple[int, AuditEvent | None, str]:
    """Walk the chain in order. Returns (events checked, first broken event or None, why)."""
    expected_prev = GENESIS
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.prev_hash != expected_prev:
            return checked, event, "its link to the event before it does not match"
        if compute_hash(event.prev_hash, event_fields(event)) != event.hash:
            return checked, event, "its contents do not match its hash"
        expected_prev = event.hash
        checked += 1
    return checked, None, ""
