"""Run the real worker loop in-process over the test database (no housekeeping thread)."""

from __future__ import annotations

from unittest import mock

from core.worker import ResilientWorker


class InProcessWorker(ResilientWorker):
    def run(self) -> None:
        # The loop closes connections it thinks stale; inside a test's transaction on
        # PostgreSQL that would close the test's own connection (Django's test cases keep
        # close_old_connections away from requests for the same reason).
        with mock.patch(
            "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
        ):
            super().run()


def make_worker(worker_id: str = "test-worker") -> ResilientWorker:
    return InProcessWorker(
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
