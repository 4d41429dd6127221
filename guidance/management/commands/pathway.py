"""`python manage.py pathway FILE`: print the pathway for a facts file as JSON.

FILE is a path, or `-` for standard input. The output is exactly the JSON of pathways.md
("The output"). Any problem with the input gets one line on standard error naming the key,
and exit status 2 (pathways.md), so scripts can tell bad input from a crash.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from guidance.pathways import FactsError, decide, parse_facts

EXIT_BAD_INPUT = 2


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json.loads silently keeps the last of two equal keys; a facts file that says two
    # different things about one fact must be refused instead.
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


class Command(BaseCommand):
    help = "Print what must happen next for the facts in FILE (a JSON object; '-' reads stdin)."

    # The command touches no database and no models.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="JSON facts file, or - for standard input")
        parser.add_argument(
            "--today",
            metavar="YYYY-MM-DD",
            help="work out ages as on this date instead of today (for reproducible output)",
        )

    def _fail(self, message: str) -> NoReturn:
        # One line only, whatever the underlying error text contains.
        line = " ".join(f"error: {message}".split())
        self.stderr.write(line, style_func=lambda text: text)
        raise SystemExit(EXIT_BAD_INPUT)

    def _read(self, name: str) -> str:
        if name == "-":
            return sys.stdin.read()
        try:
            with open(name, encoding="utf-8") as handle:
                return handle.read()
        except FileNotFoundError:
            self._fail(f"{name}: no such file")
        except (OSError, UnicodeDecodeError) as exc:
            self._fail(f"{name}: cannot read the file ({exc.__class__.__name__})")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options.get("today"):
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                self._fail('--today: expected a date written like "2026-05-31"')
        text = self._read(options["file"])
        try:
            data = json.loads(text, object_pairs_hook=_no_duplicates)
        except json.JSONDecodeError as exc:
            self._fail(f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
        except _DuplicateKey as exc:
            self._fail(f"{exc.key}: given twice")
        if not isinstance(data, dict):
            self._fail("facts: expected a JSON object")
        try:
            facts = parse_facts(data)
        except FactsError as exc:
            self._fail(f"{exc.key}: {exc.message}")
        pathway = decide(facts, today=today)
        self.stdout.write(json.dumps(pathway.to_dict(), indent=2, ensure_ascii=False))
