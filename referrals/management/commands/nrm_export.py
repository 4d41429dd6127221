"""`manage.py nrm_export REFERENCE`: the answer sheet of a referral as JSON, audited."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from referrals import services
from referrals.models import Referral


class Command(BaseCommand):
    help = (
        "Print the NRM / Duty to Notify answer sheet of a referral (RF-XXXX-XXXX) as JSON: "
        "form, answers, missing, not_applicable."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("reference")

    def handle(self, *args: Any, **options: Any) -> None:
        reference = options["reference"].strip().upper()
        referral = (
            Referral.objects.select_related("case", "organisation")
            .filter(reference=reference)
            .first()
        )
        sheet = services.sheet_of(referral) if referral is not None else None
        if referral is None or sheet is None:
            self.stderr.write(f"nrm_export: no NRM or Duty to Notify referral {reference!r}")
            raise SystemExit(2)
        services.referral_exported(referral=referral, fmt="json-command", request=None, by=None)
        from referrals.official.sheet import to_export_json

        self.stdout.write(json.dumps(to_export_json(sheet), indent=2, ensure_ascii=False))
