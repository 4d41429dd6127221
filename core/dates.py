"""The range of dates the service accepts, and a date field that holds to it.

Nothing Signpost records happened before the National Referral Mechanism began (1 April 2009,
as insights/national.py says) or long after today, so dates and periods are limited to the years
from 2009 to next year. A year like 99999999999 or a period of a thousand years then gets a
clear error on the field, instead of a server error (a date Python cannot hold) or a request
that loops over every month since the year 1000. Dates of birth have their own range (a person
alive today, born on or before today).
(ASVS 5.0 2.2.1: input is checked against the range the business logic expects.)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

FIRST_YEAR = 2009  # the National Referral Mechanism began on 1 April 2009
OLDEST_AGE = 120  # years: the oldest date of birth we take


def first_day() -> date:
    return date(FIRST_YEAR, 1, 1)


def last_day() -> date:
    """The last day of next year."""
    return date(timezone.localdate().year + 1, 12, 31)


def earliest_birth() -> date:
    return date(timezone.localdate().year - OLDEST_AGE, 1, 1)


def range_message(what: str) -> str:
    return f"{what} must be between {FIRST_YEAR} and {last_day().year}"


def birth_range_message(what: str = "Date of birth") -> str:
    return f"{what} must be a date in the last {OLDEST_AGE} years, and not in the future"


def year_in_range(year: int, *, first: date | None = None, last: date | None = None) -> bool:
    """Whether `year` can be a year of a date in range (checked before making the date, so a
    year too large for Python is an error message, not a server error)."""
    first = first or first_day()
    last = last or last_day()
    return first.year <= year <= last.year


class BoundedDateField(forms.DateField):
    """A date field that refuses dates outside a range (by default 2009 to next year).

    `what` names the date in the message, like "The date sent"; `earliest` and `latest` are
    functions (the range moves with today); `message` overrides the out-of-range message."""

    def __init__(
        self,
        *,
        what: str = "The date",
        earliest: Callable[[], date] = first_day,
        latest: Callable[[], date] = last_day,
        message: str | Callable[[], str] | None = None,
        **kwargs: Any,
    ) -> None:
        self.what = what
        self.earliest = earliest
        self.latest = latest
        self.message = message
        super().__init__(**kwargs)

    def out_of_range_message(self) -> str:
        if callable(self.message):
            return self.message()
        return self.message or range_message(self.what)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value in self.empty_values:
            return
        if not self.earliest() <= value <= self.latest():
            raise forms.ValidationError(self.out_of_range_message(), code="out_of_range")
