"""The real thing: `manage.py db_worker` keeps working across a PostgreSQL restart (issue 16).

Needs a PostgreSQL cluster of its own that the test may restart; never the shared one. Set
SIGNPOST_TEST_RESTART_CLUSTER to "<version> <name>" (as `pg_ctlcluster` takes them) and point
DATABASE_URL at that cluster, for example:

    pg_createcluster 15 h2worker -p 5434 && pg_ctlcluster 15 h2worker start   # trust auth
    SIGNPOST_TEST_RESTART_CLUSTER="15 h2worker" \\
    DATABASE_URL=postgres://postgres@127.0.0.1:5434/signpost_h2_worker \\
    SIGNPOST_ENV=test .venv/bin/pytest -p no:xdist tests/core/test_worker_restart_postgres.py

Skipped otherwise. Every wait has a deadline and the worker is always stopped, so it cannot hang.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from core.models import EmailDelivery, WorkerHeartbeat
from core.tasks import send_link_email
from tests.core.mail_helpers import DB_TASKS

CLUSTER = os.environ.get("SIGNPOST_TEST_RESTART_CLUSTER", "").split()
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
WORKER_OPTIONS = ["--interval", "0.2", "--no-startup-delay", "--worker-id", "restart-test"]
ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL"),
    pytest.mark.skipif(
        len(CLUSTER) != 2 or shutil.which("pg_ctlcluster") is None,
        reason="needs SIGNPOST_TEST_RESTART_CLUSTER='<version> <name>' (a cluster of its own)",
    ),
    pytest.mark.django_db(transaction=True),
]


def wait_for(check: Callable[[], bool], *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:  # the database may still be coming back
            connections.close_all()
        time.sleep(0.2)
    raise AssertionError(f"timed out after {seconds:.0f} s waiting for {what}")


@pytest.fixture
def worker(tmp_path) -> Iterator[tuple[subprocess.Popen, Path]]:
    db = connections["default"].settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "SIGNPOST_ENV": "development",
        "DATABASE_URL": url,
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "SIGNPOST_WORKER_HEARTBEAT_EVERY": "1",
        "SIGNPOST_WORKER_MAX_BACKOFF": "2",
        "DEBUG": "false",
    }
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", *WORKER_OPTIONS],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            yield process, log
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)


def queue_and_wait(email: str, *, seconds: float) -> None:
    with override_settings(TASKS=DB_TASKS):
        result = send_link_email.enqueue(to=email, subject="s", intro="i", path="/")
    wait_for(
        lambda: DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL",
        seconds=seconds,
        what="the worker to run the task",
    )


def test_the_worker_reconnects_after_postgresql_restarts_and_runs_new_tasks(worker, lee) -> None:
    process, log = worker
    queue_and_wait(lee.email, seconds=60)

    subprocess.run(["pg_ctlcluster", *CLUSTER, "restart"], check=True, timeout=120)
    connections.close_all()
    # Let the worker's polling meet the dropped connection (django_tasks_db's own worker exits).
    wait_for(
        lambda: "lost the database" in log.read_text() or process.poll() is not None,
        seconds=30,
        what="the worker to meet the restart",
    )
    assert process.poll() is None, log.read_text()

    queue_and_wait(lee.email, seconds=60)
    assert process.poll() is None, log.read_text()
    assert EmailDelivery.objects.filter(status="sent").count() == 2
    assert WorkerHeartbeat.objects.filter(pk="restart-test").exists()
