"""What comes back after a referral, and when: referrals/deadlines.py."""

from __future__ import annotations

from datetime import date

import pytest

from core.workdays import add_working_days
from referrals.deadlines import (
    reconsideration_deadline,
    recovery_period_days,
    recovery_period_end,
    rg_due,
    status_of,
)

# ------------------------------------------------------------------------------ RG decision


def test_the_rg_decision_is_due_5_working_days_after_the_referral():
    # Monday 2 March 2026 -> Monday 9 March.
    assert rg_due(date(2026, 3, 2), "england") == date(2026, 3, 9)


def test_christmas_in_england_pushes_the_rg_decision_into_january():
    # 24 Dec (1), 25 Dec and Boxing Day's substitute on 28 Dec are bank holidays, 29-31 Dec
    # (2-4), 1 Jan a bank holiday, Monday 4 Jan (5).
    assert rg_due(date(2026, 12, 23), "england") == date(2027, 1, 4)
    assert rg_due(date(2026, 12, 23), "england") == add_working_days(
        date(2026, 12, 23), 5, "england"
    )
    assert rg_due(date(2026, 12, 23), "wales") == date(2027, 1, 4)
    assert rg_due(date(2026, 12, 23), "northern-ireland") == date(2027, 1, 4)


def test_scotlands_2_january_holiday_makes_the_rg_decision_a_day_later():
    # 2 January 2027 is a Saturday; Scotland's substitute day is Monday 4 January.
    assert rg_due(date(2026, 12, 23), "scotland") == date(2027, 1, 5)


def test_easter_monday_2027_is_a_holiday_in_england_but_not_in_scotland():
    # Good Friday 26 March 2027 everywhere; Easter Monday 29 March not in Scotland.
    # England: 30, 31 March, 1, 2, 5 April. Scotland: 29, 30, 31 March, 1, 2 April.
    assert rg_due(date(2027, 3, 25), "england") == date(2027, 4, 5)
    assert rg_due(date(2027, 3, 25), "scotland") == date(2027, 4, 2)


def test_the_august_bank_holiday_differs_between_england_and_scotland():
    # Scotland: Monday 2 August 2027. England: Monday 30 August 2027.
    assert rg_due(date(2027, 7, 30), "scotland") == date(2027, 8, 9)
    assert rg_due(date(2027, 7, 30), "england") == date(2027, 8, 6)
    assert rg_due(date(2027, 8, 27), "england") == date(2027, 9, 6)
    assert rg_due(date(2027, 8, 27), "scotland") == date(2027, 9, 3)


def test_the_devolved_nations_own_holidays_count():
    # St Andrew's Day, Monday 30 November 2026 (Scotland).
    assert rg_due(date(2026, 11, 27), "scotland") == date(2026, 12, 7)
    assert rg_due(date(2026, 11, 27), "england") == date(2026, 12, 4)
    # St Patrick's Day, Wednesday 17 March 2027, and the Battle of the Boyne, Monday 12 July
    # 2027 (Northern Ireland).
    assert rg_due(date(2027, 3, 15), "northern-ireland") == date(2027, 3, 23)
    assert rg_due(date(2027, 3, 15), "wales") == date(2027, 3, 22)
    assert rg_due(date(2027, 7, 9), "northern-ireland") == date(2027, 7, 19)
    assert rg_due(date(2027, 7, 9), "england") == date(2027, 7, 16)


def test_a_referral_at_the_weekend_counts_from_the_next_working_day():
    assert rg_due(date(2026, 3, 7), "england") == date(2026, 3, 13)


def test_an_unknown_nation_is_refused():
    with pytest.raises(ValueError, match="unknown nation"):
        rg_due(date(2026, 3, 2), "cornwall")
    with pytest.raises(ValueError, match="unknown nation"):
        recovery_period_end(date(2026, 3, 2), "cornwall", adult=True)


# ------------------------------------------------------------------------------ recovery period


@pytest.mark.parametrize(
    ("nation", "adult", "days"),
    [
        ("england", True, 30),
        ("wales", True, 30),
        ("scotland", True, 90),
        ("northern-ireland", True, 45),
        ("england", False, 30),
        ("wales", False, 30),
        ("scotland", False, 30),
        ("northern-ireland", False, 30),
    ],
)
def test_the_recovery_period_of_each_nation(nation, adult, days):
    assert recovery_period_days(nation, adult) == days


def test_the_recovery_period_counts_calendar_days_through_bank_holidays():
    assert recovery_period_end(date(2026, 12, 10), "england", adult=True) == date(2027, 1, 9)
    assert recovery_period_end(date(2026, 12, 10), "scotland", adult=True) == date(2027, 3, 10)
    assert recovery_period_end(date(2026, 12, 10), "northern-ireland", adult=True) == date(
        2027, 1, 24
    )
    assert recovery_period_end(date(2026, 12, 10), "scotland", adult=False) == date(2027, 1, 9)


# ------------------------------------------------------------------------------ reconsideration


def test_reconsideration_may_be_asked_within_30_calendar_days():
    assert reconsideration_deadline(date(2027, 1, 15)) == date(2027, 2, 14)
    assert reconsideration_deadline(date(2028, 2, 1)) == date(2028, 3, 2)  # a leap year


# ------------------------------------------------------------------------------ status


def test_a_date_that_has_passed_is_overdue():
    assert status_of(date(2027, 1, 4), date(2027, 1, 5)) == "overdue"


def test_a_date_due_today_or_within_2_working_days_is_due_soon():
    due = date(2027, 1, 12)  # a Tuesday
    assert status_of(due, due) == "due-soon"
    assert status_of(due, date(2027, 1, 11)) == "due-soon"  # Monday: 1 working day
    assert status_of(due, date(2027, 1, 8)) == "due-soon"  # Friday: Mon, Tue
    assert status_of(due, date(2027, 1, 7)) == "not-due"  # Thursday: Fri, Mon, Tue


def test_due_soon_counts_the_nations_bank_holidays():
    due = date(2027, 3, 30)  # Tuesday after Easter
    # England: Good Friday and Easter Monday are holidays, so from Thursday 25 March only
    # Tuesday 30 counts.
    assert status_of(due, date(2027, 3, 24), nation="england") == "due-soon"
    # Scotland works on Easter Monday: Thursday 25, Monday 29, Tuesday 30.
    assert status_of(due, date(2027, 3, 24), nation="scotland") == "not-due"
    # Without a nation only weekends are skipped.
    assert status_of(due, date(2027, 3, 24)) == "not-due"
