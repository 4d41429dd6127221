from typing import Any

from django.core.management.base import BaseCommand

from audit.checkpoints import checkpoint_path, write_checkpoint


class Command(BaseCommand):
    help = (
        "Append a checkpoint of the audit chain (event count, newest event, its chain value) "
        "to the checkpoint file outside the database. Runs daily; run it after an upgrade too."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        checkpoint = write_checkpoint()
        self.stdout.write(
            f"Checkpoint written to {checkpoint_path()}: {checkpoint.events} events, "
            f"newest event {checkpoint.last_id}."
        )
