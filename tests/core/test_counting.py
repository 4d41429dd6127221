"""core.counting (issue 18): the services below insights count through these hooks, and
insights registers its tallies with them at start-up, so the figures still move in the same
transaction as the write."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from django.db import transaction

from cases import services as case_services
from cases.models import ItemState, PathwayItem
from core import counting
from insights import tallies
from insights.models import Tally
from tests.cases.factories import make_concern
from tests.concerns.helpers import make_concern as submit_concern


class Recorder:
    def __init__(self, name: str, log: list[str]) -> None:
        self.name, self.log = name, log

    def concern_added(self, concern) -> None:
        self.log.append(f"{self.name} concern {concern.pk}")

    def case_added(self, case) -> None:
        self.log.append(f"{self.name} case {case.pk}")

    @contextmanager
    def case_changing(self, case) -> Iterator[None]:
        self.log.append(f"{self.name} before")
        yield
        self.log.append(f"{self.name} after")


@pytest.fixture
def only(monkeypatch):
    """Replace the registered counters (insights' tallies) for one test."""
    registered: list = []
    monkeypatch.setattr(counting, "_COUNTERS", registered)
    return registered


def test_insights_registers_its_tallies_once() -> None:
    assert [c for c in counting.counters() if c is tallies] == [tallies]
    counting.register(tallies)
    assert [c for c in counting.counters() if c is tallies] == [tallies]


def test_with_no_counter_the_hooks_do_nothing(only) -> None:
    counting.concern_added(object())
    counting.case_added(object())
    ran = []
    with counting.case_changing(object()):
        ran.append(True)
    assert ran == [True]


def test_each_counter_hears_each_hook_in_order(only) -> None:
    log: list[str] = []
    first, second = Recorder("a", log), Recorder("b", log)
    counting.register(first)
    counting.register(second)
    counting.register(first)  # once only
    counting.concern_added(type("C", (), {"pk": 1})())
    counting.case_added(type("K", (), {"pk": 2})())
    with counting.case_changing(object()):
        log.append("change")
    assert log == [
        "a concern 1",
        "b concern 1",
        "a case 2",
        "b case 2",
        "a before",
        "b before",
        "change",
        "b after",
        "a after",
    ]
    counting.unregister(first)
    assert counting.counters() == (second,)


@pytest.mark.django_db
def test_a_submitted_concern_reaches_the_tallies_through_the_hook(priya, monkeypatch) -> None:
    children = Tally.objects.filter(figure=tallies.AGE, key="under-18")
    before = sum(children.values_list("count", flat=True))
    submit_concern(priya, age_group="under-18")
    assert sum(children.values_list("count", flat=True)) == before + 1
    assert tallies.out_of_step() == []
    # Without insights' counter the same submission counts nothing: the hook is the only path.
    monkeypatch.setattr(counting, "_COUNTERS", [])
    submit_concern(priya, age_group="under-18")
    assert sum(children.values_list("count", flat=True)) == before + 1
    assert tallies.out_of_step() != []


@pytest.mark.django_db
def test_a_case_change_moves_the_tallies_in_the_same_transaction(lee, priya) -> None:
    case = case_services.case_open(concern=make_concern(priya), lead=lee, by=lee)
    actions = Tally.objects.filter(figure=tallies.ACTION)
    done_before = sum(actions.values_list("count", flat=True))
    item = PathwayItem.objects.filter(case=case).exclude(state=ItemState.DONE).first()
    assert item is not None

    class Undone(Exception):
        pass

    with pytest.raises(Undone), transaction.atomic():
        case_services.pathway_item_update(
            item=item, state=ItemState.DONE, done_on=date.today(), note="Done", by=lee
        )
        assert sum(actions.values_list("count", flat=True)) == done_before + 1
        raise Undone
    # Rolled back with the write: the tallies are where they were, and in step.
    assert sum(actions.values_list("count", flat=True)) == done_before
    assert tallies.out_of_step() == []
