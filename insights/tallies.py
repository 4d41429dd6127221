"""Monthly tallies: the organisation's figures counted once per month and kept, so the figures
page sums a few hundred small rows instead of counting every concern it covers.

A month's tallies are a pure function of the records: `recount(organisation, month, side)`
deletes that month's rows and counts them again from the concerns (side "concerns") or the
cases opened that month (side "cases").

The services keep them in step as they go (through core/counting.py's hooks, which this module
is registered with in insights/apps.py), inside their own transactions and under a lock on
the month's `TallyMonth` row (taken before the audit log's, so the order is always the same):
a new concern adds what it counts (`concern_added`, from concerns.services.concern_submit); a
change to a case adds the difference between what the case counted before and after
(`case_changing`, from cases.services case_open, case_add_concern, pathway_item_update and
case_decide); retention recounts the months it deleted from (`recount_months`). Each costs a
few small queries by primary key, however large the organisation.

The daily jobs recount the months written to in the last two days, and any month with records
never counted, and log any that was out of step (a service that forgot to say). `manage.py
recount_figures [--check]` recounts (or checks) every month of every organisation (after an
upgrade, or after loading records straight into the database).

Months are calendar months in UK time (settings.TIME_ZONE), the same months as TruncMonth and
insights.organisation.Period.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from django.db import connection, transaction
from django.db.models import Count, F, QuerySet
from django.db.models.functions import Lower, Trim, TruncMonth
from django.utils import timezone

from cases.models import Case, CaseType, Decision, ItemState, PathwayItem
from concerns.models import Concern
from insights.models import Tally, TallyMonth

log = logging.getLogger(__name__)

CONCERNS, CASES = "concerns", "cases"
# Figure names, by the side whose records they count.
AGE, GENDER, NATIONALITY, SIGN = "concern-age", "concern-gender", "concern-nationality", "sign"
OPENED, TYPE, ACTION, DECISION = "case-opened", "case-type", "case-action", "case-decision"
FIGURES = {CONCERNS: (AGE, GENDER, NATIONALITY, SIGN), CASES: (OPENED, TYPE, ACTION, DECISION)}

Counts = dict[tuple[str, str], int]  # (figure, key) -> count


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


# Counting from the records ---------------------------------------------------------------------


def sign_counts(concerns: QuerySet[Concern]) -> Counter[str]:
    """How many of `concerns` have each sign. PostgreSQL unnests the JSON lists itself; SQLite
    (tests, small installs) counts them in Python, streamed."""
    if connection.vendor == "postgresql":
        sql, params = concerns.order_by().values("indicator_ids").query.sql_with_params()
        with connection.cursor() as cursor:
            # `sql` is Django's own compiled query; every value is in `params`.
            # Each concern counts once per sign, however often its list names it.
            unnest = "LATERAL (SELECT DISTINCT jsonb_array_elements_text(c.ids) AS e) AS d"
            query = f"SELECT e, COUNT(*) FROM ({sql}) AS c(ids), {unnest} GROUP BY e"  # noqa: S608
            cursor.execute(query, params)
            return Counter(dict(cursor.fetchall()))
    counts: Counter[str] = Counter()
    for ids in concerns.values_list("indicator_ids", flat=True).iterator(chunk_size=5000):
        counts.update(set(ids or ()))
    return counts


def _grouped(qs: QuerySet, figure: str, field_name: str) -> Counts:
    rows = qs.values_list(field_name).annotate(n=Count("*")).order_by()
    return {(figure, key or ""): n for key, n in rows}


def count_concerns(organisation_id: object, month: date) -> Counts:
    start, end = month_bounds(month)
    concerns = Concern.objects.filter(
        organisation_id=organisation_id, submitted_at__gte=start, submitted_at__lt=end
    )
    counts: Counts = {}
    counts.update(_grouped(concerns, AGE, "age_group"))
    counts.update(_grouped(concerns, GENDER, "gender"))
    counts.update(_grouped(concerns.annotate(nat=Lower(Trim("nationality"))), NATIONALITY, "nat"))
    counts.update({(SIGN, sign): n for sign, n in sign_counts(concerns).items()})
    return counts


def count_cases(organisation_id: object, month: date) -> Counts:
    start, end = month_bounds(month)
    cases = Case.objects.filter(
        organisation_id=organisation_id, opened_at__gte=start, opened_at__lt=end
    )
    counts: Counts = {(OPENED, ""): cases.count()}
    counts.update(_grouped(CaseType.objects.filter(case__in=cases), TYPE, "type"))
    done = PathwayItem.objects.filter(case__in=cases, state=ItemState.DONE)
    counts.update(_grouped(done, ACTION, "action"))
    counts.update(_grouped(Decision.objects.filter(case__in=cases), DECISION, "kind"))
    return counts


COUNTERS = {CONCERNS: count_concerns, CASES: count_cases}


def stored(organisation_id: object, month: date, side: str) -> Counts:
    rows = Tally.objects.filter(
        organisation_id=organisation_id, month=month, figure__in=FIGURES[side]
    ).values_list("figure", "key", "count")
    return {(figure, key): n for figure, key, n in rows}


# Keeping them in step --------------------------------------------------------------------------


def _lock_month(organisation_id: object, month: date, side: str, *, write: bool = True) -> None:
    """Take the month's row lock, to the end of the caller's transaction. Every change to a
    month's tallies happens under it, so they are made one after the other, each seeing what
    the last committed. A write (not a recount) also marks the month for the daily check."""
    now = timezone.now()
    lock, _ = TallyMonth.objects.get_or_create(
        organisation_id=organisation_id, month=month, side=side, defaults={"counted_at": now}
    )
    TallyMonth.objects.filter(pk=lock.pk).update(
        counted_at=now, **({"changed_at": now} if write else {})
    )


def recount(organisation_id: object, month: date, side: str) -> bool:
    """Count one month of one side again; True if the stored tallies were out of step."""
    with transaction.atomic():
        _lock_month(organisation_id, month, side, write=False)
        fresh = {k: n for k, n in COUNTERS[side](organisation_id, month).items() if n}
        before = stored(organisation_id, month, side)
        if fresh == before:
            return False
        Tally.objects.filter(
            organisation_id=organisation_id, month=month, figure__in=FIGURES[side]
        ).delete()
        Tally.objects.bulk_create(
            Tally(organisation_id=organisation_id, month=month, figure=f, key=k, count=n)
            for (f, k), n in sorted(fresh.items())
        )
    return True


def recount_months(organisation_id: object, side: str, moments: Iterable[datetime]) -> None:
    """Recount the months of these moments (submitted_at of concerns, opened_at of cases):
    what retention does after deleting records."""
    for month in sorted({month_of(m) for m in moments}):
        recount(organisation_id, month, side)


def _apply(organisation_id: object, month: date, side: str, changes: Counter) -> None:
    """Add `changes` ((figure, key) -> +n or -n) to the month's tallies, under its lock. A
    tally that would go below 0 means the month was out of step: it is recounted instead."""
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


def concern_contribution(concern: Concern) -> Counter:
    """What one concern adds to its month. The nationality is normalised by the database, as
    the recount does it."""
    nationality = (
        Concern.objects.filter(pk=concern.pk)
        .annotate(nat=Lower(Trim("nationality")))
        .values_list("nat", flat=True)
        .first()
    )
    counts: Counter = Counter(
        {
            (AGE, concern.age_group or ""): 1,
            (GENDER, concern.gender or ""): 1,
            (NATIONALITY, nationality or ""): 1,
        }
    )
    counts.update((SIGN, sign) for sign in set(concern.indicator_ids or ()))
    return counts


def case_contribution(case_id: object) -> Counter:
    """What one case adds to the month it was opened: itself, its types, its pathway actions
    done and its decisions (a few rows, read by the case's own indexes)."""
    if not Case.objects.filter(pk=case_id).exists():
        return Counter()
    counts: Counter = Counter({(OPENED, ""): 1})
    counts.update(
        (TYPE, t) for t in CaseType.objects.filter(case_id=case_id).values_list("type", flat=True)
    )
    done = PathwayItem.objects.filter(case_id=case_id, state=ItemState.DONE)
    counts.update((ACTION, a) for a in done.values_list("action", flat=True))
    decisions = Decision.objects.filter(case_id=case_id).values_list("kind", flat=True)
    counts.update((DECISION, k) for k in decisions)
    return counts


def concern_added(concern: Concern) -> None:
    """A new concern: add it to its month (concerns.services.concern_submit)."""
    month = month_of(concern.submitted_at)
    _lock_month(concern.organisation_id, month, CONCERNS)
    _apply(concern.organisation_id, month, CONCERNS, concern_contribution(concern))


def case_added(case: Case) -> None:
    """A new case, with its types and checklist: add it to its month (case_open)."""
    month = month_of(case.opened_at)
    _lock_month(case.organisation_id, month, CASES)
    _apply(case.organisation_id, month, CASES, case_contribution(case.pk))


@contextmanager
def case_changing(case: Case) -> Iterator[None]:
    """Wrap, inside the caller's transaction, anything that changes what a case counts (its
    opening, types, pathway actions done, decisions): the month's lock is taken first, the
    case's contribution read before and after, and the difference added."""
    month = month_of(case.opened_at)
    _lock_month(case.organisation_id, month, CASES)
    before = case_contribution(case.pk)
    yield
    after = case_contribution(case.pk)
    after.subtract(before)
    _apply(case.organisation_id, month, CASES, after)


def months_with_records() -> set[tuple[object, date, str]]:
    """Every (organisation, month, side) that has records or stored tallies."""
    found: set[tuple[object, date, str]] = set()
    sources = (
        (CONCERNS, Concern.objects.all(), "submitted_at"),
        (CASES, Case.objects.all(), "opened_at"),
    )
    for side, qs, field_name in sources:
        rows = (
            qs.annotate(month=TruncMonth(field_name))
            .values_list("organisation_id", "month")
            .distinct()
            .order_by()
        )
        for org, month in rows:
            found.add((org, month.date() if isinstance(month, datetime) else month, side))
    found.update(TallyMonth.objects.values_list("organisation_id", "month", "side"))
    return found


def out_of_step() -> list[tuple[object, date, str]]:
    """The months whose stored tallies differ from a fresh count; changes nothing."""
    return [
        (org, month, side)
        for org, month, side in _in_order(months_with_records())
        if {k: n for k, n in COUNTERS[side](org, month).items() if n} != stored(org, month, side)
    ]


def _in_order(months: set[tuple[object, date, str]]) -> list[tuple[object, date, str]]:
    return sorted(months, key=lambda t: (str(t[0]), t[1], t[2]))


def recount_all() -> list[tuple[object, date, str]]:
    """Recount every month of every organisation; the months that were out of step."""
    changed = []
    for org, month, side in _in_order(months_with_records()):
        if recount(org, month, side):
            changed.append((org, month, side))
    return changed


def months_to_check(since: datetime) -> set[tuple[object, date, str]]:
    """The months written to since `since`, and months with records never counted at all
    (loaded straight into the database, say)."""
    touched = set(
        TallyMonth.objects.filter(changed_at__gte=since).values_list(
            "organisation_id", "month", "side"
        )
    )
    counted = set(TallyMonth.objects.values_list("organisation_id", "month", "side"))
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
