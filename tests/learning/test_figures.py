from learning.figures import DATA_PATH, briefing_figures, load_years, percent, rise


def test_the_2014_figures_match_the_seed_briefing() -> None:
    figures = briefing_figures()
    assert figures["base_year"] == "2014"
    assert figures["base_referrals"] == "2,340"
    assert figures["base_rise"] == "34"
    assert (figures["base_female"], figures["base_male"]) == ("61", "39")
    assert (figures["base_adult"], figures["base_minor"]) == ("71", "29")


def test_the_latest_figures_come_from_the_newest_year_in_the_file() -> None:
    figures = briefing_figures()
    assert figures["latest_year"] == str(max(load_years()))
    assert figures["latest_year"] == "2025"
    assert figures["latest_referrals"] == "23,411"
    assert figures["latest_duty_to_notify"] == "7,130"
    assert figures["latest_rise"] == "22"
    assert figures["previous_year"] == "2024"
    assert figures["growth_multiple"] == "10"


def test_percentages_are_computed_and_round_halves_up() -> None:
    assert percent(1, 8) == 13  # 12.5
    assert percent(1432, 2340) == 61
    assert rise(23411, 19125) == 22


def test_the_briefing_reads_the_national_figures_that_insights_ships() -> None:
    assert DATA_PATH.parts[-3:] == ("insights", "data", "nrm-statistics.csv")
    assert DATA_PATH.is_file()
