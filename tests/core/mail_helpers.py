"""Task and mail settings for tests of background work."""

from __future__ import annotations

from django.core.mail.backends.base import BaseEmailBackend
from django.db import OperationalError
from django_tasks import task

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
DOWN = "tests.core.mail_helpers.MailServerDown"


class MailServerDown(BaseEmailBackend):
    """An SMTP server that refuses every connection."""

    def send_messages(self, email_messages) -> int:
        raise ConnectionRefusedError("mail server down")


FLAKY_RUNS: list[int] = []


@task()
def loses_the_database_once() -> int:
    """Fails the first time as a task does when PostgreSQL restarts under it."""
    FLAKY_RUNS.append(1)
    if len(FLAKY_RUNS) == 1:
        raise OperationalError("server closed the connection unexpectedly")
    return len(FLAKY_RUNS)
