from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import IdentityProvider
from accounts.sealing import reseal


class Command(BaseCommand):
    help = (
        "Seal every stored provider secret with the current SIGNPOST_SECRETS_KEY (after a key "
        "rotation; the former key must still be in SIGNPOST_SECRETS_OLD_KEYS)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        with transaction.atomic():
            for provider in IdentityProvider.objects.select_for_update().exclude(
                client_secret_sealed=""
            ):
                provider.client_secret_sealed = reseal(provider.client_secret_sealed)
                provider.save(update_fields=["client_secret_sealed", "updated_at"])
                count += 1
        self.stdout.write(f"Resealed {count} provider secret(s) with the current key.")
