"""Counting hooks: the services below insights say what changed, the apps that keep counts
listen (issue 18: imports point down only).

concerns, cases and referrals' demo must keep the organisation's monthly figures in step inside
their own transactions, but they cannot import insights (a higher layer). So they call the
hooks here, and insights registers its tallies (insights/tallies.py) as a counter at start-up
(`insights/apps.py`). The call is synchronous: the counter runs inside the caller's
transaction, and a failure rolls the write back with it. With no counter registered (an app
list without insights) the hooks do nothing; the daily recount would then have nothing to
check either.

Hooks:
- `concern_added(concern)`: a new concern (concerns.services.concern_submit, referrals.demo).
- `case_added(case)`: a new case with its types and checklist (case_open, case_merge...).
- `with case_changing(case):` wraps anything that changes what a case counts (its types,
  pathway actions done, decisions, concerns): a counter reads the case before and after.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # type hints only: core imports no app above it
    from cases.models import Case
    from concerns.models import Concern


class Counter(Protocol):
    """What a counting app registers (insights.tallies is one, as a module)."""

    def concern_added(self, concern: Concern) -> None: ...

    def case_added(self, case: Case) -> None: ...

    def case_changing(self, case: Case) -> AbstractContextManager[None]: ...


_COUNTERS: list[Counter] = []


def register(counter: Counter) -> None:
    """Add a counter (once; registering it again changes nothing)."""
    if not any(known is counter for known in _COUNTERS):
        _COUNTERS.append(counter)


def unregister(counter: Counter) -> None:
    """Remove a counter (tests)."""
    _COUNTERS[:] = [known for known in _COUNTERS if known is not counter]


def counters() -> tuple[Counter, ...]:
    return tuple(_COUNTERS)


def concern_added(concern: Concern) -> None:
    """A new concern was saved: every counter adds it, in the caller's transaction."""
    for counter in _COUNTERS:
        counter.concern_added(concern)


def case_added(case: Case) -> None:
    """A new case, with its types and checklist, was saved: every counter adds it."""
    for counter in _COUNTERS:
        counter.case_added(case)


@contextmanager
def case_changing(case: Case) -> Iterator[None]:
    """Wrap, inside the caller's transaction, a change to what a case counts: each counter is
    entered (in the order registered) before the change and left after it."""
    with ExitStack() as stack:
        for counter in _COUNTERS:
            stack.enter_context(counter.case_changing(case))
        yield
