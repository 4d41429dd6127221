"""Small-number suppression: no count below the threshold is shown, and no suppressed count can
be worked out from the totals, checked by brute force over every possible filling."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from insights.suppression import suppress


def fillings(domains: list[list[int]], total: int) -> Iterator[tuple[int, ...]]:
    """Every way to give each suppressed cell a value from its domain making `total`."""
    if not domains:
        if total == 0:
            yield ()
        return
    first, rest = domains[0], domains[1:]
    for value in first:
        if value <= total:
            for tail in fillings(rest, total - value):
                yield (value, *tail)


def recoverable(counts: list[int], threshold: int) -> list[int]:
    """The positions of suppressed cells whose value is the only one consistent with what is
    shown: the total, the shown cells, and the rule (primary cells are 1 to threshold - 1,
    others suppressed are 0 or at least the threshold). Independent of suppress()'s own sums."""
    result = suppress(counts, threshold)
    if result.total is None:
        return []
    hidden = [i for i, cell in enumerate(result.cells) if cell is None]
    hidden_sum = result.total - sum(cell for cell in result.cells if cell is not None)
    domains = [
        list(range(1, threshold)) if i in result.primary else [0, *range(threshold, hidden_sum + 1)]
        for i in hidden
    ]
    seen: list[set[int]] = [set() for _ in hidden]
    for filling in fillings(domains, hidden_sum):
        for k, value in enumerate(filling):
            seen[k].add(value)
        if all(len(s) > 1 for s in seen):
            return []
    return [hidden[k] for k, s in enumerate(seen) if len(s) <= 1]


tables = st.lists(st.one_of(st.integers(0, 6), st.integers(0, 40)), min_size=1, max_size=6)


@settings(max_examples=400, deadline=None)
@given(counts=tables, threshold=st.integers(2, 7))
def test_no_suppressed_cell_can_be_recovered_from_the_totals(counts, threshold) -> None:
    assert recoverable(counts, threshold) == []


@settings(max_examples=300, deadline=None)
@given(counts=tables, threshold=st.integers(2, 7))
def test_no_count_below_the_threshold_is_ever_shown(counts, threshold) -> None:
    result = suppress(counts, threshold)
    for cell in result.cells:
        assert cell is None or cell == 0 or cell >= threshold
    assert result.total is None or result.total == 0 or result.total >= threshold
    shown = [c for c in result.cells if c is not None]
    if result.total is not None:
        assert result.total == sum(counts)
        assert sum(shown) <= result.total


def test_a_single_small_cell_is_hidden_with_the_next_smallest() -> None:
    result = suppress([3, 20, 30, 0], 5)
    assert result.cells == (None, None, 30, 0)
    assert result.total == 53


def test_zeros_are_shown_because_they_count_no_one() -> None:
    assert suppress([0, 12, 9], 5).cells == (0, 12, 9)


def test_a_table_with_a_small_total_shows_nothing() -> None:
    result = suppress([2, 1, 0], 5)
    assert result.cells == (None, None, None)
    assert result.total is None


def test_two_small_cells_that_would_give_each_other_away_take_a_third() -> None:
    # 1 + 1 = 2 could only be 1 and 1.
    result = suppress([1, 1, 30, 40], 5)
    assert result.cells == (None, None, None, 40)


def test_when_nothing_is_left_to_hide_the_total_is_hidden() -> None:
    # Two primaries of 4 and 4: the total 8 would give both away.
    result = suppress([4, 4], 5)
    assert result.cells == (None, None)
    assert result.total is None


def test_tables_that_do_not_add_up_get_primary_suppression_only() -> None:
    result = suppress([3, 20, 30], 5, additive=False)
    assert result.cells == (None, 20, 30)
    assert result.total is None


def test_the_threshold_must_be_at_least_two() -> None:
    with pytest.raises(ValueError):
        suppress([1], 1)
