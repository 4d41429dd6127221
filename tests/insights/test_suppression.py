"""Small-number suppression: no count below the threshold is shown, and no suppressed count can
be worked out from the totals, checked by brute force over every possible filling."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from insights.organisation import NRM_LINE, RG_POSITIVE, Line, Table, TableView, views_of
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
    return recoverable_given(result.cells, result.primary, result.total, threshold)


def recoverable_given(
    cells: tuple[int | None, ...],
    primary: frozenset[int],
    total: int | None,
    threshold: int,
    named: frozenset[int] = frozenset(),
) -> list[int]:
    """As `recoverable`, for shown `cells` and a `total` the reader knows (None: unknown);
    `named` cells are known to be at least the threshold (a nationality named)."""
    if total is None:
        return []
    hidden = [i for i, cell in enumerate(cells) if cell is None]
    hidden_sum = total - sum(cell for cell in cells if cell is not None)
    upper = list(range(threshold, hidden_sum + 1))
    domains = [
        list(range(1, threshold)) if i in primary else upper if i in named else [0, *upper]
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


# Tables of one group count the same concerns, so they share one total -------------------------

concerns = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 2), st.integers(0, 4)), min_size=0, max_size=30
)


def group_tables(rows: list[tuple[int, int, int]]) -> list[Table]:
    """The same concerns counted by month (3), by age (3) and by gender (5)."""
    tables = []
    for key, size in (("month", 3), ("age", 3), ("gender", 5)):
        position = ("month", "age", "gender").index(key)
        counts = [sum(1 for r in rows if r[position] == i) for i in range(size)]
        lines = [Line(f"{key} {i}", n) for i, n in enumerate(counts)]
        tables.append(Table(key, key, key, lines, group="concerns"))
    return tables


def page_total(views: list[TableView]) -> int | None:
    """The group's total as a reader of the whole page can work it out, if they can."""
    for view in views:
        if view.total is not None:
            return view.total
        if all(row.count is not None for row in view.rows):
            return sum(row.count or 0 for row in view.rows)
    return None


@settings(max_examples=400, deadline=None)
@given(rows=concerns, threshold=st.integers(2, 6))
def test_no_suppressed_cell_can_be_recovered_from_another_tables_total(rows, threshold) -> None:
    tables = group_tables(rows)
    views = views_of(tables, threshold)
    known = page_total(views)
    for table, view in zip(tables, views, strict=True):
        cells = tuple(row.count for row in view.rows)
        primary = table.protected(threshold).primary
        assert recoverable_given(cells, primary, known, threshold) == [], (table.key, cells)


def test_when_one_table_must_hide_its_total_the_whole_group_shows_nothing() -> None:
    # 12 concerns in one month: 4 children, 4 adults, 4 of unknown age. The age table must hide
    # its total, but the month table would show 12 and give away 4, 4 and 4.
    rows = [(0, age, 0) for age in range(3) for _ in range(4)]
    tables = group_tables(rows)
    assert tables[1].protected(5).total_suppressed
    views = views_of(tables, 5)
    assert all(row.count is None for view in views for row in view.rows)
    assert all(view.total is None for view in views)
    # A table of another group is not touched, and leads (no threshold) see everything.
    other = Table("kinds", "kinds", "kind", [Line("a", 12), Line("b", 0)], group="referrals")
    assert views_of([*tables, other], 5)[-1].total == 12
    assert views_of(tables, None)[1].total == 12


# Referral tables are tied: a line of one is the total of another --------------------------------

referral_sets = st.tuples(
    st.lists(st.integers(0, 12), min_size=6, max_size=6),  # the other kinds of referral
    st.lists(st.sampled_from(["pos-pos", "pos-neg", "pos-wait", "neg", "wait"]), max_size=25),
)


def referral_tables(others: list[int], nrm: list[str]) -> list[Table]:
    """The kinds, RG and CG tables as insights.organisation builds them, from NRM outcomes
    ("pos-neg": positive RG, then negative CG)."""
    kinds = list(others)
    kinds.insert(NRM_LINE, len(nrm))
    rg = [sum(o.startswith("pos") for o in nrm), nrm.count("neg"), nrm.count("wait")]
    cg = [nrm.count("pos-pos"), nrm.count("pos-neg"), nrm.count("pos-wait")]

    def table(key: str, counts: list[int]) -> Table:
        return Table(key, key, key, [Line(f"{key} {i}", n) for i, n in enumerate(counts)])

    return [table("referrals-by-kind", kinds), table("nrm-rg", rg), table("nrm-cg", cg)]


@settings(max_examples=400, deadline=None)
@given(data=referral_sets, threshold=st.integers(2, 6))
def test_no_referral_count_can_be_recovered_through_a_tied_table(data, threshold) -> None:
    tables = referral_tables(*data)
    kinds, rg, cg = views_of(tables, threshold)

    def cells(view: TableView) -> tuple[int | None, ...]:
        return tuple(row.count for row in view.rows)

    # What a reader of the page knows each table's total to be, from it or from its tie.
    known = {
        "referrals-by-kind": kinds.total,
        "nrm-rg": rg.total if rg.total is not None else kinds.rows[NRM_LINE].count,
        "nrm-cg": cg.total if cg.total is not None else rg.rows[RG_POSITIVE].count,
    }
    if rg.total is not None and kinds.rows[NRM_LINE].count is not None:
        assert rg.total == kinds.rows[NRM_LINE].count
    for table, view in zip(tables, (kinds, rg, cg), strict=True):
        primary = table.protected(threshold).primary
        found = recoverable_given(cells(view), primary, known[table.key], threshold)
        assert found == [], (table.key, cells(view), known[table.key])


def test_a_withheld_nationality_table_names_no_nationality() -> None:
    """A nationality is named only when it counts at least the threshold, so its name alone
    says something: when the group is withheld, one line stands for them all."""
    rows = [(0, age, 0) for age in range(3) for _ in range(4)]
    nationality = Table(
        "nationality",
        "by nationality",
        "Nationality",
        [Line("Romanian", 8, named=True), Line("Other nationalities", 4), Line("Not recorded", 0)],
        group="concerns",
        withheld_label="All nationalities",
    )
    views = views_of([*group_tables(rows), nationality], 5)
    assert [(row.label, row.count) for row in views[-1].rows] == [("All nationalities", None)]
    assert views_of([nationality], 5)[0].rows[0].label == "Romanian"


def test_a_named_cell_is_known_not_to_be_zero() -> None:
    # Romanian 5 (named, so at least 5) and two others of 1: with the total 7 shown, a reader
    # who knows the 5 is not 0 works out 5, 1 and 1. Knowing that, the total is hidden too.
    counts, named = [5, 1, 1], frozenset({0})
    plain = suppress(counts, 5)
    assert recoverable_given(plain.cells, plain.primary, plain.total, 5, named) != []
    protected = suppress(counts, 5, named=named)
    assert recoverable_given(protected.cells, protected.primary, protected.total, 5, named) == []


@settings(max_examples=300, deadline=None)
@given(counts=tables, threshold=st.integers(2, 7), data=st.data())
def test_no_named_cell_can_be_recovered(counts, threshold, data) -> None:
    candidates = [i for i, n in enumerate(counts) if n >= threshold]
    named = frozenset(data.draw(st.sets(st.sampled_from(candidates))) if candidates else ())
    result = suppress(counts, threshold, named=named)
    assert recoverable_given(result.cells, result.primary, result.total, threshold, named) == []
