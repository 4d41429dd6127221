"""`python manage.py hints FILE`: print the signs a free-text note describes, as JSON.

FILE is a path, or `-` for standard input. The output (issue 19):

    {"catalogue_version": "...",
     "hints": [{"indicator": "<catalogue id>",
                "evidence": [{"start": 0, "end": 9, "text": "..."}]}]}

Offsets count characters (Python string indices) of the text as read, after UTF-8 decoding.
Input that is not text (not UTF-8, or containing NUL bytes) or has nothing in it but
whitespace and control characters gets one line on standard error and exit status 2, like
`manage.py pathway`. With --explain each piece of evidence also says whether it was written as
uncertain ("not sure if ..."); without it the output is exactly the contract above.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from django.core.management.base import CommandParser

from guidance.catalogue import get_catalogue
from guidance.hints import find_hints
from guidance.management.commands._input import InputCommand


def _only_blank(text: str) -> bool:
    # Whitespace, control and format characters (Cc, Cf) and separators (Z*) say nothing.
    return all(ch.isspace() or unicodedata.category(ch)[0] in "CZ" for ch in text)


class Command(InputCommand):
    help = "Print the catalogue's signs that the free text in FILE describes ('-' reads stdin)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="a UTF-8 text file, or - for stdin")
        parser.add_argument(
            "--explain",
            action="store_true",
            help="add whether each piece of evidence was written as uncertain",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data = self.read_bytes(options["file"])
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            self.fail("the input is not UTF-8 text")
        if text.startswith("\ufeff"):
            text = text[1:]  # a byte-order mark is not part of the note
        if "\x00" in text:
            self.fail("the input is not text (it contains NUL bytes)")
        if _only_blank(text):
            self.fail("the input is empty: there is no text to read")
        hints = find_hints(text)
        output: dict[str, Any] = {
            "catalogue_version": get_catalogue().version,
            "hints": [h.to_dict() for h in hints],
        }
        if options["explain"]:
            for hint, out in zip(hints, output["hints"], strict=True):
                for ev, ev_out in zip(hint.evidence, out["evidence"], strict=True):
                    ev_out["uncertain"] = ev.uncertain
        self.stdout.write(json.dumps(output, indent=2, ensure_ascii=False))
