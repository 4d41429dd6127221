from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit.anchoring import anchor_legacy_chain
from audit.models import AuditEvent


class Command(BaseCommand):
    help = (
        "Anchor audit events written before the audit key with one keyed event (migration 0004 "
        "does this on upgrade; use this after restoring a backup from before the upgrade)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            event = anchor_legacy_chain(AuditEvent)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if event is None:
            self.stdout.write("Nothing to anchor: the chain is already keyed (or empty).")
        else:
            self.stdout.write(
                f"Anchored {event.detail['legacy_events']} earlier events with event {event.id}."
            )
