from datetime import UTC, date, datetime

import pytest
from django.test import override_settings

from core import scheduling

CALLS: list[date] = []


def job_counts(*, today: date) -> int:
    CALLS.append(today)
    return 3


def job_breaks(*, today: date) -> int:
    raise RuntimeError("boom")


def test_the_next_run_is_six_in_the_morning_uk_time() -> None:
    # 28 Nov 2026 is GMT: 05:00 UTC is before six, 07:00 UTC after.
    assert scheduling.next_run_after(datetime(2026, 11, 28, 5, 0, tzinfo=UTC)) == datetime(
        2026, 11, 28, 6, 0, tzinfo=scheduling.UK
    )
    assert scheduling.next_run_after(datetime(2026, 11, 28, 7, 0, tzinfo=UTC)).date() == date(
        2026, 11, 29
    )
    # In British Summer Time six in the morning is five o'clock UTC.
    summer = scheduling.next_run_after(datetime(2026, 7, 1, 4, 30, tzinfo=UTC))
    assert summer.astimezone(UTC).hour == 5


@override_settings(
    SIGNPOST_DAILY_JOBS=[
        "tests.core.test_scheduling.job_breaks",
        "tests.core.test_scheduling.job_counts",
    ]
)
def test_a_failing_job_does_not_stop_the_others() -> None:
    CALLS.clear()
    results = scheduling.run_jobs(date(2026, 12, 1))
    assert results == {
        "tests.core.test_scheduling.job_breaks": -1,
        "tests.core.test_scheduling.job_counts": 3,
    }
    assert [date(2026, 12, 1)] == CALLS


@pytest.mark.django_db
@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
)
def test_scheduling_is_idempotent_and_waits_for_the_morning() -> None:
    from django_tasks_db.models import DBTaskResult

    assert scheduling.schedule_next(datetime(2026, 11, 28, 12, 0, tzinfo=UTC)) is True
    assert scheduling.schedule_next(datetime(2026, 11, 28, 12, 5, tzinfo=UTC)) is False
    queued = DBTaskResult.objects.get(task_path=scheduling.TASK_PATH)
    assert queued.run_after == datetime(2026, 11, 29, 6, 0, tzinfo=scheduling.UK)


@pytest.mark.django_db
def test_every_configured_daily_job_runs_without_failing(cast) -> None:
    from django.conf import settings

    results = scheduling.run_jobs(date(2026, 12, 1))
    assert set(results) == set(settings.SIGNPOST_DAILY_JOBS)
    assert all(count >= 0 for count in results.values()), results


@pytest.mark.django_db
@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
)
def test_a_run_that_died_with_its_worker_does_not_stop_the_schedule() -> None:
    from django_tasks_db.models import DBTaskResult

    scheduling.schedule_next(datetime(2026, 11, 28, 12, 0, tzinfo=UTC))
    DBTaskResult.objects.update(
        status="RUNNING", started_at=datetime(2026, 11, 29, 6, 0, tzinfo=UTC)
    )
    # Still running an hour later: nothing new is queued.
    assert scheduling.schedule_next(datetime(2026, 11, 29, 7, 0, tzinfo=UTC)) is False
    # Seven hours later it is taken as dead, and the next run is queued.
    assert scheduling.schedule_next(datetime(2026, 11, 29, 13, 0, tzinfo=UTC)) is True
