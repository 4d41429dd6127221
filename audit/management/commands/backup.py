from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit.backup import BackupError, backup_to
from audit.services import audit_record


class Command(BaseCommand):
    help = "Back up the whole database to FILE (SQLite online backup, or pg_dump on PostgreSQL)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            backup_to(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        audit_record(kind="backup-made", detail={"file": file.name})
        self.stdout.write(f"Backup written to {file}")
