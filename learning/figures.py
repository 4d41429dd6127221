"""National NRM figures for the briefing, computed from the statistics file we ship.

learning/data/nrm-statistics.csv is an identical copy of reference/nrm-statistics.csv (the
insights app will own the national figures; until then the briefing reads its own copy so the
two apps do not clash). Percentages are always computed here from the counts, never typed.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

DATA_PATH = Path(__file__).with_name("data") / "nrm-statistics.csv"

# The year the seed briefing quoted, kept so the briefing can show how far things have moved.
BASELINE_YEAR = 2014


@dataclass(frozen=True)
class YearFigures:
    year: int
    referrals: int
    exploited_as_adult: int | None
    exploited_as_minor: int | None
    female: int | None
    male: int | None
    transgender_or_other: int | None
    duty_to_notify: int | None
    source: str


def _count(value: str) -> int | None:
    value = value.strip()
    return int(value) if value else None


@functools.cache
def load_years(path: Path = DATA_PATH) -> dict[int, YearFigures]:
    """Every year in the file, keyed by year."""
    years: dict[int, YearFigures] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            referrals = _count(row["referrals"])
            if referrals is None:
                raise ValueError(f"{path}: year {row['year']} has no referral count")
            year = int(row["year"])
            years[year] = YearFigures(
                year=year,
                referrals=referrals,
                exploited_as_adult=_count(row["exploited_as_adult"]),
                exploited_as_minor=_count(row["exploited_as_minor"]),
                female=_count(row["female"]),
                male=_count(row["male"]),
                transgender_or_other=_count(row["transgender_or_other"]),
                duty_to_notify=_count(row["duty_to_notify"]),
                source=row["source"],
            )
    return years


def percent(part: int, whole: int) -> int:
    """A whole-number percentage, rounding halves up (as published statistics do)."""
    return int((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), ROUND_HALF_UP))


def rise(current: int, previous: int) -> int:
    """Percentage change on the year before, rounded the same way."""
    return percent(current - previous, previous)


def _number(value: int) -> str:
    return f"{value:,}"


def _required(value: int | None, what: str) -> int:
    if value is None:
        raise ValueError(f"the statistics file has no {what}")
    return value


@functools.cache
def briefing_figures() -> dict[str, str]:
    """The figures the briefing text quotes, ready to drop into its placeholders."""
    years = load_years()
    base = years[BASELINE_YEAR]
    before_base = years[BASELINE_YEAR - 1]
    latest_year = max(years)
    latest = years[latest_year]
    previous = years[latest_year - 1]
    return {
        "base_year": str(base.year),
        "base_referrals": _number(base.referrals),
        "base_rise": str(rise(base.referrals, before_base.referrals)),
        "base_female": str(percent(_required(base.female, "2014 female count"), base.referrals)),
        "base_male": str(percent(_required(base.male, "2014 male count"), base.referrals)),
        "base_adult": str(
            percent(_required(base.exploited_as_adult, "2014 adult count"), base.referrals)
        ),
        "base_minor": str(
            percent(_required(base.exploited_as_minor, "2014 minor count"), base.referrals)
        ),
        "latest_year": str(latest.year),
        "latest_referrals": _number(latest.referrals),
        "latest_rise": str(rise(latest.referrals, previous.referrals)),
        "previous_year": str(previous.year),
        "latest_duty_to_notify": _number(
            _required(latest.duty_to_notify, "Duty to Notify count for the latest year")
        ),
        "growth_multiple": str(round(latest.referrals / base.referrals)),
    }
