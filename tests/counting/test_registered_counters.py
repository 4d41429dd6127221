"""The apps' counters (issue 18): concerns and cases register what they count with the counting
store at start-up (concerns/counting.py, cases/counting.py), and their services keep the figures
in step through them, in the same transaction as the write. (Until issue 18's counting store
these were core.counting's hooks, with insights' tallies registered as the counter.)"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction

from cases import counting as case_counting
from cases import services as case_services
from cases.models import ItemState, PathwayItem
from concerns import counting as concern_counting
from counting import store
from counting.models import Tally
from tests.cases.factories import make_concern
from tests.concerns.helpers import make_concern as submit_concern


def test_concerns_and_cases_register_their_counters_once() -> None:
    registered = store.sides()
    assert [s for s in registered if s is concern_counting.SIDE] == [concern_counting.SIDE]
    assert [s for s in registered if s is case_counting.SIDE] == [case_counting.SIDE]
    store.register(concern_counting.SIDE)
    store.register(case_counting.SIDE)
    assert store.sides() == registered
    assert store.side_named("concerns") is concern_counting.SIDE
    assert store.side_named("cases") is case_counting.SIDE


def test_each_app_owns_its_own_figures() -> None:
    assert set(concern_counting.SIDE.figures) == {
        concern_counting.AGE,
        concern_counting.GENDER,
        concern_counting.NATIONALITY,
        concern_counting.SIGN,
    }
    assert set(case_counting.SIDE.figures) == {
        case_counting.OPENED,
        case_counting.TYPE,
        case_counting.ACTION,
        case_counting.DECISION,
    }
    assert not set(concern_counting.SIDE.figures) & set(case_counting.SIDE.figures)


def test_the_daily_recount_is_a_daily_job(settings) -> None:
    assert "counting.store.recount_all_daily" in settings.SIGNPOST_DAILY_JOBS


@pytest.mark.django_db
def test_a_submitted_concern_reaches_the_tallies_through_its_counter(priya, monkeypatch) -> None:
    children = Tally.objects.filter(figure=concern_counting.AGE, key="under-18")
    before = sum(children.values_list("count", flat=True))
    submit_concern(priya, age_group="under-18")
    assert sum(children.values_list("count", flat=True)) == before + 1
    assert store.out_of_step() == []
    # Without the counter's call the same submission counts nothing: it is the only path.
    monkeypatch.setattr(concern_counting, "concern_added", lambda concern: None)
    submit_concern(priya, age_group="under-18")
    assert sum(children.values_list("count", flat=True)) == before + 1
    assert store.out_of_step() != []


@pytest.mark.django_db
def test_a_case_change_moves_the_tallies_in_the_same_transaction(lee, priya) -> None:
    case = case_services.case_open(concern=make_concern(priya), lead=lee, by=lee)
    actions = Tally.objects.filter(figure=case_counting.ACTION)
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
    assert store.out_of_step() == []
