"""How fast is the organisation's figures page with 10,000 and with 1,000,000 concerns?

Reuses the cases benchmark's database and synthetic data (bench/synthetic.py): by default it
keeps what is there (`signpost_bench`, loaded by cases_bench.py) and only tops it up to each
size. Times the page in-process with Django's test client, signed in as an analyst (small
numbers suppressed, the slower path) and prints the median server time of ~20 requests.

The page reads the monthly tallies (counting/store.py). Synthetic data goes straight into the
database, so the benchmark recounts every month after loading (what `manage.py recount_figures`
and the daily job do) and reports how long that took. It also times the write side, rolled
back: what keeping the tallies in step adds to a submitted concern and to a change to a case,
and a recount of this month's cases (the daily job's unit of work).

    .venv/bin/python bench/insights_bench.py [--sizes 10000,1000000] [--requests 20] [--fresh]

Not a timed test: the numbers depend on the machine, so they are reported, not asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.cases_bench import DEFAULT_URL, _client, _median_ms, _prepare_database, _setup


def _median_of(action, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _rolled_back(action) -> None:  # type: ignore[no-untyped-def]
    from django.db import transaction

    with transaction.atomic():
        action()
        transaction.set_rollback(True)


def _case_change(case_counting, case) -> None:  # type: ignore[no-untyped-def]
    """Mark one pathway action done the way the service does, inside case_changing."""
    from cases.models import ItemState, PathwayItem

    with case_counting.case_changing(case):
        PathwayItem.objects.filter(case=case).update(state=ItemState.DONE)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--fresh", action="store_true", help="empty the database first")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))

    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        print("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://...", file=sys.stderr)
        return 2
    if args.fresh:
        _prepare_database(url)
    _setup()
    from django.core.management import call_command
    from django.db import connection
    from django.urls import reverse
    from django.utils import timezone

    from accounts.models import RoleGrant, User
    from bench.synthetic import bench_org, generate
    from cases import counting as case_counting
    from cases.models import Case
    from concerns import counting as concern_counting
    from concerns.models import Concern
    from counting import store

    call_command("migrate", verbosity=0)
    bench = bench_org()
    analyst = User.objects.filter(email="analyst@bench.example").first()
    if analyst is None:
        analyst = User.objects.create_user(
            email="analyst@bench.example",
            full_name="Bench Analyst",
            organisation=bench.organisation,
        )
    RoleGrant.objects.get_or_create(user=analyst, role="analyst")
    clients = {"analyst": _client(analyst), "lead": _client(bench.lead)}
    page = reverse("insights:organisation")
    pages = {
        "figures, last 12 months (analyst)": ("analyst", page),
        "figures, last 12 months (lead)": ("lead", page),
        "figures, 5 years (analyst)": ("analyst", page + "?date_from=01+2021&date_to=12+2026"),
    }
    results = []
    for size in sizes:
        have = Concern.objects.filter(organisation=bench.organisation).count()
        if size > have:
            print(f"Loading {size - have:,} concerns (to {size:,})...", flush=True)
            start = time.perf_counter()
            generate(bench, size - have)
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            print(f"  loaded in {time.perf_counter() - start:.0f} s", flush=True)
        elif size < have:
            print(f"\n(skipping {size:,}: the database already holds {have:,} concerns)")
            continue
        # Loaded straight into the database: bring the tallies in step, as the command does.
        start = time.perf_counter()
        months = len(store.recount_all())
        took = time.perf_counter() - start
        print(f"  recounted every month in {took:.1f} s ({months} changed)", flush=True)
        print(f"\n{have if have > size else size:,} concerns")
        for label, (who, page_url) in pages.items():
            ms = _median_ms(clients[who], page_url, args.requests)
            results.append((size, label, ms))
            print(f"  {label:<42} median {ms:7.1f} ms", flush=True)
        # The write side: what keeping the tallies in step adds to one write, rolled back.
        case = Case.objects.filter(organisation=bench.organisation).order_by("-opened_at").first()
        concern = Concern.objects.filter(organisation=bench.organisation).first()
        writes = {
            "tallies: add a concern (each submit)": partial(
                concern_counting.concern_added, concern
            ),
            "tallies: change a case (each case write)": partial(_case_change, case_counting, case),
        }
        for label, write in writes.items():
            ms = _median_of(partial(_rolled_back, write), 9)
            results.append((size, label, ms))
            print(f"  {label:<42} median {ms:7.1f} ms", flush=True)
        month = store.month_of(timezone.now())
        label = "recount this month's cases (daily job)"
        recount = partial(store.recount, bench.organisation.pk, month, case_counting.CASES)
        ms = _median_of(recount, 3)
        results.append((size, label, ms))
        print(f"  {label:<42} median {ms:7.1f} ms", flush=True)
    print("\nSummary (median server time, ms)")
    for size, label, ms in results:
        print(f"  {size:>9,}  {label:<42} {ms:7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
