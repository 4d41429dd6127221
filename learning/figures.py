"""National NRM figures for the briefing, computed from the statistics file insights ships.

The national figures belong to insights/ (insights/data/nrm-statistics.csv, parsed by
insights.national); the briefing reads the same file so the two never disagree. Percentages are
always computed here from the counts, never typed.
"""

from __future__ import annotations

import functools
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from insights.national import YearFigures, parse_rows

DATA_PATH = Path(__file__).resolve().parents[1] / "insights" / "data" / "nrm-statistics.csv"

# The year the seed briefing quoted, kept so the briefing can show how far things have moved.
BASELINE_YEAR = 2014


@functools.cache
def load_years(path: Path = DATA_PATH) -> dict[int, YearFigures]:
    """Every year in the file, keyed by year. A year without a referral count is an error."""
    years = {row.year: row for row in parse_rows(path.read_text(encoding="utf-8"))}
    for year, row in years.items():
        if row.referrals is None:
            raise ValueError(f"{path}: year {year} has no referral count")
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
    # load_years has checked that every year has a referral count.
    base_referrals = _required(base.referrals, f"{base.year} referral count")
    latest_referrals = _required(latest.referrals, f"{latest.year} referral count")
    return {
        "base_year": str(base.year),
        "base_referrals": _number(base_referrals),
        "base_rise": str(
            rise(
                base_referrals,
                _required(before_base.referrals, f"{before_base.year} referral count"),
            )
        ),
        "base_female": str(percent(_required(base.female, "2014 female count"), base_referrals)),
        "base_male": str(percent(_required(base.male, "2014 male count"), base_referrals)),
        # The seed's "2 transgender (<1%)": a count, since the share rounds to 0.
        "base_transgender": _number(_required(base.transgender_or_other, "2014 transgender count")),
        "base_adult": str(
            percent(_required(base.exploited_as_adult, "2014 adult count"), base_referrals)
        ),
        "base_minor": str(
            percent(_required(base.exploited_as_minor, "2014 minor count"), base_referrals)
        ),
        "latest_year": str(latest.year),
        "latest_referrals": _number(latest_referrals),
        "latest_rise": str(
            rise(latest_referrals, _required(previous.referrals, f"{previous.year} referral count"))
        ),
        "previous_year": str(previous.year),
        "latest_duty_to_notify": _number(
            _required(latest.duty_to_notify, "Duty to Notify count for the latest year")
        ),
        "growth_multiple": str(round(latest_referrals / base_referrals)),
    }
