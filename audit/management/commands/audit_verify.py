from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit.checkpoints import checkpoint_path
from audit.services import verify_audit


class Command(BaseCommand):
    help = (
        "Verify the audit chain (every link and MAC) against the checkpoints kept outside the "
        "database; name the first broken event or the missing newest events. Exits 1 if not."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--checkpoints",
            type=Path,
            help="a copy of the checkpoint file to check against (default: the one in "
            "SIGNPOST_AUDIT_CHECKPOINT_DIR)",
        )

    def handle(self, *args: Any, checkpoints: Path | None = None, **options: Any) -> None:
        source = checkpoints or checkpoint_path()
        verdict = verify_audit(source)
        if not verdict.ok:
            verified = f" {verdict.checked} events before it verified." if verdict.broken else ""
            raise CommandError(verdict.problem + verified)
        if verdict.newest_checkpoint is None:
            against = f"no checkpoints yet in {source} (run manage.py audit_checkpoint)"
        else:
            plural = "" if verdict.checkpoints == 1 else "s"
            against = (
                f"{verdict.checkpoints} checkpoint{plural} in {source}, the newest of "
                f"{verdict.newest_checkpoint.at}"
            )
        self.stdout.write(f"Audit chain verified: {verdict.checked} events; {against}.")
