"""What comes back after a referral, and when: pure date arithmetic, no Django.

The rules are those of reference/nrm-process.md, "After a referral: decisions and deadlines"
(its table rows are quoted by name below), which summarises the Home Office statutory guidance
v3.8 (Feb 2024) and the NRM guidance for adults (Oct 2024). Working days are those of the
nation concerned (the same section: "Working days exclude weekends and the bank holidays of the
nation concerned"), worked out by core.workdays.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from core import nations
from core.workdays import NATIONS, add_working_days, working_days_between

DueStatus = Literal["overdue", "due-soon", "not-due"]

# nrm-process.md, row "Reasonable Grounds (RG) decision": target 5 working days from referral.
RG_TARGET_WORKING_DAYS = 5

# nrm-process.md, row "Recovery period": at least 30 calendar days from a positive RG decision,
# or until the Conclusive Grounds decision.
RECOVERY_PERIOD_DAYS = 30
# nrm-process.md, row "Scotland adult support": 90 days from a positive RG decision.
SCOTLAND_ADULT_SUPPORT_DAYS = 90
# nrm-process.md, row "Northern Ireland adult support": at least 45 days from the RG decision.
NORTHERN_IRELAND_ADULT_SUPPORT_DAYS = 45

# nrm-process.md, row "Reconsideration": may be asked within 30 calendar days of a negative RG
# or CG decision.
RECONSIDERATION_DAYS = 30

# "Due soon": the due date is today or within the next 2 working days (Signpost's own rule, so a
# lead has at least a working day to chase before something becomes overdue).
DUE_SOON_WORKING_DAYS = 2


def _check_nation(nation: str) -> None:
    if nation not in NATIONS:
        raise ValueError(f"unknown nation {nation!r}: expected one of {', '.join(NATIONS)}")


def rg_due(referred_on: date, nation: str) -> date:
    """The target date for the Reasonable Grounds decision: 5 working days after the referral,
    counting that nation's bank holidays (nrm-process.md, row "Reasonable Grounds (RG)
    decision"). The day of the referral is not counted. It is a target, not a legal limit."""
    _check_nation(nation)
    return add_working_days(referred_on, RG_TARGET_WORKING_DAYS, nation)


def recovery_period_days(nation: str, adult: bool) -> int:
    """The minimum number of calendar days of recovery period or support from a positive RG.

    - England and Wales, adults and children: at least 30 days, or until the Conclusive Grounds
      decision (nrm-process.md, row "Recovery period").
    - Scotland, adults: 90 days (nrm-process.md, row "Scotland adult support").
    - Northern Ireland, adults: at least 45 days (nrm-process.md, row "Northern Ireland adult
      support").
    - Children in Scotland and Northern Ireland: nrm-process.md gives no separate figure; the
      statutory guidance v3.8 (non-statutory there) sets the general recovery period of at least
      30 days, so 30 is used as the earliest date. A child's support itself comes from the local
      authority's (in Northern Ireland the Health and Social Care Trust's) children's services
      under children's legislation (nrm-process.md, Children; Scotland and Northern Ireland)
      and does not end on this date.
    """
    _check_nation(nation)
    if adult and nation == "scotland":
        return SCOTLAND_ADULT_SUPPORT_DAYS
    if adult and nation == "northern-ireland":
        return NORTHERN_IRELAND_ADULT_SUPPORT_DAYS
    return RECOVERY_PERIOD_DAYS


def childrens_decision_due(referred_on: date, nation: str) -> date:
    """When children's services' decision on a referral about a child is due: the nation's
    own timescale in working days (core.nations, `childrens_decision_working_days`: one working
    day in England under Working Together 2023, and the same shorter reading elsewhere)."""
    _check_nation(nation)
    days = nations.nation(nation).childrens_decision_working_days
    return add_working_days(referred_on, days, nation)


def recovery_wording(nation: str, adult: bool) -> str:
    """What support after a positive reasonable grounds decision means in this nation, in a
    line (core.nations: recovery_adult, recovery_child)."""
    _check_nation(nation)
    found = nations.nation(nation)
    return found.recovery_adult if adult else found.recovery_child


def recovery_period_end(rg_positive_on: date, nation: str, adult: bool) -> date:
    """The earliest date the recovery period (or, in Scotland and Northern Ireland, adult
    support) can end after a positive RG decision: calendar days, so bank holidays do not
    matter. In England and Wales it runs until the Conclusive Grounds decision if that is later
    (nrm-process.md, row "Recovery period"); see recovery_period_days for each nation."""
    return rg_positive_on + timedelta(days=recovery_period_days(nation, adult))


def reconsideration_deadline(negative_decision_on: date) -> date:
    """The last day to ask for a negative RG or CG decision to be reconsidered: 30 calendar
    days after it (nrm-process.md, row "Reconsideration")."""
    return negative_decision_on + timedelta(days=RECONSIDERATION_DAYS)


def _weekdays_between(start: date, end: date) -> int:
    """Monday-to-Friday days after `start` up to and including `end` (end >= start)."""
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if current.weekday() < 5:
            count += 1
    return count


def status_of(due: date, today: date, nation: str | None = None) -> DueStatus:
    """Where a due date stands today.

    - "overdue": the due date has passed (today is after it);
    - "due-soon": it is today, or no more than 2 working days away (counting the working days
      after today up to and including the due date, so a date due next Tuesday is due soon on
      the Friday before);
    - "not-due": otherwise.

    With a nation, its bank holidays are not working days (core.workdays). Without one, only
    weekends are skipped, so across a bank holiday "due soon" can start a day late: pass the
    nation whenever it is known.
    """
    if today > due:
        return "overdue"
    if nation is not None:
        _check_nation(nation)
        ahead = working_days_between(today, due, nation)
    else:
        ahead = _weekdays_between(today, due)
    return "due-soon" if ahead <= DUE_SOON_WORKING_DAYS else "not-due"


__all__ = [
    "DUE_SOON_WORKING_DAYS",
    "NORTHERN_IRELAND_ADULT_SUPPORT_DAYS",
    "RECONSIDERATION_DAYS",
    "RECOVERY_PERIOD_DAYS",
    "RG_TARGET_WORKING_DAYS",
    "SCOTLAND_ADULT_SUPPORT_DAYS",
    "childrens_decision_due",
    "reconsideration_deadline",
    "recovery_period_days",
    "recovery_period_end",
    "recovery_wording",
    "rg_due",
    "status_of",
]
