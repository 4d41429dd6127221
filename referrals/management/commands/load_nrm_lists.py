"""`manage.py load_nrm_lists`: refresh the official form's choice lists from the data files."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from referrals.models import FormListValue
from referrals.official.lists import load_lists


class Command(BaseCommand):
    help = (
        "Reload the NRM form's lists (nationalities, countries, First Responder Organisations, "
        "local authorities) from referrals/official/data/lists."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            counts = load_lists(FormListValue)
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count} values")
