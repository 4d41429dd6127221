"""`manage.py purge_drafts`: delete drafts untouched for 30 days, remind authors at 23 days.

The worker runs the same service every day (`SIGNPOST_DAILY_JOBS`); this command is for a
one-off run by hand.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from concerns.services import drafts_purge


class Command(BaseCommand):
    help = "Delete unfinished concerns untouched for 30 days; remind their authors 7 days before."

    def handle(self, *args: Any, **options: Any) -> None:
        result = drafts_purge()
        self.stdout.write(
            f"Deleted {result.deleted} unfinished concern(s); sent {result.reminded} reminder(s)."
        )
