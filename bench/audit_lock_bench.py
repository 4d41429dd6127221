"""How much does the audit chain's one global lock limit concurrent audited writes?

Every `audit_record` takes one PostgreSQL advisory lock (audit/services.py) and holds it until
the surrounding transaction ends, so audited writes of every organisation queue behind one
another. This starts 1, 2, 4 and 8 writer processes (each its own connection and organisation),
releases them together, and each runs transactions shaped like a submitted concern: an audit
event, three queued lead e-mails, a second audit event, commit. It reports transactions per
second and the p50/p95 time of one transaction, and the same work with the two events written
without the lock (a chain this breaks: the ceiling a per-organisation chain could approach).

    .venv/bin/python bench/audit_lock_bench.py [--url postgres://...] [--writers 1,2,4,8]
        [--transactions 150]

It creates and drops its own database (default `signpost_audit_bench` on 127.0.0.1:5432).
Not a timed test: the numbers depend on the machine, so they are reported, not asserted.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/signpost_audit_bench"


def _prepare_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _drop_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _setup(url: str) -> None:
    # Development settings keep the database task backend, so e-mails are queued as rows.
    os.environ["SIGNPOST_ENV"] = "development"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "signpost.settings")
    import django

    django.setup()


def _one_transaction(org, with_lock: bool) -> None:  # type: ignore[no-untyped-def]
    from django.db import transaction
    from django.utils import timezone

    from audit.models import AuditEvent
    from audit.services import audit_record
    from core.tasks import send_link_email

    def event(kind: str) -> None:
        if with_lock:
            audit_record(kind=kind, organisation=org, detail={"bench": True})
        else:
            AuditEvent.objects.create(
                at=timezone.now(),
                kind=kind,
                organisation=org,
                detail={"bench": True},
                prev_hash="0" * 64,
                hash=secrets.token_hex(32),
            )

    with transaction.atomic():
        event("concern-submitted")
        for n in range(3):
            send_link_email.enqueue(
                to=f"lead{n}@bench.example", subject="s", intro="i", path="/", kind="bench"
            )
        event("concern-leads-notified")


def _writer(args: tuple) -> list[float]:  # type: ignore[type-arg]
    org_id, transactions, with_lock, barrier = args
    from django.db import connections

    from accounts.models import Organisation

    connections.close_all()
    org = Organisation.objects.get(pk=org_id)
    _one_transaction(org, with_lock)  # warm up the connection
    barrier.wait(timeout=60)
    times = []
    for _ in range(transactions):
        start = time.perf_counter()
        _one_transaction(org, with_lock)
        times.append((time.perf_counter() - start) * 1000)
    connections.close_all()
    return times


def _run(org_ids: list, writers: int, transactions: int, with_lock: bool) -> dict:  # type: ignore[type-arg]
    from django.db import connections

    connections.close_all()
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Manager().Barrier(writers)
    started = time.perf_counter()
    with ctx.Pool(writers) as pool:
        results = pool.map(
            _writer, [(org_ids[i], transactions, with_lock, barrier) for i in range(writers)]
        )
    elapsed = time.perf_counter() - started
    times = sorted(t for r in results for t in r)
    total = writers * transactions
    # The wall time includes starting the processes; the sum of the per-writer busy time over
    # the slowest writer is the fairer rate.
    busiest = max(sum(r) for r in results) / 1000
    return {
        "tps": total / busiest,
        "p50": statistics.median(times),
        "p95": times[int(len(times) * 0.95) - 1],
        "wall": elapsed,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("AUDIT_BENCH_URL", DEFAULT_URL))
    parser.add_argument("--writers", default="1,2,4,8")
    parser.add_argument("--transactions", type=int, default=150)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    options = parser.parse_args(argv)
    writer_counts = [int(w) for w in options.writers.split(",")]

    _prepare_database(options.url)
    _setup(options.url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from accounts.models import Organisation

    org_ids = [
        Organisation.objects.create(name=f"Bench organisation {i}", nation="england").pk
        for i in range(max(writer_counts))
    ]
    print(f"{options.transactions} transactions per writer: 2 audit events + 3 queued e-mails")
    print("writers | chained (global lock): tx/s  p50 ms  p95 ms | no lock: tx/s  p50 ms  p95 ms")
    try:
        for writers in writer_counts:
            locked = _run(org_ids, writers, options.transactions, True)
            free = _run(org_ids, writers, options.transactions, False)
            print(
                f"{writers:7d} | {locked['tps']:27.0f} {locked['p50']:7.1f} {locked['p95']:7.1f}"
                f" | {free['tps']:13.0f} {free['p50']:7.1f} {free['p95']:7.1f}",
                flush=True,
            )
        from audit.services import verify_chain

        checked, broken, _why = verify_chain()
        print(f"(the unlocked runs break the chain on purpose: {checked} events checked)")
        del broken
    finally:
        from django.db import connections

        connections.close_all()
        if not options.keep:
            _drop_database(options.url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
