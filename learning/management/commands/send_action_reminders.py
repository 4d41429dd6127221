from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from core.commands import add_today_argument
from learning.services import action_reminders_send


class Command(BaseCommand):
    help = "E-mail owners of action plan items that are due within one working day or overdue."

    def add_arguments(self, parser: CommandParser) -> None:
        add_today_argument(parser, "--date")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = action_reminders_send(today=options["today"] or timezone.localdate())
        self.stdout.write(f"Sent {sent} reminder{'s' if sent != 1 else ''}.")
