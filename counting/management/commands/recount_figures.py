"""`python manage.py recount_figures [--check]`: count the organisations' monthly figures again.

The services keep the monthly tallies (counting/store.py) in step as records change, and the
daily jobs recount them. Run this after an upgrade that adds or changes a figure, or after
loading records straight into the database. With --check it changes nothing, lists the months
that are out of step and exits with status 1 if there are any.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from counting import store


class Command(BaseCommand):
    help = "Recount the organisations' monthly figures (--check: only report months out of step)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="change nothing; exit 1 if a month is out of step"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        months = store.out_of_step() if options["check"] else store.recount_all()
        for org, month, side in months:
            self.stdout.write(f"{side} {month:%Y-%m} of organisation {org}: out of step")
        verb = "out of step" if options["check"] else "recounted"
        self.stdout.write(f"{len(months)} month(s) {verb}")
        if options["check"] and months:
            raise SystemExit(1)
