"""UK working-day arithmetic, per nation.

Pure Python, no Django: the referral deadlines (for example the 5 working day target for a
Reasonable Grounds decision) are worked out here and reused by services, documents and tests.

A working day is Monday to Friday and not a bank holiday *of the nation concerned*
(nrm-process.md, "After a referral": working days exclude weekends and the bank holidays of
the nation concerned). Scotland and Northern Ireland have bank holidays that England and Wales
do not (2 January, St Andrew's Day, St Patrick's Day, Battle of the Boyne), so the nation
always has to be given.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

import holidays

from core import nations

# The `holidays` package names the UK nations by ISO 3166-2:GB subdivision code; the codes live
# with everything else about a nation in core.nations.
NATION_SUBDIVISIONS: dict[str, str] = {
    code: nation.holidays_subdivision for code, nation in nations.TABLE.items()
}

NATIONS: tuple[str, ...] = nations.CODES


def _subdivision(nation: str) -> str:
    try:
        return NATION_SUBDIVISIONS[nation]
    except KeyError:
        known = ", ".join(NATIONS)
        raise ValueError(f"unknown nation {nation!r}: expected one of {known}") from None


@functools.cache
def _bank_holidays(subdivision: str, year: int) -> frozenset[date]:
    # Cached per (nation, year) as an immutable set: a `holidays` object grows as it is
    # queried, which is awkward to share between threads.
    return frozenset(holidays.country_holidays("GB", subdiv=subdivision, years=year))


def bank_holidays(year: int, nation: str) -> frozenset[date]:
    """The bank holidays (including substitute days) of one nation in one year."""
    return _bank_holidays(_subdivision(nation), year)


def is_working_day(day: date, nation: str) -> bool:
    """True for Monday to Friday when it is not a bank holiday in that nation."""
    subdivision = _subdivision(nation)
    return day.weekday() < 5 and day not in _bank_holidays(subdivision, day.year)


def add_working_days(start: date, days: int, nation: str) -> date:
    """The date `days` working days after `start` (before it, if `days` is negative).

    The start day itself is never counted, as with "within 5 working days of the referral":
    a referral made on a Friday has Monday as its first working day. `days == 0` returns
    `start` unchanged.
    """
    _subdivision(nation)
    step = timedelta(days=1 if days >= 0 else -1)
    remaining = abs(days)
    current = start
    while remaining:
        current += step
        if is_working_day(current, nation):
            remaining -= 1
    return current


def working_days_between(start: date, end: date, nation: str) -> int:
    """Working days after `start` up to and including `end` (negative if `end` is earlier).

    The inverse of add_working_days for n >= 0: add_working_days(s, n, x) == e implies
    working_days_between(s, e, x) == n.
    """
    _subdivision(nation)
    if end < start:
        return -working_days_between(end, start, nation)
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current, nation):
            count += 1
    return count
