"""Cell-key perturbation: small, fixed noise on the figures analysts see and everyone exports,
so two overlapping periods do not difference to a suppressed count (docs/figures.md).

The method is the one the ONS used for Census 2021: every cell gets a key from what it counts,
and a fixed table turns (count, key) into a small change. The same contents always get the
same key, so asking again (or asking for a period that adds only empty months) gives the same
number; two cells that count different things get unrelated keys, so "November and December"
less "December" is November's count plus the difference of two unknown changes, not November's
count.

The ONS summed a random key stored on each record. Our figures come from monthly tallies, not
records, so a cell's key is a keyed hash (HMAC with the service's secret key) of what the cell
adds up: which tallies, of which months, with which counts (the referral tables, counted from
the records, use the referrals' ids). A month with nothing in it adds nothing, so it does not
change the key. Without the secret key nobody can work a change out from the contents.

Zero stays zero (it counts no one) and a count of one or more never becomes zero, so "0" keeps
its meaning on the page.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.crypto import salted_hmac

KEY_RANGE = 256  # as the ONS: keys 0 to 255
# The fixed lookup table: a key below each bound gets that change. Centred on 0, so adding many
# cells does not drift: 10% -2, 20% -1, 40% 0, 20% +1, 10% +2.
CHANGES: tuple[tuple[int, int], ...] = ((26, -2), (77, -1), (179, 0), (230, 1), (256, 2))
LARGEST_CHANGE = 2


def cell_key(*parts: object, contents: Iterable[object]) -> int:
    """The key of a cell: `parts` name it (organisation, table, line), `contents` are what it
    adds up (in any order; the empty ones are left out by the caller)."""
    text = repr((tuple(str(p) for p in parts), sorted(str(c) for c in contents)))
    digest = salted_hmac("signpost.insights.cell-key", text, algorithm="sha256").digest()
    return int.from_bytes(digest[:4], "big") % KEY_RANGE


def change(key: int) -> int:
    for bound, value in CHANGES:
        if key < bound:
            return value
    raise ValueError(f"a cell key is 0 to {KEY_RANGE - 1}")


def perturb(count: int, key: int) -> int:
    """What a cell of `count` with `key` shows: 0 stays 0, one or more stays one or more."""
    if count <= 0:
        return count
    return max(count + change(key), 1)


def could_be(shown: int) -> set[int]:
    """Every true count that can show as `shown`, for someone who knows this table but not the
    keys (the analyst trying to difference two periods)."""
    if shown == 0:
        return {0}
    return {c for c in range(1, shown + LARGEST_CHANGE + 1) if _reaches(c, shown)}


def _reaches(count: int, shown: int) -> bool:
    return any(max(count + value, 1) == shown for _, value in CHANGES)
