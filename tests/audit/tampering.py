"""What someone with write access to the database (but not the audit key) can do to the table.

On PostgreSQL they disable the append-only trigger first, as the table's owner could; on SQLite
there is nothing in the way. Used by the anchoring tests to play the attacker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection

from audit.chain import GENESIS, ROW_COLUMNS, compute_hash, fields_of_row
from audit.models import AuditEvent


def tamper(sql: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")


def delete_events(ids: list[int]) -> None:
    for event_id in ids:
        tamper("DELETE FROM audit_auditevent WHERE id = %s", [event_id])


def plain_link(prev_hash: str, row: tuple[Any, ...]) -> tuple[str, str]:
    """The attacker's best effort without the key: the old plain SHA-256, no key id."""
    return compute_hash(prev_hash, fields_of_row(row)), ""


def rechain(link: Callable[[str, tuple[Any, ...]], tuple[str, str]], from_id: int = 0) -> None:
    """Recompute every link from event `from_id` on, so that each row points at the one before."""
    prev_hash = GENESIS
    rows = list(AuditEvent.objects.order_by("id").values_list(*ROW_COLUMNS))
    for row in rows:
        if row[0] < from_id:
            prev_hash = row[10]
            continue
        value, key_id = link(prev_hash, row)
        tamper(
            "UPDATE audit_auditevent SET prev_hash = %s, hash = %s, key_id = %s WHERE id = %s",
            [prev_hash, value, key_id, row[0]],
        )
        prev_hash = value
