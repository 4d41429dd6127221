"""What /health/ reports: can we reach the database, is the worker alive, is work piling up.

Public and unauthenticated, so it says nothing a stranger could use: no versions, host names,
error texts, people or records; only "ok"/"unavailable" and counts.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Max, Q
from django.utils import timezone


def uses_worker() -> bool:
    """Only the database task backend needs a separate worker (tests run tasks at once)."""
    return str(settings.TASKS["default"]["BACKEND"]).startswith("django_tasks_db")


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def _worker(now: datetime) -> dict[str, Any]:
    from core.models import WorkerHeartbeat

    last = WorkerHeartbeat.objects.aggregate(last=Max("beat_at"))["last"]
    if last is None:
        return {"status": "missing"}
    age = max(int((now - last).total_seconds()), 0)
    fresh = age <= settings.SIGNPOST_WORKER_HEARTBEAT_STALE
    return {"status": "ok" if fresh else "stale", "last_heartbeat_seconds_ago": age}


def _tasks(now: datetime) -> dict[str, int]:
    from django_tasks_db.models import DBTaskResult, get_date_max

    overdue_before = now - timedelta(seconds=settings.SIGNPOST_TASK_OVERDUE_AFTER)
    ready = DBTaskResult.objects.filter(status="READY")
    # A task queued to run "now" carries the far-future date as run_after; judge it by when
    # it was queued instead.
    queued_long_ago = Q(run_after=get_date_max(), enqueued_at__lte=overdue_before)
    overdue = ready.filter(Q(run_after__lte=overdue_before) | queued_long_ago)
    stuck_before = now - timedelta(seconds=settings.SIGNPOST_TASK_RECLAIM_AFTER)
    return {
        "overdue": overdue.count(),
        "running_too_long": DBTaskResult.objects.running()
        .filter(started_at__lt=stuck_before)
        .count(),
        "failed_last_24_hours": DBTaskResult.objects.failed()
        .filter(finished_at__gte=now - timedelta(hours=24))
        .count(),
    }


def _emails() -> dict[str, int]:
    from core.models import EmailDelivery

    return {
        "given_up": EmailDelivery.objects.filter(status=EmailDelivery.Status.FAILED).count(),
        "waiting_to_retry": EmailDelivery.objects.filter(
            status=EmailDelivery.Status.PENDING, attempts__gt=0
        ).count(),
    }


def health_report(now: datetime | None = None) -> tuple[dict[str, Any], bool]:
    """(report, healthy). Healthy: the database answers and, if one is needed, a worker beats.

    The counts are for monitoring to alert on; they do not make the service unhealthy (a mail
    server that is down does not stop anyone recording a concern).
    """
    now = now or timezone.now()
    if not _database_ok():
        return {"status": "unhealthy", "database": "unavailable"}, False
    report: dict[str, Any] = {"status": "ok", "database": "ok"}
    healthy = True
    try:
        if uses_worker():
            report["worker"] = _worker(now)
            healthy = report["worker"]["status"] == "ok"
            report["tasks"] = _tasks(now)
        else:
            report["worker"] = {"status": "not-needed"}
        report["emails"] = _emails()
    except DatabaseError:
        return {"status": "unhealthy", "database": "unavailable"}, False
    if not healthy:
        report["status"] = "unhealthy"
    return report, healthy
