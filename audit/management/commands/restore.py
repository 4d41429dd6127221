from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit.backup import BackupError, restore_from
from audit.services import audit_record, record_restore, verify_chain


class Command(BaseCommand):
    help = "Replace the whole database with the backup in FILE, then verify the audit chain."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="confirm that the current data is to be replaced"
        )

    def handle(self, *args: Any, file: Path, yes: bool, **options: Any) -> None:
        if not yes:
            raise CommandError("Restoring replaces every record. Run again with --yes to confirm.")
        try:
            restore_from(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        checked, broken, why = verify_chain()
        if broken is not None:
            raise CommandError(
                f"Restored, but the audit chain is broken at event {broken.id}: {why}"
            )
        # The restore rolls the chain back on purpose: say so in the checkpoint file, so that
        # audit_verify holds the chain to the restored length from here on (audit/checkpoints.py),
        # after checking the backup agrees with every checkpoint it reaches.
        try:
            record_restore()
        except ValueError as exc:
            message = f"Restored, but the backup's audit chain is not trusted: {exc}"
            raise CommandError(message) from exc
        audit_record(kind="backup-restored", detail={"file": file.name})
        self.stdout.write(f"Restored from {file}; audit chain verified ({checked} events).")
