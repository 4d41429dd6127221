"""`manage.py purge_drafts`: delete drafts untouched for 30 days, remind authors at 23 days.

Run it once a day (cron, or `--enqueue` to hand it to the django-tasks worker).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from concerns.services import drafts_purge
from concerns.tasks import purge_drafts


class Command(BaseCommand):
    help = "Delete unfinished concerns untouched for 30 days; remind their authors 7 days before."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the work for the task worker instead."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            purge_drafts.enqueue()
            self.stdout.write("Queued.")
            return
        result = drafts_purge()
        self.stdout.write(
            f"Deleted {result.deleted} unfinished concern(s); sent {result.reminded} reminder(s)."
        )
