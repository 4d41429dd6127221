"""Send the day's task reminders: `manage.py send_task_reminders [--today YYYY-MM-DD]`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from cases.services import send_task_reminders
from core.commands import add_today_argument


class Command(BaseCommand):
    help = "Remind people of case tasks due on the next working day and of overdue tasks."

    def add_arguments(self, parser: CommandParser) -> None:
        add_today_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        sent = send_task_reminders(today=today)
        self.stdout.write(f"Sent {sent} task reminder{'s' if sent != 1 else ''}.")
