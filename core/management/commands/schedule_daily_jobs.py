from typing import Any

from django.core.management.base import BaseCommand

from core.scheduling import schedule_next


class Command(BaseCommand):
    help = "Make sure the daily housekeeping run is queued for the background worker."

    def handle(self, *args: Any, **options: Any) -> None:
        if schedule_next():
            self.stdout.write("Daily jobs scheduled for the background worker.")
        else:
            self.stdout.write("Daily jobs were already scheduled.")
