from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from core.commands import add_today_argument
from core.scheduling import UK, run_jobs


class Command(BaseCommand):
    help = "Run the daily housekeeping jobs now (for cron, or to catch up)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_today_argument(parser)

    def handle(self, *args: Any, today: date | None, **options: Any) -> None:
        from django.utils import timezone

        day = today or timezone.now().astimezone(UK).date()
        for path, count in run_jobs(day).items():
            self.stdout.write(f"{path}: {'failed' if count < 0 else count}")
