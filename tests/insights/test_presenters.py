"""What the national figures page shows (insights/presenters.py) and the download's name
(insights/national_export.py), from the shipped data file without the database."""

from __future__ import annotations

from dataclasses import replace

from insights import national_export, presenters
from tests.insights.conftest import shipped_years


def test_no_years_give_an_empty_page() -> None:
    assert presenters.national_page([]) == {"rows": []}
    assert national_export.file_name([]) == "nrm-statistics-none.csv"


def test_the_page_has_the_seed_year_charts_and_the_span() -> None:
    years = shipped_years()
    page = presenters.national_page(years)
    assert page["first_year"] == years[0].year and page["last_year"] == years[-1].year
    assert page["seed"].year == presenters.SEED_YEAR
    assert page["latest"].year == years[-1].year
    held = {f.year for f in years}
    assert page["missing_years"] == [
        y for y in range(years[0].year, years[-1].year) if y not in held
    ]
    assert [row.year for row in page["trend"].rows] == [f.year for f in years]
    assert page["age"] is not None and page["gender"] is not None
    assert 'id="chart-referrals"' in page["trend"].chart
    name = f"nrm-statistics-{years[0].year}-to-{years[-1].year}.csv"
    assert national_export.file_name(years) == name


def test_a_gap_in_the_years_is_named_and_the_latest_is_not_said_twice() -> None:
    seed_only = [f for f in shipped_years() if f.year == presenters.SEED_YEAR]
    assert presenters.national_page(seed_only)["latest"] is None
    years = [f for f in shipped_years() if f.year in (2013, 2015)]
    page = presenters.national_page(years)
    assert page["missing_years"] == [2014]
    assert page["seed"] is None and page["latest"].year == 2015


def test_a_breakdown_nobody_published_has_no_chart() -> None:
    years = [replace(f, female=None, male=None, transgender_or_other=None) for f in shipped_years()]
    assert presenters.national_page(years)["gender"] is None
