"""The counting store: monthly tallies kept in step by the apps that own what they count, so a
figures page sums a few hundred small rows instead of counting every record it covers.

The store knows nothing of any app's records (issue 18: imports point down only). Each app that
counts registers a `Side` in its `AppConfig.ready` (concerns/counting.py, cases/counting.py):
the figures it owns, how to count one organisation's month from its records, and which months
have records. The store keeps the rows (`counting.models.Tally`), one lock row per month and
side (`TallyMonth`), and everything that does not depend on what is counted:

- `add(organisation_id, month, side, changes)`: a service adds what a new record counts, inside
  its own transaction and under the month's lock (taken before the audit log's, so the order is
  always the same).
- `with changing(organisation_id, month, side, contribution):` wraps a change to a record: the
  lock is taken first, the record's contribution read before and after, the difference added.
- `recount(organisation_id, month, side)`: a month's tallies are a pure function of the records;
  delete them and count again from the side's counter. `recount_months` is what retention does
  after deleting records.
- `recount_all_daily(*, today)`: the daily job recounts the months written to in the last two
  days, and any month with records never counted, and logs any that was out of step (a service
  that forgot to say). `manage.py recount_figures [--check]` recounts (or checks) every month.

A change that would take a tally below 0 means the month was out of step: it is recounted
instead. Months are calendar months in UK time (settings.TIME_ZONE), the same months as
TruncMonth and insights.organisation.Period. The readers (insights) read `Tally` rows by the
figure names the sides export.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import Count, F, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from counting.models import SIDE_LENGTH, Tally, TallyMonth

log = logging.getLogger(__name__)

Counts = dict[tuple[str, str], int]  # (figure, key) -> count
Changes = Counter[tuple[str, str]]  # (figure, key) -> +n or -n
Month = tuple[UUID, date, str]  # (organisation id, first day of the month, side)


@dataclass(frozen=True)
class Side:
    """One app's side of the figures, as it registers it with the store."""

    name: str  # "concerns", "cases": at most SIDE_LENGTH characters (TallyMonth.side)
    figures: tuple[str, ...]  # the figure names this side's tallies use, none shared
    # Count one organisation's month from the records: (organisation id, month) -> counts.
    count: Callable[[UUID, date], Counts]
    # Every (organisation id, month) that has records of this side.
    months: Callable[[], Iterable[tuple[UUID, date]]]


_SIDES: dict[str, Side] = {}


def register(side: Side) -> None:
    """Add a side (once; registering the same side again changes nothing). Two different sides
    with one name, or sharing a figure, are a mistake and raise ValueError."""
    known = _SIDES.get(side.name)
    if known is side:
        return
    if known is not None:
        raise ValueError(f"a counting side named {side.name!r} is already registered")
    if not 0 < len(side.name) <= SIDE_LENGTH:
        raise ValueError(f"a counting side's name is at most 10 characters: {side.name!r}")
    shared = {f for other in _SIDES.values() for f in other.figures} & set(side.figures)
    if shared:
        raise ValueError(f"figures already counted by another side: {sorted(shared)}")
    _SIDES[side.name] = side


def unregister(name: str) -> None:
    """Remove a side (tests)."""
    _SIDES.pop(name, None)


def sides() -> tuple[Side, ...]:
    return tuple(_SIDES.values())


def side_named(name: str) -> Side:
    """The registered side; LookupError for a name no app registered (nothing is written)."""
    try:
        return _SIDES[name]
    except KeyError:
        raise LookupError(f"no counting side named {name!r} is registered") from None


# Months ----------------------------------------------------------------------------------------


def month_of(moment: datetime) -> date:
    """The first day of the UK calendar month `moment` falls in."""
    return timezone.localtime(moment).date().replace(day=1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    following = (month + timedelta(days=32)).replace(day=1)
    return (
        timezone.make_aware(datetime.combine(month, time.min), tz),
        timezone.make_aware(datetime.combine(following, time.min), tz),
    )


# Helpers for the sides' counters ---------------------------------------------------------------


def grouped(qs: QuerySet[Any], figure: str, field_name: str) -> Counts:
    """How many rows of `qs` have each value of `field_name`, as `figure`'s counts."""
    rows = qs.values_list(field_name).annotate(n=Count("*")).order_by()
    return {(figure, key or ""): n for key, n in rows}


def months_of(qs: QuerySet[Any], field_name: str) -> set[tuple[UUID, date]]:
    """Every (organisation id, month) of the records in `qs`, by their date-time `field_name`."""
    rows = (
        qs.annotate(month=TruncMonth(field_name))
        .values_list("organisation_id", "month")
        .distinct()
        .order_by()
    )
    return {(org, month.date() if isinstance(month, datetime) else month) for org, month in rows}


# Reading and writing the tallies ---------------------------------------------------------------


def stored(organisation_id: UUID, month: date, side: str) -> Counts:
    rows = Tally.objects.filter(
        organisation_id=organisation_id, month=month, figure__in=side_named(side).figures
    ).values_list("figure", "key", "count")
    return {(figure, key): n for figure, key, n in rows}


def fresh(organisation_id: UUID, month: date, side: str) -> Counts:
    """The month counted from the records by the side's counter (no zero counts)."""
    return {k: n for k, n in side_named(side).count(organisation_id, month).items() if n}


def _lock_month(organisation_id: UUID, month: date, side: str, *, write: bool = True) -> None:
    """Take the month's row lock, to the end of the caller's transaction. Every change to a
    month's tallies happens under it, so they are made one after the other, each seeing what
    the last committed. A write (not a recount) also marks the month for the daily check."""
    side_named(side)
    now = timezone.now()
    lock, _ = TallyMonth.objects.get_or_create(
        organisation_id=organisation_id, month=month, side=side, defaults={"counted_at": now}
    )
    TallyMonth.objects.filter(pk=lock.pk).update(
        counted_at=now, **({"changed_at": now} if write else {})
    )


def recount(organisation_id: UUID, month: date, side: str) -> bool:
    """Count one month of one side again; True if the stored tallies were out of step."""
    figures = side_named(side).figures
    with transaction.atomic():
        _lock_month(organisation_id, month, side, write=False)
        counted = fresh(organisation_id, month, side)
        if counted == stored(organisation_id, month, side):
            return False
        Tally.objects.filter(
            organisation_id=organisation_id, month=month, figure__in=figures
        ).delete()
        Tally.objects.bulk_create(
            Tally(organisation_id=organisation_id, month=month, figure=f, key=k, count=n)
            for (f, k), n in sorted(counted.items())
        )
    return True


def recount_months(organisation_id: UUID, side: str, moments: Iterable[datetime]) -> None:
    """Recount the months of these moments (when the records were made): what retention does
    after deleting records."""
    for month in sorted({month_of(m) for m in moments}):
        recount(organisation_id, month, side)


def _apply(organisation_id: UUID, month: date, side: str, changes: Changes) -> None:
    """Add `changes` ((figure, key) -> +n or -n) to the month's tallies, under its lock. A
    tally that would go below 0 means the month was out of step: it is recounted instead."""
    figures = side_named(side).figures
    unknown = {figure for figure, _ in changes} - set(figures)
    if unknown:
        raise ValueError(f"figures not counted by {side!r}: {sorted(unknown)}")
    for (figure, key), delta in sorted(changes.items()):
        if delta == 0:
            continue
        rows = Tally.objects.filter(
            organisation_id=organisation_id, month=month, figure=figure, key=key
        )
        if delta > 0:
            if not rows.update(count=F("count") + delta):
                Tally.objects.create(
                    organisation_id=organisation_id,
                    month=month,
                    figure=figure,
                    key=key,
                    count=delta,
                )
        elif rows.filter(count__gt=-delta).update(count=F("count") + delta):
            continue
        elif not rows.filter(count=-delta).delete()[0]:
            log.warning("figures were out of step: %s %s; recounting", side, month)
            recount(organisation_id, month, side)
            return


def add(organisation_id: UUID, month: date, side: str, changes: Changes) -> None:
    """A new record: add what it counts ((figure, key) -> n) to its month, under the month's
    lock, in the caller's transaction."""
    _lock_month(organisation_id, month, side)
    _apply(organisation_id, month, side, changes)


@contextmanager
def changing(
    organisation_id: UUID, month: date, side: str, contribution: Callable[[], Changes]
) -> Iterator[None]:
    """Wrap, inside the caller's transaction, a change to what a record counts: the month's
    lock is taken first, `contribution()` (what the record adds to its month) read before and
    after, and the difference added."""
    _lock_month(organisation_id, month, side)
    before = contribution()
    yield
    after = contribution()
    after.subtract(before)
    _apply(organisation_id, month, side, after)


# Checking and recounting -----------------------------------------------------------------------


def months_with_records() -> set[Month]:
    """Every (organisation, month, side) of a registered side that has records or stored
    tallies."""
    found: set[Month] = set()
    for side in _SIDES.values():
        found.update((org, month, side.name) for org, month in side.months())
    found.update(
        TallyMonth.objects.filter(side__in=list(_SIDES)).values_list(
            "organisation_id", "month", "side"
        )
    )
    return found


def _in_order(months: set[Month]) -> list[Month]:
    return sorted(months, key=lambda t: (str(t[0]), t[1], t[2]))


def out_of_step() -> list[Month]:
    """The months whose stored tallies differ from a fresh count; changes nothing."""
    return [
        (org, month, side)
        for org, month, side in _in_order(months_with_records())
        if fresh(org, month, side) != stored(org, month, side)
    ]


def recount_all() -> list[Month]:
    """Recount every month of every organisation; the months that were out of step."""
    return [
        (org, month, side)
        for org, month, side in _in_order(months_with_records())
        if recount(org, month, side)
    ]


def months_to_check(since: datetime) -> set[Month]:
    """The months written to since `since`, and months with records never counted at all
    (loaded straight into the database, say)."""
    registered = TallyMonth.objects.filter(side__in=list(_SIDES))
    touched = set(
        registered.filter(changed_at__gte=since).values_list("organisation_id", "month", "side")
    )
    counted = set(registered.values_list("organisation_id", "month", "side"))
    return touched | (months_with_records() - counted)


def recount_all_daily(*, today: date) -> int:
    """Daily job: recount the months written to in the last two days (one run may have been
    missed) and any never counted, and say loudly if one was out of step (a write that did not
    keep its month in step). Its cost follows the day's activity, not the years of records;
    `manage.py recount_figures` recounts everything."""
    start_of_today = timezone.make_aware(datetime.combine(today, time.min))
    changed = [
        (org, month, side)
        for org, month, side in _in_order(months_to_check(start_of_today - timedelta(days=2)))
        if recount(org, month, side)
    ]
    for org, month, side in changed:
        log.warning("figures were out of step: organisation %s, %s %s", org, side, month)
    return len(changed)
