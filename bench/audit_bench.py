"""How long does `manage.py audit_verify` take over 100,000 and 1,000,000 audit events?

Loads chained, keyed events straight into a scratch database (SQLite file by default, or the
PostgreSQL database named by DATABASE_URL; never a real one), writes a checkpoint, and times
verify_audit (one streaming pass: every link, every HMAC, every checkpoint). Also reports the
time to write one event (audit_record, the chain lock and the HMAC included).

    .venv/bin/python bench/audit_bench.py [--sizes 100000,1000000]

Not a timed test: the numbers depend on the machine, so they are reported, not asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _setup() -> None:
    os.environ.setdefault("SIGNPOST_ENV", "test")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "signpost.settings")
    scratch = Path(tempfile.mkdtemp(prefix="signpost-audit-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch / 'bench.sqlite3'}")
    os.environ.setdefault("SIGNPOST_AUDIT_CHECKPOINT_DIR", str(scratch / "checkpoints"))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.SIGNPOST_AUDIT_CHECKPOINT_DIR = Path(os.environ["SIGNPOST_AUDIT_CHECKPOINT_DIR"])
    call_command("migrate", verbosity=0)


def _load_to(total: int) -> None:
    """Append chained events until the table holds `total` (what audit_record would write)."""
    from django.db import transaction
    from django.utils import timezone

    from audit.chain import GENESIS, audit_keys, event_fields
    from audit.models import AuditEvent

    keys = audit_keys()
    have = AuditEvent.objects.count()
    prev = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS
    batch: list[AuditEvent] = []
    for i in range(have, total):
        event = AuditEvent(
            at=timezone.now(),
            kind="case-viewed",
            target_type="cases.case",
            target_id=f"{i:032x}",
            ip_address="192.0.2.1",
            detail={"page": "case"},
            prev_hash=prev,
            key_id=keys.current_id,
        )
        event.hash = keys.sign(prev, event_fields(event))
        prev = event.hash
        batch.append(event)
        if len(batch) == 5000:
            with transaction.atomic():
                AuditEvent.objects.bulk_create(batch)
            batch = []
    if batch:
        with transaction.atomic():
            AuditEvent.objects.bulk_create(batch)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100000,1000000")
    args = parser.parse_args(argv)
    _setup()
    from django.db import connection

    from audit.checkpoints import write_checkpoint
    from audit.services import audit_record, verify_audit

    print(f"database: {connection.vendor}")
    for size in [int(s) for s in args.sizes.split(",")]:
        _load_to(size)
        write_checkpoint()
        start = time.perf_counter()
        verdict = verify_audit()
        took = time.perf_counter() - start
        assert verdict.ok, verdict.problem
        print(
            f"{verdict.checked:>9} events: verify {took:6.1f} s "
            f"({verdict.checked / took:,.0f} events/s)",
            flush=True,
        )
    writes = []
    for _ in range(50):
        start = time.perf_counter()
        audit_record(kind="sign-in")
        writes.append((time.perf_counter() - start) * 1000)
    print(f"one audit_record: median {statistics.median(writes):.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
