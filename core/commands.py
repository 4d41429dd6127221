"""What management commands share: one `--today YYYY-MM-DD` option, parsed one way.

Every command that can act as if it were another day (the daily jobs, reminders, retention,
the pathway printer) adds it with `add_today_argument(parser)`; `options["today"]` is then a
`date`, or None for "today". A date written any other way is refused by the argument parser
with the same message everywhere (exit status 2, or CommandError from `call_command`).
"""

from __future__ import annotations

import argparse
from datetime import date

EXAMPLE = "2026-05-31"


def day(text: str) -> date:
    """The argument parser's type for a day written YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f'expected a date written like "{EXAMPLE}", not "{text}"'
        ) from None


def add_today_argument(
    parser: argparse.ArgumentParser,
    *flags: str,
    help: str = "act as if today were this day (default: today)",
) -> None:
    """`--today YYYY-MM-DD` (other spellings may be given as `flags`, e.g. an older `--date`)."""
    parser.add_argument(
        "--today", *flags, dest="today", type=day, default=None, metavar="YYYY-MM-DD", help=help
    )
