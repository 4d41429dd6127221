"""The national sums: shares, rounding, year-on-year change and missing figures, computed from
the shipped data file exactly as the seed briefing gives them for 2014."""

from __future__ import annotations

import pytest

from insights.national import NationalDataError, YearFigures, parse_rows
from insights.national_export import spreadsheet_safe, to_csv
from insights.national_figures import (
    NOT_PUBLISHED,
    change,
    count_and_share,
    headline,
    latest_headline,
    number,
    percent,
    year_rows,
)
from tests.insights.conftest import DATA_FILE, shipped_years

HEADER = (
    "year,referrals,exploited_as_adult,exploited_as_minor,female,male,"
    "transgender_or_other,duty_to_notify,note,source\n"
)


@pytest.fixture
def rows():
    return year_rows(shipped_years())


def by_year(rows, year):
    return next(row for row in rows if row.year == year)


def test_the_shipped_file_holds_every_year_from_2009_to_2025_with_a_source() -> None:
    years = shipped_years()
    assert [y.year for y in years] == [2009, *range(2013, 2026)]
    assert all(y.source for y in years)


def test_2014_referrals_are_2340_up_34_percent_on_2013(rows) -> None:
    row = by_year(rows, 2014)
    assert row.referrals_text == "2,340"
    assert row.referrals_change is not None
    assert row.referrals_change.signed == "+34%"
    assert row.referrals_change.words == "up 34%"


def test_2014_gender_is_61_percent_female_39_percent_male_and_under_1_percent_transgender(
    rows,
) -> None:
    row = by_year(rows, 2014)
    assert row.female_cell == "1,432 (61%)"
    assert row.male_cell == "906 (39%)"
    assert row.transgender_cell == "2 (<1%)"


def test_2014_age_is_71_percent_adults_and_29_percent_minors(rows) -> None:
    row = by_year(rows, 2014)
    assert row.adult_cell == "1,669 (71%)"
    assert row.minor_cell == "671 (29%)"
    assert row.age_remainder == 0


def test_the_2014_headline_says_what_the_seed_says(rows) -> None:
    seed = headline(rows, 2014)
    assert seed is not None
    assert seed.referrals == (
        "2,340 referrals to the National Referral Mechanism in 2014, up 34% on 2013."
    )
    assert seed.gender == "1,432 female (61%), 906 male (39%) and 2 transgender (<1%)."
    assert seed.age == (
        "1,669 (71%) referred for exploitation as adults and 671 (29%) for exploitation as minors."
    )


def test_the_latest_headline_is_2025_with_23411_referrals_up_22_percent_and_7130_reports(
    rows,
) -> None:
    latest = latest_headline(rows)
    assert latest is not None
    assert latest.year == 2025
    assert latest.referrals == (
        "23,411 referrals to the National Referral Mechanism in 2025, up 22% on 2024."
    )
    assert latest.duty_to_notify == "7,130 Duty to Notify reports in 2025, up 27% on 2024."


@pytest.mark.parametrize(
    ("part", "whole", "text"),
    [
        (1432, 2340, "61%"),  # 61.20
        (906, 2340, "39%"),  # 38.72
        (2, 2340, "<1%"),  # 0.09
        (1, 200, "1%"),  # exactly 0.5 rounds up
        (5, 1000, "1%"),  # 0.5 again
        (0, 1000, "0%"),
        (1, 8, "13%"),  # 12.5 rounds up, not to even
        (1999, 2000, ">99%"),  # 99.95 would round to 100
        (2000, 2000, "100%"),
    ],
)
def test_percentages_round_half_up_to_a_whole_percent(part, whole, text) -> None:
    share = percent(part, whole)
    assert share is not None
    assert share.text == text


def test_a_percentage_of_something_missing_is_none() -> None:
    assert percent(None, 2340) is None
    assert percent(5, None) is None
    assert percent(5, 0) is None
    assert count_and_share(None, 2340) == NOT_PUBLISHED


@pytest.mark.parametrize(
    ("current", "previous", "signed", "words"),
    [
        (2340, 1746, "+34%", "up 34%"),
        (23411, 19125, "+22%", "up 22%"),
        (10613, 10627, "\u2212<1%", "down less than 1%"),
        (90, 100, "\u221210%", "down 10%"),
        (100, 100, "0%", "no change"),
        (201, 200, "+1%", "up 1%"),  # 0.5% rounds up
    ],
)
def test_year_on_year_change_is_computed_and_rounded_half_up(
    current, previous, signed, words
) -> None:
    result = change(current, previous)
    assert result is not None
    assert (result.signed, result.words) == (signed, words)


def test_there_is_no_change_to_show_without_the_year_before(rows) -> None:
    assert change(100, None) is None
    assert change(None, 100) is None
    # 2013 follows a gap (no 2010 to 2012 in the file); 2018 is the first Duty to Notify figure.
    assert by_year(rows, 2013).referrals_change_text == "no figure for 2012"
    assert by_year(rows, 2018).dtn_change_text == "no figure for 2017"
    assert by_year(rows, 2014).dtn_change_text == NOT_PUBLISHED


def test_missing_figures_say_not_published_never_zero(rows) -> None:
    row = by_year(rows, 2024)
    assert row.adult_cell == NOT_PUBLISHED
    assert row.female_cell == NOT_PUBLISHED
    assert row.age_remainder_cell == NOT_PUBLISHED
    assert number(None) == NOT_PUBLISHED
    assert not row.has_age
    assert not row.has_gender


def test_the_part_not_broken_down_is_shown_as_its_own_share(rows) -> None:
    row = by_year(rows, 2020)  # "remainder age not recorded"
    assert row.adult_cell == "5,087 (48%)"
    assert row.minor_cell == "4,946 (47%)"
    assert row.age_remainder_cell == "580 (5%)"


def test_a_headline_leaves_out_what_was_not_published() -> None:
    rows = year_rows([YearFigures(year=2024, referrals=19125, source="x")])
    result = latest_headline(rows)
    assert result is not None
    assert result.gender is None
    assert result.age is None
    assert result.duty_to_notify is None


def test_a_file_is_read_in_year_order_with_blanks_as_none() -> None:
    years = parse_rows(HEADER + "2016,3805,,,,,5,,note,src\n2015,3266,,,,,2,,,src\n")
    assert [y.year for y in years] == [2015, 2016]
    assert years[1].female is None
    assert years[1].transgender_or_other == 5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("year,referrals\n2014,2340\n", "line 1: header: expected the columns"),
        (HEADER.replace(",male,", ",men,") + "2014,1,,,,,,,,s\n", "missing male; unexpected 'men'"),
        (HEADER + "2014,2,340,,,,,,,,s\n", "line 2: expected 10 columns, found 11"),
        (HEADER + "2014,many,,,,,,,,s\n", "line 2: referrals: expected a whole number"),
        (HEADER + "2014,-5,,,,,,,,s\n", "line 2: referrals: expected a whole number"),
        (HEADER + "2008,5,,,,,,,,s\n", "line 2: year: 2008 is outside 2009 to 2100"),
        (HEADER + ",5,,,,,,,,s\n", "line 2: year: enter the year"),
        (HEADER + "2014,5,,,,,,,,\n", "line 2: source: say where the figures come from"),
        (HEADER + "2014,5,,,,,,,,s\n2014,6,,,,,,,,s\n", "year: 2014 is given twice"),
        (HEADER + "2014,10,8,3,,,,,,s\n", "exploited_as_adult + exploited_as_minor (11)"),
        (HEADER + "2014,10,,,5,5,1,,,s\n", "female + male + transgender_or_other (11)"),
        (HEADER, "the file has a header but no years"),
    ],
)
def test_a_bad_file_is_refused_naming_the_problem(text, message) -> None:
    with pytest.raises(NationalDataError) as caught:
        parse_rows(text)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("up 34% on 2013", "up 34% on 2013"),
        (2340, 2340),
        (None, ""),
    ],
)
def test_export_cells_cannot_run_as_spreadsheet_formulas(value, safe) -> None:
    assert spreadsheet_safe(value) == safe


def test_the_export_has_the_columns_of_the_data_file_and_reads_back_the_same() -> None:
    years = shipped_years()
    exported = to_csv(years)
    assert exported.splitlines()[0] == DATA_FILE.read_text(encoding="utf-8").splitlines()[0]
    assert parse_rows(exported) == years
