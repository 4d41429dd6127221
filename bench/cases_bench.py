"""How fast are the lead's queue and case page with 10,000 and with 1,000,000 concerns?

Loads synthetic concerns (bench/synthetic.py) into PostgreSQL (DATABASE_URL, by default a
database `signpost_bench` on 127.0.0.1 that this script creates and empties), then times the
queue and the case page in-process with Django's test client, signed in as a lead past MFA,
and prints the median server time of ~30 requests each.

    .venv/bin/python bench/cases_bench.py [--sizes 10000,1000000] [--requests 30]

Not a timed test: the numbers depend on the machine, so they are reported, not asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/signpost_bench"


def _prepare_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("SIGNPOST_ENV", "test")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "signpost.settings")
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()


def _client(user):  # type: ignore[no-untyped-def]
    from django.test import Client
    from django_otp.plugins.otp_static.models import StaticDevice

    client = Client()
    client.force_login(user)
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="backup", defaults={"confirmed": True}
    )
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def _backend_cpu_s(pid: int | None) -> float:
    """CPU seconds used so far by our PostgreSQL backend process, when the server runs on this
    machine (Linux /proc); 0 when it cannot be read."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _median_ms(client, url: str, requests: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """The median time of a request, and the mean CPU time it took (this process and its
    PostgreSQL backend): on a shared machine the clock counts time spent waiting for a core,
    the CPU time hardly does."""
    from django.db import connection

    response = client.get(url)  # warm up
    assert response.status_code == 200, (url, response.status_code)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    times = []
    cpu_start = time.process_time() + _backend_cpu_s(backend)
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    cpu = (time.process_time() + _backend_cpu_s(backend) - cpu_start) / requests * 1000
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        if cursor.fetchone()[0] != backend:  # a new connection: its backend's time is unknown
            cpu = float("nan")
    return statistics.median(times), cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="do not empty the database first")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))

    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        print("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://...", file=sys.stderr)
        return 2
    if not args.keep:
        _prepare_database(url)
    _setup()
    from django.core.management import call_command
    from django.db import connection
    from django.urls import reverse

    from bench.synthetic import bench_org, generate
    from cases.models import Case, CaseStatus
    from concerns.models import Concern

    call_command("migrate", verbosity=0)
    bench = bench_org()
    results = []
    for size in sizes:
        have = Concern.objects.filter(organisation=bench.organisation).count()
        if size > have:
            print(f"Loading {size - have:,} concerns (to {size:,})...", flush=True)
            start = time.perf_counter()
            generate(bench, size - have)
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")  # as autovacuum would, after a bulk load
            print(f"  loaded in {time.perf_counter() - start:.0f} s", flush=True)
        # Signed in after the load: a long load outlives the session's idle timeout.
        client = _client(bench.lead)
        case = (
            Case.objects.filter(organisation=bench.organisation, status=CaseStatus.OPEN)
            .order_by("-opened_at")
            .first()
        )
        queue = reverse("cases:queue")
        pages = {
            "queue: new concerns": queue,
            "queue: all open cases": queue + "?tab=open",
            "queue: open, filtered (child, criminal)": queue + "?tab=open&age=child&type=criminal",
            "queue: closed, page 200": queue + "?tab=closed&page=200",
            # The search is posted and kept in the session (never in the address): see below.
            "queue: search by name": queue + "?tab=open",
            "case page": reverse("cases:detail", kwargs={"pk": case.pk}),
        }
        counts = {
            "concerns": Concern.objects.count(),
            "cases": Case.objects.count(),
            "open cases": Case.objects.filter(status=CaseStatus.OPEN).count(),
        }
        print(f"\n{size:,} concerns: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
        for label, page_url in pages.items():
            searching = label == "queue: search by name"
            if searching:
                # The search term is posted and kept in the session, never in the address.
                client.post(page_url, {"q": "Petrov", "action": "search"})
            ms, cpu = _median_ms(client, page_url, args.requests)
            if searching:
                client.post(page_url, {"action": "clear"})
            results.append((size, label, ms, cpu))
            print(f"  {label:<42} median {ms:7.1f} ms  cpu {cpu:7.1f} ms", flush=True)
    print("\nSummary (median server time, mean CPU time of app and database, ms)")
    for size, label, ms, cpu in results:
        print(f"  {size:>9,}  {label:<42} {ms:7.1f} {cpu:7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
