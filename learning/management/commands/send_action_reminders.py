from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from learning.services import action_reminders_send


class Command(BaseCommand):
    help = "E-mail owners of action plan items that are due within one working day or overdue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Treat this day (YYYY-MM-DD) as today.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("--date must be written like 2026-03-31") from None
        sent = action_reminders_send(today=today)
        self.stdout.write(f"Sent {sent} reminder{'s' if sent != 1 else ''}.")
