"""National NRM figures: the statistics file (insights/data/nrm-statistics.csv, the team's
../shared/reference/nrm-statistics.csv) read and checked into one `YearFigures` per year.

Plain functions over plain data (no Django), so the loading command, the data migration's
check, the briefing (learning/figures.py) and the tests all read the file the same way. A blank
in the file means the figure was not published, and stays None all the way to the page, which
says "not published", never 0. The sums the page shows are in insights/national_figures.py, the
page's charts and tables in insights/presenters.py and the CSV download in
insights/national_export.py.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, fields

# The National Referral Mechanism began on 1 April 2009.
FIRST_YEAR = 2009
LAST_YEAR = 2100

COUNT_COLUMNS = (
    "referrals",
    "exploited_as_adult",
    "exploited_as_minor",
    "female",
    "male",
    "transgender_or_other",
    "duty_to_notify",
)
COLUMNS = ("year", *COUNT_COLUMNS, "note", "source")
MAX_TEXT = 500


@dataclass(frozen=True)
class YearFigures:
    """One year's row of the statistics file. None: not published."""

    year: int
    referrals: int | None = None
    exploited_as_adult: int | None = None
    exploited_as_minor: int | None = None
    female: int | None = None
    male: int | None = None
    transgender_or_other: int | None = None
    duty_to_notify: int | None = None
    note: str = ""
    source: str = ""

    def as_dict(self) -> dict[str, int | str | None]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


class NationalDataError(ValueError):
    """A problem with the statistics file, said in one line that names where it is."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}" if line else message)


# Reading the file -----------------------------------------------------------------------------


def _count(raw: str, column: str, line: int) -> int | None:
    value = raw.strip()
    if value == "":
        return None
    if not value.isascii() or not value.isdigit():
        raise NationalDataError(
            f'{column}: expected a whole number without commas or leave it blank, not "{value}"',
            line,
        )
    return int(value)


def parse_rows(text: str) -> list[YearFigures]:
    """The years in a statistics file (CSV with the header COLUMNS), checked, in year order."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise NationalDataError("the file is empty")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader)]
    except csv.Error as exc:
        raise NationalDataError(f"not a readable CSV file ({exc})", 1) from exc
    missing = [name for name in COLUMNS if name not in header]
    unexpected = [name for name in header if name not in COLUMNS]
    if missing or unexpected or len(header) != len(COLUMNS):
        parts = []
        if missing:
            parts.append("missing " + ", ".join(missing))
        if unexpected:
            parts.append("unexpected " + ", ".join(repr(name) for name in unexpected))
        if not parts:
            parts.append("a column is given twice")
        raise NationalDataError(
            "header: expected the columns " + ",".join(COLUMNS) + "; " + "; ".join(parts), 1
        )
    rows: list[YearFigures] = []
    seen: dict[int, int] = {}
    try:
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                raise NationalDataError(
                    f"expected {len(header)} columns, found {len(cells)}"
                    " (put text containing commas in double quotes)",
                    line,
                )
            raw = dict(zip(header, cells, strict=True))
            year = _count(raw["year"], "year", line)
            if year is None:
                raise NationalDataError("year: enter the year", line)
            if not FIRST_YEAR <= year <= LAST_YEAR:
                raise NationalDataError(
                    f"year: {year} is outside {FIRST_YEAR} to {LAST_YEAR}"
                    " (the National Referral Mechanism began in 2009)",
                    line,
                )
            if year in seen:
                raise NationalDataError(f"year: {year} is given twice (first on line {seen[year]})")
            seen[year] = line
            counts = {column: _count(raw[column], column, line) for column in COUNT_COLUMNS}
            note = raw["note"].strip()
            source = raw["source"].strip()
            if not source:
                raise NationalDataError("source: say where the figures come from", line)
            for column, text_value in (("note", note), ("source", source)):
                if len(text_value) > MAX_TEXT:
                    raise NationalDataError(f"{column}: longer than {MAX_TEXT} characters", line)
            figures = YearFigures(year=year, note=note, source=source, **counts)
            _check_parts(figures, line)
            rows.append(figures)
    except csv.Error as exc:
        raise NationalDataError(f"not a readable CSV file ({exc})", reader.line_num) from exc
    if not rows:
        raise NationalDataError("the file has a header but no years")
    return sorted(rows, key=lambda row: row.year)


def _check_parts(figures: YearFigures, line: int) -> None:
    # A breakdown larger than the total is a typing mistake in the file, not a statistic.
    total = figures.referrals
    if total is None:
        return
    groups = {
        "exploited_as_adult + exploited_as_minor": (
            figures.exploited_as_adult,
            figures.exploited_as_minor,
        ),
        "female + male + transgender_or_other": (
            figures.female,
            figures.male,
            figures.transgender_or_other,
        ),
    }
    for name, values in groups.items():
        known = sum(value for value in values if value is not None)
        if known > total:
            raise NationalDataError(f"{name} ({known}) is more than referrals ({total})", line)
