"""Daily housekeeping on django-tasks: reminders, draft clean-up, retention, recounting the figures
and the audit checkpoint.

django-tasks has no clock of its own, so the daily task schedules its own next run (run_after
tomorrow at 06:00 UK time). `manage.py schedule_daily_jobs` starts the cycle (idempotent: it
adds nothing if a run is already waiting); `make run` calls it, and so should a deployment.
Each job is a function `job(*, today: date) -> int` named in settings.SIGNPOST_DAILY_JOBS.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

logger = logging.getLogger(__name__)
UK = ZoneInfo("Europe/London")
RUN_AT = time(6, 0)
TASK_PATH = "core.scheduling.run_daily_jobs"


def run_jobs(today: date) -> dict[str, int]:
    """Run every daily job; one failing job does not stop the others."""
    results: dict[str, int] = {}
    for path in settings.SIGNPOST_DAILY_JOBS:
        try:
            results[path] = int(import_string(path)(today=today) or 0)
        except Exception:
            logger.exception("Daily job %s failed", path)
            results[path] = -1
    return results


def next_run_after(now: datetime) -> datetime:
    local = now.astimezone(UK)
    candidate = datetime.combine(local.date(), RUN_AT, tzinfo=UK)
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), RUN_AT, tzinfo=UK)
    return candidate


# A run still marked RUNNING after this long died with its worker; it must not block the next.
STALE_AFTER = timedelta(hours=6)


def pending_run_exists(now: datetime | None = None) -> bool:
    if not str(settings.TASKS["default"]["BACKEND"]).startswith("django_tasks_db"):
        return False
    from django_tasks_db.models import DBTaskResult

    runs = DBTaskResult.objects.filter(task_path=TASK_PATH)
    if runs.filter(status="READY").exists():
        return True
    cutoff = (now or timezone.now()) - STALE_AFTER
    return runs.filter(status="RUNNING", started_at__gte=cutoff).exists()


def schedule_next(now: datetime | None = None) -> bool:
    """Queue the next daily run unless one is already waiting. True if it queued one."""
    if pending_run_exists(now):
        return False
    run_daily_jobs.using(run_after=next_run_after(now or timezone.now())).enqueue()
    return True


@task()
def run_daily_jobs() -> dict[str, int]:
    results = run_jobs(timezone.now().astimezone(UK).date())
    # The run that is finishing is still RUNNING, so look only for READY ones here.
    from django_tasks_db.models import DBTaskResult

    if not DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").exists():
        run_daily_jobs.using(run_after=next_run_after(timezone.now())).enqueue()
    return results
