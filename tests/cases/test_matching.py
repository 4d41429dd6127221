from __future__ import annotations

from datetime import date

import pytest

from cases import selectors
from cases.matching import SUGGEST_AT, Sketch, match_score
from tests.cases.factories import make_concern, open_case

BORN = date(2001, 4, 3)


def test_the_same_name_and_date_of_birth_is_a_strong_match() -> None:
    match = match_score(Sketch("Dana Petrov", BORN), Sketch("dana  PETROV", BORN))
    assert match.score == 6
    assert match.reasons == ("Same name", "Same date of birth")


def test_accents_and_punctuation_do_not_hide_a_name() -> None:
    assert match_score(Sketch("Zoë O'Neill"), Sketch("Zoe O Neill")).reasons == ("Same name",)


def test_part_of_a_name_is_a_weak_match() -> None:
    match = match_score(Sketch("Dana"), Sketch("Dana Petrov"))
    assert (match.score, match.reasons) == (1, ("Part of the name is the same",))


def test_a_different_date_of_birth_counts_against_a_match() -> None:
    match = match_score(Sketch("Dana Petrov", BORN), Sketch("Dana Petrov", date(1990, 1, 1)))
    assert match.score == 0


def test_descriptions_sharing_telling_words_suggest_a_match() -> None:
    a = Sketch(description="Tall woman, scar on her left hand, car wash on Mill Street")
    b = Sketch(description="Woman with a scar on left hand seen at the Mill Street car wash")
    match = match_score(a, b)
    assert match.score >= SUGGEST_AT
    assert match.reasons[0].startswith("The descriptions share")


def test_common_words_alone_do_not_suggest_a_match() -> None:
    a = Sketch(description="They were looking very frightened when they came")
    b = Sketch(description="They came here when they were told")
    assert match_score(a, b).score == 0


def test_nothing_in_common_is_no_match() -> None:
    assert match_score(Sketch("Dana Petrov"), Sketch("Sam Kerr")).score == 0


@pytest.mark.django_db
def test_triage_suggests_open_cases_of_the_same_organisation_only(lee, priya, omar) -> None:
    same = open_case(lee, priya)
    other = open_case(lee, priya, person_name="Sam Kerr", person_description="Boy, station")
    make_concern(omar, person_name="Dana Petrov")  # Riverside: never suggested to Lee
    concern = make_concern(priya, person_description="Woman at the Mill Street car wash")
    suggested = [case for case, _ in selectors.suggest_cases(lee, concern)]
    assert suggested == [same]
    assert other not in suggested
