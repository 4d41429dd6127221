"""Task and mail settings for tests of background work."""

from __future__ import annotations

from django.core.mail.backends.base import BaseEmailBackend

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
DOWN = "tests.core.mail_helpers.MailServerDown"


class MailServerDown(BaseEmailBackend):
    """An SMTP server that refuses every connection."""

    def send_messages(self, email_messages) -> int:
        raise ConnectionRefusedError("mail server down")
