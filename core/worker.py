"""The task worker, made to outlast a database restart and a dead neighbour (issue 16).

django_tasks_db's worker stops for good on the first lost connection, and a task whose worker
was killed stays RUNNING for ever. This one:

- catches a lost connection, closes it and tries again after 1, 2, 4... seconds (at most
  SIGNPOST_WORKER_MAX_BACKOFF), for as long as it takes;
- writes a heartbeat (WorkerHeartbeat) every SIGNPOST_WORKER_HEARTBEAT_EVERY seconds from a
  small thread, also while a long task runs, so /health/ can tell a live worker from a dead one;
- from the same thread, puts back to READY any task RUNNING for longer than
  SIGNPOST_TASK_RECLAIM_AFTER whose worker has no fresh heartbeat, so it runs again. Tasks that
  send e-mail are idempotent (core/tasks.py), so running one twice sends once.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from core.models import WorkerHeartbeat

logger = logging.getLogger("signpost.worker")

# What a restarting or unreachable PostgreSQL raises; anything else is a real fault.
CONNECTION_LOST = (OperationalError, InterfaceError)
# Once the worker has run this long (seconds) without losing the database, a later loss starts
# the backoff again from the shortest wait.
STEADY_AFTER = 60.0
# A task that meets a lost database this many times (claims) in all is failed after all: it may be
# its own fault (a lock timeout, a deadlock every time), and it must not loop for ever.
MAX_TRIES_AFTER_LOST_DATABASE = 10


def heartbeat_stale_after() -> timedelta:
    return timedelta(seconds=settings.SIGNPOST_WORKER_HEARTBEAT_STALE)


def live_workers(now: datetime) -> dict[str, datetime]:
    """Workers with a fresh heartbeat, and when each (process) started."""
    fresh = WorkerHeartbeat.objects.filter(beat_at__gte=now - heartbeat_stale_after())
    return dict(fresh.values_list("worker_id", "started_at"))


def reclaim_stale_tasks(now: datetime | None = None) -> int:
    """Put tasks left RUNNING by a dead worker back to READY. Returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.SIGNPOST_TASK_RECLAIM_AFTER)
    alive = live_workers(now)
    reclaimed = 0
    for row in DBTaskResult.objects.running().filter(started_at__lt=cutoff):
        last_worker = row.worker_ids[-1] if row.worker_ids else None
        # A long task on a live worker is left be; but a worker restarted under the same
        # --worker-id since the task began is not the process that was running it.
        if last_worker in alive and alive[last_worker] <= row.started_at:
            continue
        # Only if nobody else changed it meanwhile (another worker reclaiming, or it finishing).
        reclaimed += DBTaskResult.objects.filter(
            pk=row.pk, status="RUNNING", started_at=row.started_at
        ).update(status="READY")
        logger.warning(
            "Reclaimed task %s (%s), RUNNING since %s on worker %s",
            row.pk,
            row.task_path,
            row.started_at.isoformat(),
            last_worker,
        )
    return reclaimed


class ResilientWorker(Worker):
    def __init__(self, *, housekeeping_thread: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.housekeeping_thread = housekeeping_thread
        self.started_at = timezone.now()
        self._last_beat: float | None = None
        self._stop = threading.Event()
        # Tasks cut short by a lost database: not their fault, so they go back to READY.
        self._orphans: set[Any] = set()

    # -- heartbeat and reclaiming ------------------------------------------------------------

    def beat(self, now: datetime | None = None) -> bool:
        """Write the heartbeat unless one was written in the last HEARTBEAT_EVERY seconds."""
        every = settings.SIGNPOST_WORKER_HEARTBEAT_EVERY
        tick = time.monotonic()
        if self._last_beat is not None and tick - self._last_beat < every:
            return False
        now = now or timezone.now()
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id, defaults={"beat_at": now, "started_at": self.started_at}
        )
        # Old workers' rows are of no use once long dead.
        WorkerHeartbeat.objects.filter(beat_at__lt=now - timedelta(days=1)).delete()
        self._last_beat = tick
        return True

    def housekeep(self) -> None:
        try:
            self.beat()
            reclaim_stale_tasks()
        except DatabaseError:
            logger.warning("Worker housekeeping could not reach the database", exc_info=True)
            connection.close()

    def _housekeeping_loop(self) -> None:
        try:
            self.housekeep()
            while not self._stop.wait(settings.SIGNPOST_WORKER_HEARTBEAT_EVERY):
                self.housekeep()
        finally:
            connection.close()

    # -- the loop ----------------------------------------------------------------------------

    def run_task(self, db_task_result: DBTaskResult) -> None:
        """As theirs, except that a task cut short by a lost database is not marked FAILED (it
        would never run again) but handed back to the loop, which puts it back to READY."""
        mark_failed = db_task_result.set_failed

        def set_failed(exc: BaseException) -> None:
            tries = len(db_task_result.worker_ids)
            if isinstance(exc, CONNECTION_LOST) and tries < MAX_TRIES_AFTER_LOST_DATABASE:
                self._orphans.add(db_task_result.pk)
                raise exc
            mark_failed(exc)

        db_task_result.set_failed = set_failed
        super().run_task(db_task_result)

    def release_orphans(self) -> int:
        """Put tasks cut short by a lost database back to READY (once it answers again)."""
        if not self._orphans:
            return 0
        released = DBTaskResult.objects.filter(pk__in=self._orphans, status="RUNNING").update(
            status="READY"
        )
        self._orphans.clear()
        return released

    def run(self) -> None:
        if self.housekeeping_thread:
            threading.Thread(
                target=self._housekeeping_loop, name="worker-housekeeping", daemon=True
            ).start()
        delay = 1.0
        try:
            while True:
                began = time.monotonic()
                try:
                    super().run()
                    return
                except CONNECTION_LOST as exc:
                    if not self.running:
                        return
                    if time.monotonic() - began > STEADY_AFTER:
                        delay = 1.0
                    logger.warning(
                        "Worker lost the database (%s: %s); trying again in %.0f s",
                        type(exc).__name__,
                        str(exc).splitlines()[0] if str(exc) else "",
                        delay,
                    )
                    connections.close_all()
                    time.sleep(delay)
                    delay = min(delay * 2, float(settings.SIGNPOST_WORKER_MAX_BACKOFF))
                    try:
                        self.release_orphans()
                    except CONNECTION_LOST:
                        connections.close_all()  # still down: try again on the next round
        finally:
            self._stop.set()
