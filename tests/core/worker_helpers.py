"""Run the real worker loop in-process over the test database (no housekeeping thread)."""

from __future__ import annotations

from core.worker import ResilientWorker


def make_worker(worker_id: str = "test-worker") -> ResilientWorker:
    return ResilientWorker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
        housekeeping_thread=False,
    )


def run_worker() -> None:
    """Run every task that is due, then stop."""
    make_worker().run()
