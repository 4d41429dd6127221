"""What cases count in the organisation's monthly figures (issue 18): registered with the
counting store (counting/store.py) in `CasesConfig.ready`, and kept in step by the case
services, inside their transactions: `case_added(case)` for a new case with its types and
checklist (case_open, case_open_handed_over), and `with case_changing(case):` around anything
that changes what a case counts (the types a concern added to it brings, pathway actions done,
decisions; referrals marks a pathway action done through `pathway_item_from_record`, so it counts
here too).

A case counts in the UK month it was opened (`opened_at`): once, once for each exploitation
type, each pathway action done and each decision. Readers (the figures in insights) read the
store by the figure names below.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from uuid import UUID

from cases.models import Case, CaseType, Decision, ItemState, PathwayItem
from counting import store

CASES = "cases"
OPENED, TYPE, ACTION, DECISION = "case-opened", "case-type", "case-action", "case-decision"
FIGURES = (OPENED, TYPE, ACTION, DECISION)


def count_cases(organisation_id: UUID, month: date) -> store.Counts:
    """One organisation's month counted from the cases opened in it."""
    start, end = store.month_bounds(month)
    cases = Case.objects.filter(
        organisation_id=organisation_id, opened_at__gte=start, opened_at__lt=end
    )
    counts: store.Counts = {(OPENED, ""): cases.count()}
    counts.update(store.grouped(CaseType.objects.filter(case__in=cases), TYPE, "type"))
    done = PathwayItem.objects.filter(case__in=cases, state=ItemState.DONE)
    counts.update(store.grouped(done, ACTION, "action"))
    counts.update(store.grouped(Decision.objects.filter(case__in=cases), DECISION, "kind"))
    return counts


def months_with_cases() -> set[tuple[UUID, date]]:
    return store.months_of(Case.objects.all(), "opened_at")


SIDE = store.Side(name=CASES, figures=FIGURES, count=count_cases, months=months_with_cases)


def case_contribution(case_id: UUID) -> Counter[tuple[str, str]]:
    """What one case adds to the month it was opened: itself, its types, its pathway actions
    done and its decisions (a few rows, read by the case's own indexes)."""
    if not Case.objects.filter(pk=case_id).exists():
        return Counter()
    counts: Counter[tuple[str, str]] = Counter({(OPENED, ""): 1})
    types = CaseType.objects.filter(case_id=case_id).values_list("type", flat=True)
    counts.update((TYPE, t) for t in types)
    done = PathwayItem.objects.filter(case_id=case_id, state=ItemState.DONE)
    counts.update((ACTION, a) for a in done.values_list("action", flat=True))
    decisions = Decision.objects.filter(case_id=case_id).values_list("kind", flat=True)
    counts.update((DECISION, k) for k in decisions)
    return counts


def case_added(case: Case) -> None:
    """A new case, with its types and checklist: add it to its month, in the caller's
    transaction."""
    month = store.month_of(case.opened_at)
    store.add(case.organisation_id, month, CASES, case_contribution(case.pk))


@contextmanager
def case_changing(case: Case) -> Iterator[None]:
    """Wrap, inside the caller's transaction, anything that changes what a case counts: the
    month's lock is taken first, the case's contribution read before and after, and the
    difference added."""
    month = store.month_of(case.opened_at)
    with store.changing(case.organisation_id, month, CASES, lambda: case_contribution(case.pk)):
        yield
