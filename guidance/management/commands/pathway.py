"""`python manage.py pathway FILE`: print the pathway for a facts file as JSON.

FILE is a path, or `-` for standard input. The output is exactly the JSON of pathways.md
("The output"). Any problem with the input gets one line on standard error naming the key,
and exit status 2 (pathways.md), so scripts can tell bad input from a crash.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandParser

from core.commands import add_today_argument
from guidance.management.commands._input import InputCommand
from guidance.pathways import FactsError, decide, parse_facts


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


class Command(InputCommand):
    help = "Print what must happen next for the facts in FILE (a JSON object; '-' reads stdin)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="JSON facts file, or - for standard input")
        add_today_argument(
            parser, help="work out ages as on this date instead of today (for reproducible output)"
        )

    def _read(self, name: str) -> str:
        data = self.read_bytes(name)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.fail(f"{name}: cannot read the file ({exc.__class__.__name__})")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options.get("today")
        text = self._read(options["file"])
        try:
            data = json.loads(text, object_pairs_hook=_no_duplicates)
        except json.JSONDecodeError as exc:
            self.fail(f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
        except _DuplicateKey as exc:
            self.fail(f"{exc.key}: given twice")
        if not isinstance(data, dict):
            self.fail("facts: expected a JSON object")
        try:
            facts = parse_facts(data)
        except FactsError as exc:
            self.fail(f"{exc.key}: {exc.message}")
        pathway = decide(facts, today=today)
        self.stdout.write(json.dumps(pathway.to_dict(), indent=2, ensure_ascii=False))
