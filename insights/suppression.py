"""Small-number suppression for the organisation's own figures (pure functions, no Django).

The rule, for one table of counts that add up to a shown total:

1. Primary suppression. A count from 1 to threshold - 1 is shown as "suppressed". A zero is
   shown as 0: it counts no one (the usual rule of the ONS and NHS England). A table whose total
   is itself from 1 to threshold - 1 shows nothing at all: every cell and the total suppressed.
2. Secondary suppression, so no suppressed count can be worked out from the total. Someone
   reading the table knows the total, every shown cell, and the rule: a primary cell is 1 to
   threshold - 1, any other suppressed cell is 0 or at least the threshold. While any suppressed
   cell has only one value consistent with that, the next smallest shown non-zero cell is
   suppressed too (a zero only when no non-zero cell is left); when nothing is left to
   suppress, the total is suppressed instead.

Tables whose counts do not add up to a total (indicators, where one concern has many) get
primary suppression only and show no total: there is nothing to subtract from.

`suppress()` says which cells are hidden; `feasible_values()` is the check the rule repeats.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

SUPPRESSED = "suppressed"
DEFAULT_THRESHOLD = 5
# What an organisation may choose (the database refuses anything else: insight_threshold_2_to_50).
MIN_THRESHOLD, MAX_THRESHOLD = 2, 50

Interval = tuple[int, int]


@dataclass(frozen=True)
class Suppressed:
    """What to show of a table: `cells[i]` is the count or None (suppressed); `total` likewise.
    `primary` and `secondary` are the positions suppressed for each reason."""

    cells: tuple[int | None, ...]
    total: int | None
    primary: frozenset[int]
    secondary: frozenset[int]
    total_suppressed: bool

    @property
    def any_suppressed(self) -> bool:
        return bool(self.primary or self.secondary or self.total_suppressed)


def is_small(count: int, threshold: int) -> bool:
    return 0 < count < threshold


def _add(a: list[Interval], b: list[Interval], cap: int) -> list[Interval]:
    sums = sorted((x1 + y1, min(x2 + y2, cap)) for x1, x2 in a for y1, y2 in b if x1 + y1 <= cap)
    merged: list[Interval] = []
    for lo, hi in sums:
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def domain(
    count_is_primary: bool, threshold: int, cap: int, *, named: bool = False
) -> list[Interval]:
    """What a reader knows a suppressed cell could be: 1..t-1 if primary, else 0 or t and up;
    t and up only, for a cell whose line is shown only when it counts at least t (`named`)."""
    if count_is_primary:
        return [(1, min(threshold - 1, cap))] if cap >= 1 else []
    upper = [(threshold, cap)] if cap >= threshold else []
    return upper if named else [(0, 0), *upper]


def feasible_values(domains: Sequence[list[Interval]], hidden_sum: int) -> list[list[Interval]]:
    """For each suppressed cell, the values it could take given the others' domains and that
    together they make `hidden_sum` (the total less the shown cells)."""
    out = []
    for i, own in enumerate(domains):
        others: list[Interval] = [(0, 0)]
        for j, dom in enumerate(domains):
            if j != i:
                others = _add(others, dom, hidden_sum)
        values = []
        for lo, hi in own:
            for olo, ohi in others:
                # v in [lo, hi] with hidden_sum - v in [olo, ohi]
                a, b = max(lo, hidden_sum - ohi), min(hi, hidden_sum - olo)
                if a <= b:
                    values.append((a, b))
        out.append(values)
    return out


def _width(values: list[Interval]) -> int:
    return sum(hi - lo + 1 for lo, hi in values)


def _any_determined(
    counts: Sequence[int],
    hidden: set[int],
    primary: set[int],
    threshold: int,
    named: frozenset[int] = frozenset(),
) -> bool:
    if not hidden:
        return False
    order = sorted(hidden)
    hidden_sum = sum(counts[i] for i in order)
    domains = [domain(i in primary, threshold, hidden_sum, named=i in named) for i in order]
    return any(_width(v) <= 1 for v in feasible_values(domains, hidden_sum))


def suppress(
    counts: Sequence[int],
    threshold: int,
    *,
    additive: bool = True,
    named: frozenset[int] = frozenset(),
    forced: frozenset[int] = frozenset(),
) -> Suppressed:
    """Which cells of a table (and whether its total) to hide; see the module's docstring.
    `named`: cells whose lines are shown only when they count at least the threshold (the
    nationalities named), so a reader knows they are not 0 even when hidden. `forced`: cells to
    hide whatever their count, because another table would give them away (secondary)."""
    if threshold < 2:
        raise ValueError("the threshold must be at least 2")
    if any(c < 0 for c in counts):
        raise ValueError("counts cannot be negative")
    total = sum(counts)
    primary = {i for i, c in enumerate(counts) if is_small(c, threshold)}
    if not additive:
        cells = tuple(None if i in primary else c for i, c in enumerate(counts))
        return Suppressed(cells, None, frozenset(primary), frozenset(), True)
    if is_small(total, threshold):
        every = frozenset(range(len(counts)))
        return Suppressed((None,) * len(counts), None, frozenset(primary), every - primary, True)
    hidden = primary | set(forced)
    total_hidden = False
    while _any_determined(counts, hidden, primary, threshold, named):
        shown = [i for i in range(len(counts)) if i not in hidden]
        nonzero = sorted((counts[i], i) for i in shown if counts[i] > 0)
        zeros = [(0, i) for i in shown if counts[i] == 0]
        candidates = nonzero or zeros
        if not candidates:
            total_hidden = True
            break
        hidden.add(candidates[0][1])
    cells = tuple(None if i in hidden else c for i, c in enumerate(counts))
    return Suppressed(
        cells,
        None if total_hidden else total,
        frozenset(primary),
        frozenset(hidden - primary),
        total_hidden,
    )
