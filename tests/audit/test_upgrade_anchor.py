"""Upgrading a database whose events were written before the audit key: migration 0004 anchors
them once with the key, and the whole chain verifies (issue 17)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from audit.chain import ANCHOR_KIND, GENESIS, compute_hash
from audit.models import AuditEvent
from audit.services import audit_record, verify_audit

BEFORE_KEY = [("audit", "0002_refuse_update_and_delete_on_postgresql")]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return [key for key in executor.loader.graph.leaf_nodes() if key[0] == "audit"]


@pytest.mark.django_db(transaction=True)
def test_migrating_anchors_the_events_written_before_the_key() -> None:
    _migrate(BEFORE_KEY)
    try:
        prev = GENESIS
        with connection.cursor() as cursor:
            for i in range(3):
                at = timezone.now()
                fields = {
                    "at": at,
                    "kind": f"old-{i}",
                    "actor": "",
                    "organisation": "",
                    "target_type": "",
                    "target_id": "",
                    "ip": "",
                    "detail": {},
                }
                value = compute_hash(prev, fields)
                cursor.execute(
                    "INSERT INTO audit_auditevent (at, kind, target_type, target_id, detail, "
                    "prev_hash, hash) VALUES (%s, %s, '', '', '{}', %s, %s)",
                    [at, f"old-{i}", prev, value],
                )
                prev = value
    finally:
        _migrate(_latest())
    anchor = AuditEvent.objects.order_by("id").last()
    assert anchor.kind == ANCHOR_KIND
    assert anchor.detail["legacy_events"] == 3 and anchor.detail["legacy_head"] == prev
    audit_record(kind="sign-in")
    verdict = verify_audit()
    assert verdict.ok and verdict.checked == 5, verdict.problem
