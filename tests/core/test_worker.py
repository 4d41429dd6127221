"""The worker carries on after losing the database, and beats its heartbeat (issue 16).

The real restart of a PostgreSQL cluster is in test_worker_restart_postgres.py; these tests
make the worker's query fail the way a restart does, on any database.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import get_commands
from django.db import OperationalError
from django.test import override_settings
from django_tasks_db.models import DBTaskResultQuerySet

from core.models import WorkerHeartbeat
from core.tasks import send_link_email
from tests.core.mail_helpers import DB_TASKS
from tests.core.worker_helpers import make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def lose_database(monkeypatch):
    """The worker's next `times` look-ups fail as if PostgreSQL were restarting."""
    sleeps: list[float] = []
    monkeypatch.setattr("core.worker.time.sleep", sleeps.append)

    class NoClose:
        # Closing the connection would end the test's own transaction.
        def close_all(self) -> None:
            pass

    monkeypatch.setattr("core.worker.connections", NoClose())
    real_ready = DBTaskResultQuerySet.ready

    def arrange(times: int) -> list[float]:
        left = [times]

        def ready(self):
            if left[0] > 0:
                left[0] -= 1
                raise OperationalError("terminating connection due to administrator command")
            return real_ready(self)

        monkeypatch.setattr(DBTaskResultQuerySet, "ready", ready)
        return sleeps

    return arrange


@override_settings(TASKS=DB_TASKS)
def test_the_worker_carries_on_after_losing_the_database(lee, lose_database) -> None:
    sleeps = lose_database(1)
    send_link_email.enqueue(to=lee.email, subject="s", intro="i", path="/")
    make_worker().run()
    assert len(mail.outbox) == 1
    assert sleeps[0] == 1.0


@override_settings(TASKS=DB_TASKS, SIGNPOST_WORKER_MAX_BACKOFF=30)
def test_the_wait_between_reconnections_doubles_up_to_the_maximum(lee, lose_database) -> None:
    sleeps = lose_database(7)
    send_link_email.enqueue(to=lee.email, subject="s", intro="i", path="/")
    make_worker().run()
    assert sleeps == [1, 2, 4, 8, 16, 30, 30]
    assert len(mail.outbox) == 1


def test_any_other_database_fault_still_stops_the_worker(monkeypatch) -> None:
    from django.db import ProgrammingError

    def broken(self):
        raise ProgrammingError("relation does not exist")

    monkeypatch.setattr(DBTaskResultQuerySet, "ready", broken)
    with pytest.raises(ProgrammingError):
        make_worker().run()


@override_settings(SIGNPOST_WORKER_HEARTBEAT_EVERY=15)
def test_the_heartbeat_is_written_at_most_every_few_seconds() -> None:
    worker = make_worker("beating")
    assert worker.beat() is True
    first = WorkerHeartbeat.objects.get(pk="beating").beat_at
    assert worker.beat() is False
    assert WorkerHeartbeat.objects.get(pk="beating").beat_at == first
    worker._last_beat -= 16
    assert worker.beat() is True
    assert WorkerHeartbeat.objects.get(pk="beating").beat_at > first


def test_manage_py_db_worker_is_our_worker() -> None:
    assert get_commands()["db_worker"] == "core"


@override_settings(TASKS=DB_TASKS)
def test_a_task_cut_short_by_a_lost_database_runs_again_instead_of_failing(
    lose_database,
) -> None:
    from django_tasks_db.models import DBTaskResult

    from tests.core import mail_helpers

    lose_database(0)
    mail_helpers.FLAKY_RUNS.clear()
    result = mail_helpers.loses_the_database_once.enqueue()
    make_worker().run()
    row = DBTaskResult.objects.get(pk=result.id)
    assert (row.status, row.return_value) == ("SUCCESSFUL", 2)
    assert len(row.worker_ids) == 2
