from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit.services import verify_chain


class Command(BaseCommand):
    help = "Walk the audit event hash chain and name the first broken event."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken, why = verify_chain()
        if broken is not None:
            raise CommandError(
                f"Audit chain broken at event {broken.id} ({broken.kind}): {why}. "
                f"{checked} events before it verified."
            )
        self.stdout.write(f"Audit chain verified: {checked} events.")
