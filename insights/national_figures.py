"""The national sums: shares, rounding, year-on-year change and missing figures, and each year's
row and headline sentences as the page says them.

Every percentage and year-on-year change is computed here from the counts; none is typed
anywhere. None (not published) stays None and is said "not published", never 0.

Percentages are shares of all referrals that year, as the seed briefing gives them (1,432 of 2,340
is 61%), rounded half up to a whole percent. Where only part of the total is broken down (the
rest "age not recorded"), the rest is shown as its own share rather than hidden by dividing by
the known part only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from insights.national import YearFigures

NOT_PUBLISHED = "not published"


# Sums ------------------------------------------------------------------------------------


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
