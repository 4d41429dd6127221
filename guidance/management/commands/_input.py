"""What `manage.py pathway` and `manage.py hints` share: reading FILE or standard input, and
refusing bad input with one line on standard error and exit status 2 (pathways.md; issue 19),
so scripts can tell bad input from a crash."""

from __future__ import annotations

import sys
from typing import NoReturn

from django.core.management.base import BaseCommand

EXIT_BAD_INPUT = 2


class InputCommand(BaseCommand):
    # These commands touch no database and no models.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def fail(self, message: str) -> NoReturn:
        # One line only, whatever the underlying error text contains.
        line = " ".join(f"error: {message}".split())
        self.stderr.write(line, style_func=lambda text: text)
        raise SystemExit(EXIT_BAD_INPUT)

    def read_bytes(self, name: str) -> bytes:
        """The bytes of the file `name`, or of standard input for `-`."""
        if name == "-":
            buffer = getattr(sys.stdin, "buffer", None)
            # A test may stand a text stream in for stdin; its text is read as UTF-8.
            return buffer.read() if buffer is not None else sys.stdin.read().encode("utf-8")
        try:
            with open(name, "rb") as handle:
                return handle.read()
        except FileNotFoundError:
            self.fail(f"{name}: no such file")
        except OSError as exc:
            self.fail(f"{name}: cannot read the file ({exc.__class__.__name__})")
