"""UK working days per nation: weekends and that nation's bank holidays are skipped."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.workdays import (
    NATIONS,
    add_working_days,
    bank_holidays,
    is_working_day,
    working_days_between,
)


def test_five_working_days_from_23_december_2026_in_england_is_4_january_2027() -> None:
    # 24 Dec, 29, 30, 31 Dec, then 4 Jan: Christmas, Boxing Day (observed 28th), New Year skipped.
    assert add_working_days(date(2026, 12, 23), 5, "england") == date(2027, 1, 4)


def test_scotland_takes_a_day_longer_over_new_year_because_of_its_2_january_holiday() -> None:
    # 2 Jan 2027 is a Saturday, so Scotland's holiday moves to Monday 4 January.
    assert add_working_days(date(2026, 12, 23), 5, "scotland") == date(2027, 1, 5)
    assert not is_working_day(date(2027, 1, 4), "scotland")
    assert is_working_day(date(2027, 1, 4), "england")


def test_2_january_2026_is_a_bank_holiday_in_scotland_only() -> None:
    friday = date(2026, 1, 2)
    assert not is_working_day(friday, "scotland")
    for nation in ("england", "wales", "northern-ireland"):
        assert is_working_day(friday, nation)


def test_st_andrews_day_is_a_scottish_bank_holiday() -> None:
    assert date(2026, 11, 30) in bank_holidays(2026, "scotland")
    assert add_working_days(date(2026, 11, 27), 1, "scotland") == date(2026, 12, 1)
    assert add_working_days(date(2026, 11, 27), 1, "england") == date(2026, 11, 30)


def test_st_patricks_day_and_the_twelfth_are_northern_ireland_bank_holidays() -> None:
    assert not is_working_day(date(2026, 3, 17), "northern-ireland")  # Tuesday
    assert is_working_day(date(2026, 3, 17), "england")
    assert not is_working_day(date(2027, 7, 12), "northern-ireland")  # Monday
    assert is_working_day(date(2027, 7, 12), "wales")


def test_weekends_are_never_working_days() -> None:
    saturday = date(2026, 6, 6)
    for nation in NATIONS:
        assert not is_working_day(saturday, nation)
        assert not is_working_day(saturday + timedelta(days=1), nation)


def test_a_referral_on_a_friday_has_its_first_working_day_on_monday() -> None:
    assert add_working_days(date(2026, 6, 5), 1, "wales") == date(2026, 6, 8)


def test_zero_days_is_the_start_date_and_negative_days_count_back() -> None:
    assert add_working_days(date(2026, 6, 6), 0, "england") == date(2026, 6, 6)
    assert add_working_days(date(2027, 1, 4), -1, "england") == date(2026, 12, 31)


def test_working_days_between_counts_the_working_days_after_the_start() -> None:
    assert working_days_between(date(2026, 12, 23), date(2027, 1, 4), "england") == 5
    assert working_days_between(date(2027, 1, 4), date(2026, 12, 23), "england") == -5
    assert working_days_between(date(2026, 6, 5), date(2026, 6, 5), "england") == 0


def test_an_unknown_nation_is_refused() -> None:
    with pytest.raises(ValueError, match="nation"):
        is_working_day(date(2026, 1, 1), "cornwall")
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 1), 0, "ENG")


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
    days=st.integers(min_value=0, max_value=40),
    nation=st.sampled_from(NATIONS),
)
def test_adding_working_days_lands_on_a_working_day_and_counts_back_exactly(
    start: date, days: int, nation: str
) -> None:
    end = add_working_days(start, days, nation)
    assert working_days_between(start, end, nation) == days
    if days:
        assert is_working_day(end, nation)
        assert end > start
