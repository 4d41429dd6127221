"""Delete what the retention rules say is due (also run daily: core/scheduling.py)."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from core.commands import add_today_argument
from privacy.retention import apply_retention


class Command(BaseCommand):
    help = "Delete closed cases (and drafts) whose retention period has ended; keep held ones."

    def add_arguments(self, parser: CommandParser) -> None:
        add_today_argument(parser)
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what is due; delete nothing"
        )

    def handle(self, *args: object, **options: object) -> None:
        given = options.get("today")
        today = given if isinstance(given, date) else timezone.localdate()
        report = apply_retention(today=today, dry_run=bool(options.get("dry_run")))
        # Ids and counts only: no names or other case content in output or logs.
        if report.dry_run:
            self.stdout.write(f"Dry run for {today}: {len(report.due)} case(s) due for deletion")
            for item in report.due:
                self.stdout.write(f"  due: case {item.case_id} ({item.record_type}, {item.rule})")
        else:
            self.stdout.write(f"Retention run for {today}: {len(report.deleted)} case(s) deleted")
            for item in report.deleted:
                self.stdout.write(f"  deleted: case {item.case_id} ({item.record_type})")
        for item in report.held:
            self.stdout.write(f"  kept on legal hold: case {item.case_id}")
        for item, why in report.blocked:
            self.stdout.write(f"  not deleted ({why}): case {item.case_id}")
        drafts = "due" if report.dry_run else "deleted"
        self.stdout.write(f"Drafts {drafts} under shorter rules: {report.drafts_deleted}")
        if report.blocked:
            raise CommandError(f"{len(report.blocked)} case(s) could not be deleted")
