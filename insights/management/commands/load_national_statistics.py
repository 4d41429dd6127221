"""`python manage.py load_national_statistics FILE`: add or update the national NRM figures.

FILE is a CSV with the columns of insights/data/nrm-statistics.csv. Years are matched by year:
new years are added, changed figures are updated, and years not in FILE are left alone. It prints
what changed. A bad file changes nothing and gets one line on standard error naming the problem,
with exit status 2, so scripts can tell bad input from a crash.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from insights.national import NationalDataError, parse_rows
from insights.services import national_statistics_load

EXIT_BAD_INPUT = 2
MAX_BYTES = 1_000_000


def _shown(value: int | str | None) -> str:
    if value is None or value == "":
        return "blank"
    return f"{value:,}" if isinstance(value, int) else f'"{value}"'


class Command(BaseCommand):
    help = "Add or update the national NRM statistics from FILE (CSV, matched by year)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="CSV file of national NRM statistics")

    def _fail(self, message: str) -> NoReturn:
        line = " ".join(f"error: {message}".split())
        self.stderr.write(line, style_func=lambda text: text)
        raise SystemExit(EXIT_BAD_INPUT)

    def _read(self, name: str) -> str:
        try:
            with open(name, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except FileNotFoundError:
            self._fail(f"{name}: no such file")
        except IsADirectoryError:
            self._fail(f"{name}: is a folder, not a file")
        except OSError as exc:
            self._fail(f"{name}: cannot read the file ({exc.__class__.__name__})")
        if len(data) > MAX_BYTES:
            self._fail(f"{name}: larger than {MAX_BYTES:,} bytes")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            self._fail(f"{name}: not UTF-8 text")

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["file"]
        text = self._read(name)
        try:
            rows = parse_rows(text)
        except NationalDataError as exc:
            self._fail(f"{name}: {exc}")
        result = national_statistics_load(rows=rows)
        for year in result.added:
            self.stdout.write(f"{year}: added")
        for year, changes in sorted(result.changed.items()):
            said = "; ".join(f"{c.column} {_shown(c.before)} -> {_shown(c.after)}" for c in changes)
            self.stdout.write(f"{year}: {said}")
        self.stdout.write(
            f"{len(result.added)} added, {len(result.changed)} changed,"
            f" {len(result.unchanged)} unchanged."
        )
