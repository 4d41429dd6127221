"""Run the same work in several threads at one instant, each on its own database connection
(for PostgreSQL-only tests of what real concurrent writers do)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections

RACERS = 4


def race(work: Callable[[int], Any], racers: int = RACERS) -> list[Any]:
    """`work(i)` for i in range(racers), released together; each result or its exception."""
    barrier = threading.Barrier(racers)
    results: list[Any] = [None] * racers

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[i] = work(i)
        except Exception as error:
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results
