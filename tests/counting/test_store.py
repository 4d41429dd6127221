"""The counting store alone (counting/store.py, issue 18), with a fake side standing in for an
app's counter: it knows no app's records, only what a side registers, and it applies, checks
and recounts every side the same way."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from counting import store
from counting.models import Tally, TallyMonth

MAY, JUNE = date(2026, 5, 1), date(2026, 6, 1)
RED, BLUE = "fake-red", "fake-blue"


class Records:
    """The fake app's records: what each (organisation, month) counts, set by the test."""

    def __init__(self) -> None:
        self.counts: dict[tuple[object, date], store.Counts] = {}

    def count(self, organisation_id: object, month: date) -> store.Counts:
        return dict(self.counts.get((organisation_id, month), {}))

    def months(self) -> set[tuple[object, date]]:
        return {key for key, counts in self.counts.items() if any(counts.values())}


@pytest.fixture
def records(monkeypatch) -> Records:
    """Only the fake side is registered, for one test."""
    monkeypatch.setattr(store, "_SIDES", {})
    fake = Records()
    store.register(
        store.Side(name="fake", figures=(RED, BLUE), count=fake.count, months=fake.months)
    )
    return fake


@pytest.fixture
def org(lee) -> object:
    return lee.organisation_id


def test_registering_a_side(records) -> None:
    (fake,) = store.sides()
    store.register(fake)  # once only
    assert store.sides() == (fake,)
    with pytest.raises(ValueError, match="already registered"):
        store.register(store.Side("fake", ("other",), records.count, records.months))
    with pytest.raises(ValueError, match="another side"):
        store.register(store.Side("second", (BLUE,), records.count, records.months))
    with pytest.raises(ValueError, match="at most"):
        store.register(store.Side("a-long-side", ("x",), records.count, records.months))
    store.unregister("fake")
    assert store.sides() == ()


def test_with_no_side_registered_nothing_is_counted_or_checked(monkeypatch, org) -> None:
    monkeypatch.setattr(store, "_SIDES", {})
    with pytest.raises(LookupError):
        store.add(org, MAY, "concerns", Counter({("concern-age", "under-18"): 1}))
    assert not TallyMonth.objects.exists()
    assert not Tally.objects.exists()
    assert store.out_of_step() == []
    assert store.recount_all() == []
    assert store.recount_all_daily(today=date(2026, 6, 2)) == 0


def test_the_store_adds_a_new_record_under_the_months_lock(records, org) -> None:
    store.add(org, MAY, "fake", Counter({(RED, "a"): 2, (BLUE, ""): 1}))
    store.add(org, MAY, "fake", Counter({(RED, "a"): 1}))
    assert store.stored(org, MAY, "fake") == {(RED, "a"): 3, (BLUE, ""): 1}
    lock = TallyMonth.objects.get(organisation_id=org, month=MAY, side="fake")
    assert lock.changed_at is not None  # marked for the daily check
    with pytest.raises(ValueError, match="not counted by"):
        store.add(org, MAY, "fake", Counter({("concern-age", "x"): 1}))


def test_a_change_adds_the_difference_and_drops_a_tally_at_zero(records, org) -> None:
    store.add(org, MAY, "fake", Counter({(RED, "a"): 1, (BLUE, "b"): 1}))
    record = Counter({(RED, "a"): 1, (BLUE, "b"): 1})
    with store.changing(org, MAY, "fake", lambda: Counter(record)):
        record[(BLUE, "b")] = 0
        record[(BLUE, "c")] = 2
    assert store.stored(org, MAY, "fake") == {(RED, "a"): 1, (BLUE, "c"): 2}
    assert not Tally.objects.filter(figure=BLUE, key="b").exists()


def test_a_change_below_zero_recounts_from_the_side(records, org, caplog) -> None:
    records.counts[(org, MAY)] = {(RED, "a"): 4}
    record = Counter({(RED, "a"): 1})
    with (
        caplog.at_level(logging.WARNING, logger="counting.store"),
        store.changing(org, MAY, "fake", lambda: Counter(record)),
    ):
        record.clear()  # takes 1 from a tally never stored
    assert "out of step" in caplog.text
    assert store.stored(org, MAY, "fake") == {(RED, "a"): 4}


def test_the_store_checks_and_recounts_from_the_sides_count(records, org) -> None:
    records.counts[(org, MAY)] = {(RED, "a"): 5, (BLUE, "b"): 0}
    store.add(org, MAY, "fake", Counter({(RED, "a"): 2}))
    assert store.out_of_step() == [(org, MAY, "fake")]
    assert store.stored(org, MAY, "fake") == {(RED, "a"): 2}  # a check changes nothing
    assert store.recount(org, MAY, "fake") is True
    assert store.stored(org, MAY, "fake") == {(RED, "a"): 5}  # no zero counts stored
    assert store.recount(org, MAY, "fake") is False
    assert store.out_of_step() == []
    # Records gone (deleted straight in the database): the recount clears the month.
    records.counts.clear()
    assert store.recount_all() == [(org, MAY, "fake")]
    assert store.stored(org, MAY, "fake") == {}


def test_recount_months_recounts_the_months_of_the_moments(records, org) -> None:
    records.counts[(org, MAY)] = {(RED, "a"): 1}
    records.counts[(org, JUNE)] = {(RED, "a"): 2}
    tz = timezone.get_current_timezone()
    store.recount_months(org, "fake", [datetime(2026, 6, 30, 12, tzinfo=tz)])
    assert store.stored(org, JUNE, "fake") == {(RED, "a"): 2}
    assert store.stored(org, MAY, "fake") == {}


def test_the_daily_job_recounts_what_was_written_lately_or_never_counted(records, org) -> None:
    today = date(2026, 6, 10)
    store.add(org, MAY, "fake", Counter({(RED, "a"): 1}))
    records.counts[(org, MAY)] = {(RED, "a"): 3}
    records.counts[(org, JUNE)] = {(BLUE, "b"): 1}  # never counted
    # Written to three days before today: the daily job leaves it.
    three_days = timezone.make_aware(datetime(2026, 6, 7, 12))
    TallyMonth.objects.update(changed_at=three_days)
    assert store.recount_all_daily(today=today) == 1
    assert store.stored(org, JUNE, "fake") == {(BLUE, "b"): 1}
    assert store.stored(org, MAY, "fake") == {(RED, "a"): 1}
    TallyMonth.objects.filter(month=MAY).update(changed_at=three_days + timedelta(days=2))
    assert store.recount_all_daily(today=today) == 1
    assert store.stored(org, MAY, "fake") == {(RED, "a"): 3}


def test_a_months_of_another_side_in_the_table_is_left_alone(records, org) -> None:
    TallyMonth.objects.create(
        organisation_id=org, month=MAY, side="gone", counted_at=timezone.now()
    )
    assert store.months_with_records() == set()
    assert store.recount_all_daily(today=date(2026, 6, 10)) == 0
