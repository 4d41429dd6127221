"""National NRM figures: reading the statistics file and the sums the insights pages show.

Plain functions over plain data (no Django), so the page, the CSV export, the loading command and
the tests all compute the same thing. Every percentage and year-on-year change is computed here
from the counts; none is typed anywhere. A blank in the file means the figure was not published,
and stays None all the way to the page, which says "not published", never 0.

Percentages are shares of all referrals that year, as the seed briefing gives them (1,432 of 2,340
is 61%), rounded half up to a whole percent. Where only part of the total is broken down (the
rest "age not recorded"), the rest is shown as its own share rather than hidden by dividing by
the known part only.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields

from core.csv import safe_cell

NOT_PUBLISHED = "not published"
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


# Sums -----------------------------------------------------------------------------------------


def _round_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator to the nearest whole number, halves rounded up (exact integers)."""
    return (2 * numerator + denominator) // (2 * denominator)


@dataclass(frozen=True)
class Percent:
    """A share of a total: `value` is the whole percent, `text` how the page says it."""

    part: int
    whole: int
    value: int

    @property
    def text(self) -> str:
        if self.value == 0 and self.part > 0:
            return "<1%"
        if self.value == 100 and self.part < self.whole:
            return ">99%"
        return f"{self.value}%"

    def __str__(self) -> str:
        return self.text


def percent(part: int | None, whole: int | None) -> Percent | None:
    """part as a share of whole, rounded half up: 1,432 of 2,340 is 61%; 2 of 2,340 is <1%."""
    if part is None or whole is None or whole <= 0:
        return None
    return Percent(part=part, whole=whole, value=_round_half_up(100 * part, whole))


@dataclass(frozen=True)
class Change:
    """The change from one year's count to the next, as a whole percent (half up, by size)."""

    current: int
    previous: int
    size: int  # the size of the change in whole percent, never negative

    @property
    def direction(self) -> str:
        if self.current > self.previous:
            return "up"
        if self.current < self.previous:
            return "down"
        return "same"

    @property
    def signed(self) -> str:
        """+34%, -3% (with a true minus sign, U+2212), +<1%, 0%."""
        if self.direction == "same":
            return "0%"
        sign = "+" if self.direction == "up" else "\u2212"
        return f"{sign}{'<1' if self.size == 0 else self.size}%"

    @property
    def words(self) -> str:
        """up 34%, down 3%, up less than 1%, no change."""
        if self.direction == "same":
            return "no change"
        amount = "less than 1%" if self.size == 0 else f"{self.size}%"
        return f"{self.direction} {amount}"

    def __str__(self) -> str:
        return self.signed


def change(current: int | None, previous: int | None) -> Change | None:
    """Year-on-year change: 2,340 after 1,746 is up 34%. None where either count is missing."""
    if current is None or previous is None or previous <= 0:
        return None
    size = _round_half_up(100 * abs(current - previous), previous)
    return Change(current=current, previous=previous, size=size)


def number(value: int | None) -> str:
    """2,340; "not published" for a figure that was not published."""
    return NOT_PUBLISHED if value is None else f"{value:,}"


def count_and_share(part: int | None, whole: int | None) -> str:
    """ "1,432 (61%)", or "not published"."""
    if part is None:
        return NOT_PUBLISHED
    share = percent(part, whole)
    return f"{part:,} ({share})" if share else f"{part:,}"


def remainder(whole: int | None, parts: Iterable[int | None]) -> int | None:
    """The part of the total not broken down (not recorded, or not published). None if no total
    or no part of the breakdown is known at all."""
    known = [part for part in parts if part is not None]
    if whole is None or not known:
        return None
    return whole - sum(known)


# What the page shows ---------------------------------------------------------------------------


@dataclass(frozen=True)
class YearRow:
    """One year with its computed shares and change, ready for a table or a chart."""

    figures: YearFigures
    previous_year: int
    referrals_change: Change | None
    dtn_change: Change | None

    @property
    def year(self) -> int:
        return self.figures.year

    @property
    def has_age(self) -> bool:
        f = self.figures
        return f.referrals is not None and (
            f.exploited_as_adult is not None or f.exploited_as_minor is not None
        )

    @property
    def has_gender(self) -> bool:
        f = self.figures
        return f.referrals is not None and any(
            value is not None for value in (f.female, f.male, f.transgender_or_other)
        )

    @property
    def age_remainder(self) -> int | None:
        f = self.figures
        return remainder(f.referrals, (f.exploited_as_adult, f.exploited_as_minor))

    @property
    def gender_remainder(self) -> int | None:
        f = self.figures
        return remainder(f.referrals, (f.female, f.male, f.transgender_or_other))

    def share(self, column: str) -> Percent | None:
        return percent(getattr(self.figures, column), self.figures.referrals)

    def cell(self, column: str) -> str:
        """A count with its share of the year's referrals: "1,669 (71%)"."""
        return count_and_share(getattr(self.figures, column), self.figures.referrals)

    def remainder_cell(self, kind: str) -> str:
        value = self.age_remainder if kind == "age" else self.gender_remainder
        if value is None:
            return NOT_PUBLISHED
        return count_and_share(value, self.figures.referrals)

    # What the tables show, cell by cell.
    @property
    def referrals_text(self) -> str:
        return number(self.figures.referrals)

    @property
    def dtn_text(self) -> str:
        return number(self.figures.duty_to_notify)

    @property
    def adult_cell(self) -> str:
        return self.cell("exploited_as_adult")

    @property
    def minor_cell(self) -> str:
        return self.cell("exploited_as_minor")

    @property
    def female_cell(self) -> str:
        return self.cell("female")

    @property
    def male_cell(self) -> str:
        return self.cell("male")

    @property
    def transgender_cell(self) -> str:
        return self.cell("transgender_or_other")

    @property
    def age_remainder_cell(self) -> str:
        return self.remainder_cell("age")

    @property
    def gender_remainder_cell(self) -> str:
        return self.remainder_cell("gender")

    @property
    def referrals_change_text(self) -> str:
        if self.referrals_change is not None:
            return self.referrals_change.signed
        if self.figures.referrals is None:
            return NOT_PUBLISHED
        return f"no figure for {self.previous_year}"

    @property
    def dtn_change_text(self) -> str:
        if self.dtn_change is not None:
            return self.dtn_change.signed
        if self.figures.duty_to_notify is None:
            return NOT_PUBLISHED
        return f"no figure for {self.previous_year}"


def year_rows(years: Sequence[YearFigures]) -> list[YearRow]:
    """Each year with its change on the calendar year before (only if that year is in the data)."""
    by_year = {figures.year: figures for figures in years}
    rows = []
    for figures in sorted(years, key=lambda f: f.year):
        before = by_year.get(figures.year - 1)
        rows.append(
            YearRow(
                figures=figures,
                previous_year=figures.year - 1,
                referrals_change=change(figures.referrals, before.referrals if before else None),
                dtn_change=change(
                    figures.duty_to_notify, before.duty_to_notify if before else None
                ),
            )
        )
    return rows


@dataclass(frozen=True)
class Headline:
    """A year's figures as sentences for "Why it matters"; parts missing from the data are
    left out rather than guessed."""

    row: YearRow

    @property
    def year(self) -> int:
        return self.row.year

    @property
    def referrals(self) -> str:
        f = self.row.figures
        text = f"{number(f.referrals)} referrals to the National Referral Mechanism in {f.year}"
        if self.row.referrals_change is not None:
            text += f", {self.row.referrals_change.words} on {self.row.previous_year}"
        return text + "."

    @property
    def gender(self) -> str | None:
        f = self.row.figures
        # Said as the seed says it: "1,432 female (61%)".
        parts = [
            f"{value:,} {label}" + (f" ({share})" if (share := percent(value, f.referrals)) else "")
            for value, label in (
                (f.female, "female"),
                (f.male, "male"),
                (f.transgender_or_other, "transgender"),
            )
            if value is not None
        ]
        return _sentence(parts)

    @property
    def age(self) -> str | None:
        f = self.row.figures
        parts = [
            f"{count_and_share(value, f.referrals)} {label}"
            for value, label in (
                (f.exploited_as_adult, "referred for exploitation as adults"),
                (f.exploited_as_minor, "for exploitation as minors"),
            )
            if value is not None
        ]
        return _sentence(parts)

    @property
    def duty_to_notify(self) -> str | None:
        f = self.row.figures
        if f.duty_to_notify is None:
            return None
        text = f"{number(f.duty_to_notify)} Duty to Notify reports in {f.year}"
        if self.row.dtn_change is not None:
            text += f", {self.row.dtn_change.words} on {self.row.previous_year}"
        return text + "."


def _sentence(parts: list[str]) -> str | None:
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0][0].upper() + parts[0][1:] + "."
    text = ", ".join(parts[:-1]) + " and " + parts[-1]
    return text[0].upper() + text[1:] + "."


def headline(rows: Sequence[YearRow], year: int) -> Headline | None:
    for row in rows:
        if row.year == year:
            return Headline(row)
    return None


def latest_headline(rows: Sequence[YearRow]) -> Headline | None:
    """The most recent year with a referrals figure."""
    known = [row for row in rows if row.figures.referrals is not None]
    return Headline(known[-1]) if known else None


# Export ----------------------------------------------------------------------------------------


def spreadsheet_safe(value: int | str | None) -> int | str:
    """A cell a spreadsheet will not run as a formula (OWASP CSV injection): text starting with
    = + - @ tab or carriage return gets a leading single quote. Numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, int):
        return value
    return safe_cell(value)


def to_csv(years: Sequence[YearFigures]) -> str:
    """The national figures in the same columns as the file they were loaded from."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for figures in sorted(years, key=lambda f: f.year):
        writer.writerow([spreadsheet_safe(figures.as_dict()[column]) for column in COLUMNS])
    return out.getvalue()
