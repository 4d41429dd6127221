"""Two overlapping periods must not difference to a suppressed count (issue 17): November and
December less December was November's 1 child and 1 adult. The defence is cell-key
perturbation (insights/cellkey.py, docs/figures.md); these tests try it as an analyst would."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from concerns.counting import AGE, GENDER, NATIONALITY
from counting.models import Tally
from insights import cellkey
from insights.models import OrganisationInsightSettings
from insights.organisation import Period, organisation_figures, views_of

pytestmark = pytest.mark.django_db

AGES = (("under-18", "Child (under 18)"), ("18-or-over", "Adult (18 or over)"))
YEAR = [date(2025, m, 1) for m in range(1, 13)]


def load(org_id, months: dict[date, tuple[int, int]]) -> None:
    """Tallies for (children, adults) a month, as the services would have kept them."""
    Tally.objects.filter(organisation_id=org_id).delete()
    rows = []
    for month, pair in months.items():
        for (key, _), n in zip(AGES, pair, strict=True):
            if n:
                rows.append(
                    Tally(organisation_id=org_id, month=month, figure=AGE, key=key, count=n)
                )
        if sum(pair):
            for figure in (GENDER, NATIONALITY):
                rows.append(
                    Tally(
                        organisation_id=org_id, month=month, figure=figure, key="", count=sum(pair)
                    )
                )
    Tally.objects.bulk_create(rows)


def age_cells(user, period: Period, threshold: int) -> dict[str, int | None]:
    """What an analyst's page shows in the table of concerns by age (None: suppressed)."""
    views = views_of(organisation_figures(user, period), threshold)
    age = next(v for v in views if v.table.key == "age")
    return {row.label: row.count for row in age.rows}


def could_be(shown: int | None, threshold: int) -> set[int]:
    """The true counts an analyst who knows the method (and the lookup table, not the keys) can
    put behind a cell. A suppressed cell could be anything up to a bound big enough here."""
    if shown is None:
        return set(range(0, 200))
    return cellkey.could_be(shown)


def differences(bigger: set[int], smaller: set[int]) -> set[int]:
    return {a - b for a in bigger for b in smaller if a >= b}


months_strategy = st.lists(
    st.tuples(st.integers(0, 7), st.integers(0, 7)), min_size=12, max_size=12
)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    counts=months_strategy,
    cut=st.integers(1, 11),
    span=st.tuples(st.integers(0, 11), st.integers(0, 11)),
    same_end=st.booleans(),
    threshold=st.sampled_from([3, 5, 10]),
)
def test_no_suppressed_count_is_recovered_from_two_overlapping_periods(
    ana, counts, cut, span, same_end, threshold
) -> None:
    OrganisationInsightSettings.objects.update_or_create(
        organisation_id=ana.organisation_id, defaults={"suppression_threshold": threshold}
    )
    load(ana.organisation_id, dict(zip(YEAR, counts, strict=True)))
    first, last = sorted(span)
    # Two periods sharing an end (or a start): the longer less the shorter is the months
    # between, which the analyst would see suppressed if they asked for them alone.
    if same_end:
        if not first < cut <= last:
            return
        bigger, smaller, between = (first, last), (cut, last), range(first, cut)
    else:
        if not first <= cut - 1 < last:
            return
        bigger, smaller, between = (first, last), (first, cut - 1), range(cut, last + 1)
    big_view = age_cells(ana, Period.months(YEAR[bigger[0]], YEAR[bigger[1]]), threshold)
    small_view = age_cells(ana, Period.months(YEAR[smaller[0]], YEAR[smaller[1]]), threshold)
    for i, (_, label) in enumerate(AGES):
        truth = sum(counts[m][i] for m in between)
        if not 0 < truth < threshold:
            continue  # not a count that would be suppressed
        guesses = differences(
            could_be(big_view[label], threshold), could_be(small_view[label], threshold)
        )
        assert truth in guesses  # the analyst's reasoning is sound...
        assert len(guesses) > 1, (label, big_view, small_view)  # ...and never certain


def test_the_issues_example_no_longer_gives_november_away(ana) -> None:
    """November: 1 child and 1 adult. December: 6 children and 7 adults."""
    load(ana.organisation_id, {YEAR[10]: (1, 1), YEAR[11]: (6, 7)})
    both = age_cells(ana, Period.months(YEAR[10], YEAR[11]), 5)
    december = age_cells(ana, Period.months(YEAR[11], YEAR[11]), 5)
    november = age_cells(ana, Period.months(YEAR[10], YEAR[10]), 5)
    assert november["Child (under 18)"] is None
    for label in ("Child (under 18)", "Adult (18 or over)"):
        guesses = differences(could_be(both[label], 5), could_be(december[label], 5))
        assert 1 in guesses and len(guesses) > 1


def test_the_same_contents_always_show_the_same_numbers(ana) -> None:
    """Asking again, or for a period that adds only empty months, gives nothing new: the
    noise cannot be averaged away by asking many times."""
    load(ana.organisation_id, {YEAR[3]: (6, 9), YEAR[4]: (0, 0), YEAR[6]: (8, 3)})
    april = age_cells(ana, Period.months(YEAR[3], YEAR[3]), 5)
    assert age_cells(ana, Period.months(YEAR[3], YEAR[3]), 5) == april
    assert age_cells(ana, Period.months(YEAR[1], YEAR[4]), 5) == april
    assert age_cells(ana, Period.months(YEAR[3], YEAR[5]), 5) == april


def test_the_change_is_small_and_centred(ana) -> None:
    changes = [cellkey.change(k) for k in range(cellkey.KEY_RANGE)]
    assert sum(changes) == 0
    assert set(changes) == {-2, -1, 0, 1, 2}
    assert cellkey.perturb(0, 255) == 0  # zero counts no one
    assert all(cellkey.perturb(1, k) >= 1 for k in range(cellkey.KEY_RANGE))


def test_different_cells_get_different_changes(ana) -> None:
    """Across many cells the changes are spread over the lookup table, not all alike."""
    keys = [cellkey.cell_key("org", "age", "x", contents=[f"m|{i}"]) for i in range(400)]
    seen = {cellkey.change(k) for k in keys}
    assert seen == {-2, -1, 0, 1, 2}


def test_every_line_of_every_table_has_a_cell_key(ana, lee) -> None:
    load(ana.organisation_id, {YEAR[3]: (6, 9)})
    for table in organisation_figures(ana, Period.months(YEAR[0], YEAR[11])):
        assert all(line.cell_key is not None for line in table.lines), table.key


def test_a_lead_still_sees_the_true_counts(lee, as_user) -> None:
    load(lee.organisation_id, {YEAR[10]: (1, 1), YEAR[11]: (6, 7)})
    views = views_of(organisation_figures(lee, Period.months(YEAR[10], YEAR[11])), None)
    age = next(v for v in views if v.table.key == "age")
    assert [r.count for r in age.rows[:2]] == [7, 8]
