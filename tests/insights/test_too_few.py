"""When every count is below the smallest count to show (a school's first months), the page says
so plainly and suggests a longer period, instead of a page of "suppressed" (issue 17)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from insights.organisation import Period
from insights.organisation_views import longer_period
from tests.cases.factories import child_fields, make_concern

pytestmark = pytest.mark.django_db
PAGE = reverse("insights:organisation")


def test_an_analyst_is_told_plainly_when_every_count_is_too_small(ana, priya, as_user) -> None:
    make_concern(priya)
    make_concern(priya, **child_fields())
    page = as_user(ana).get(PAGE).content.decode()
    assert "Too few to show for these months" in page
    assert "is below 5, so none of them is shown" in page
    assert "Try a longer period" in page
    assert "suppressed</td>" not in page
    assert 'id="age"' not in page


def test_the_suggestion_is_a_longer_period_ending_the_same_month(ana, priya, as_user) -> None:
    concern = make_concern(priya)
    month = concern.submitted_at.date()
    query = {"date_from": f"{month:%Y-%m}", "date_to": f"{month:%Y-%m}"}
    html = as_user(ana).get(PAGE, query).content.decode()
    longer = longer_period(Period.months(month, month))
    assert f"date_from={longer.start:%Y-%m}&amp;date_to={month:%Y-%m}" in html
    assert longer_period(Period.months(date(2026, 10, 1), date(2026, 12, 1))) == Period.months(
        date(2026, 1, 1), date(2026, 12, 1)
    )
    two_years = longer_period(Period.months(date(2025, 1, 1), date(2025, 12, 1)))
    assert two_years == Period.months(date(2024, 1, 1), date(2025, 12, 1))


def test_a_lead_sees_the_counts_themselves(lee, priya, as_user) -> None:
    make_concern(priya)
    page = as_user(lee).get(PAGE).content.decode()
    assert "Too few to show" not in page
    assert 'id="age"' in page


def test_a_period_with_nothing_at_all_says_none_not_too_few(ana, as_user) -> None:
    page = as_user(ana).get(PAGE).content.decode()
    assert "Too few to show" not in page
    assert 'id="age"' in page


def test_enough_counts_show_the_tables(ana, priya, as_user) -> None:
    for _ in range(12):
        make_concern(priya)
    page = as_user(ana).get(PAGE).content.decode()
    assert "Too few to show" not in page
    assert 'id="age"' in page
