"""Screening: suggested types, the legal pattern, telling the lead, and what to ask next."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guidance.catalogue import get_catalogue
from guidance.screening import ASK_NEXT_LIMIT, Person, assess, ilo_dimension_met

CATALOGUE = get_catalogue()
ALL_IDS = sorted(CATALOGUE.ids)


def _element(screening, name: str):  # type: ignore[no-untyped-def]
    return next(e for e in screening.legal_pattern if e.element == name)


def test_for_a_child_the_means_element_is_marked_not_needed_and_says_so() -> None:
    screening = assess({"documents-held"}, Person(age_group="child"))
    means = _element(screening, "means")
    assert means.needed is False
    assert "child" in means.explanation
    assert _element(screening, "act").needed and _element(screening, "purpose").needed


def test_for_unknown_age_means_is_not_needed_because_they_are_treated_as_a_child() -> None:
    screening = assess(set(), Person(age_group="unknown"))
    assert screening.treated_as_child
    assert _element(screening, "means").needed is False


def test_for_an_adult_all_three_legal_elements_are_needed() -> None:
    screening = assess({"documents-held"}, Person(age_group="adult"))
    assert all(e.needed for e in screening.legal_pattern)
    assert _element(screening, "means").indicator_ids == ("documents-held",)


def test_legal_pattern_lists_the_indicators_behind_each_element() -> None:
    screening = assess({"long-hours", "lives-at-work", "cannot-leave"}, Person(age_group="adult"))
    assert _element(screening, "purpose").indicator_ids == ("long-hours",)
    assert _element(screening, "act").indicator_ids == ("lives-at-work",)
    assert _element(screening, "means").indicator_ids == ("cannot-leave",)


@pytest.mark.parametrize("age_group", ["child", "unknown"])
def test_a_child_or_unknown_age_always_means_telling_the_lead_even_with_no_signs(
    age_group: str,
) -> None:
    screening = assess(frozenset(), Person(age_group=age_group))  # type: ignore[arg-type]
    assert screening.tell_lead is True
    assert "safeguarding lead" in screening.tell_lead_reason


def test_any_single_sign_for_an_adult_means_telling_the_lead_the_same_day() -> None:
    screening = assess({"frightened"}, Person(age_group="adult"))
    assert screening.tell_lead is True
    assert "today" in screening.tell_lead_reason


def test_an_adult_with_no_signs_is_not_sent_to_the_lead_but_told_to_trust_their_judgement() -> None:
    screening = assess(set(), Person(age_group="adult"))
    assert screening.tell_lead is False
    assert "judgement" in screening.tell_lead_reason


def test_suggested_types_are_ordered_by_number_of_signs_then_fixed_order() -> None:
    observed = {"drugs-for-others", "made-to-beg", "long-hours", "cannot-refuse-sex"}
    screening = assess(observed, Person(age_group="adult"))
    types = [(s.type, s.indicator_ids) for s in screening.suggested_types]
    assert types == [
        ("criminal", ("made-to-beg", "drugs-for-others")),
        ("sexual", ("cannot-refuse-sex",)),
        ("labour", ("long-hours",)),
    ]


def test_a_sign_linked_to_two_types_counts_for_both() -> None:
    screening = assess({"lives-at-work"}, Person(age_group="adult"))
    assert [s.type for s in screening.suggested_types] == ["sexual", "labour"]


def test_general_signs_suggest_no_type() -> None:
    screening = assess({"frightened", "withdrawn"}, Person(age_group="adult"))
    assert screening.suggested_types == ()
    assert screening.tell_lead


def test_ask_next_leaves_out_what_was_noted_and_what_was_already_answered() -> None:
    first = assess({"drugs-for-others"}, Person(age_group="child"))
    answered = frozenset(first.ask_next[:2])
    second = assess({"drugs-for-others"}, Person(age_group="child", answered=answered))
    assert not answered & set(second.ask_next)
    assert "drugs-for-others" not in second.ask_next
    assert len(second.ask_next) == ASK_NEXT_LIMIT


def test_ask_next_follows_the_type_the_signs_point_to() -> None:
    screening = assess({"drugs-for-others", "many-phones"}, Person(age_group="child"))
    for indicator_id in screening.ask_next:
        assert "criminal" in CATALOGUE.get(indicator_id).exploitation_types


def test_ask_next_only_offers_signs_for_the_persons_age_group() -> None:
    screening = assess(set(), Person(age_group="adult"))
    assert all(CATALOGUE.get(i).population != "child" for i in screening.ask_next)


def test_ask_next_with_nothing_noted_starts_with_strong_questions_to_ask() -> None:
    screening = assess(set(), Person(age_group="adult"))
    for indicator_id in screening.ask_next:
        ind = CATALOGUE.get(indicator_id)
        assert ind.ilo_strength == "strong" and ind.observed_or_asked == "ask"


def test_the_catalogue_version_is_recorded_in_the_screening_and_its_json() -> None:
    screening = assess({"owes-debt"}, Person(age_group="adult"))
    assert screening.catalogue_version == CATALOGUE.version
    stored = json.loads(json.dumps(screening.to_dict()))
    assert stored["catalogue_version"] == CATALOGUE.version
    assert stored["observed"] == ["owes-debt"]


def test_an_unknown_indicator_id_raises_value_error() -> None:
    with pytest.raises(ValueError, match="no-such-sign"):
        assess({"no-such-sign"}, Person(age_group="adult"))


def test_an_unknown_answered_id_raises_value_error() -> None:
    with pytest.raises(ValueError, match="nope"):
        assess(set(), Person(age_group="adult", answered=frozenset({"nope"})))


def test_a_single_string_instead_of_a_set_is_refused() -> None:
    with pytest.raises(ValueError):
        assess("owes-debt", Person(age_group="adult"))


def test_an_unknown_age_group_is_refused() -> None:
    with pytest.raises(ValueError):
        Person(age_group="teen")  # type: ignore[arg-type]


def test_reconstructed_signs_are_flagged_as_unofficial_in_the_result_and_summary() -> None:
    screening = assess({"sex-work-terms-lied"}, Person(age_group="adult"))
    assert screening.unofficial == ("sex-work-terms-lied",)
    assert any("not yet been checked" in line for line in screening.summary)


@pytest.mark.parametrize(
    ("strong", "medium", "weak", "met"),
    [
        (2, 0, 0, True),
        (1, 1, 0, True),
        (1, 0, 1, True),
        (0, 3, 0, True),
        (0, 2, 1, True),
        (1, 0, 0, False),
        (0, 2, 0, False),
        (0, 1, 5, False),
        (0, 0, 9, False),
        (0, 0, 0, False),
    ],
)
def test_the_ilo_dimension_rule_matches_the_published_decision_rule(
    strong: int, medium: int, weak: int, met: bool
) -> None:
    assert ilo_dimension_met(strong=strong, medium=medium, weak=weak) is met


def test_ilo_dimensions_are_explanation_only_and_never_stop_telling_the_lead() -> None:
    # One strong sign alone does not meet the ILO rule, but the lead must still be told.
    screening = assess({"documents-held"}, Person(age_group="adult"))
    (dimension,) = screening.ilo_dimensions
    assert dimension.dimension == "coercion_at_destination"
    assert (dimension.strong, dimension.meets_ilo_rule) == (1, False)
    assert screening.tell_lead


def test_two_strong_signs_in_one_dimension_meet_the_ilo_rule() -> None:
    screening = assess({"documents-held", "owes-debt"}, Person(age_group="adult"))
    (dimension,) = screening.ilo_dimensions
    assert dimension.meets_ilo_rule
    assert dimension.indicator_ids == ("documents-held", "owes-debt")


@settings(max_examples=200, deadline=None)
@given(
    observed=st.frozensets(st.sampled_from(ALL_IDS), max_size=12),
    answered=st.frozensets(st.sampled_from(ALL_IDS), max_size=12),
    age_group=st.sampled_from(["child", "adult", "unknown"]),
)
def test_screening_text_never_says_victim_never_shows_a_score_and_never_repeats_questions(
    observed: frozenset[str], answered: frozenset[str], age_group: str
) -> None:
    person = Person(age_group=age_group, answered=answered)  # type: ignore[arg-type]
    screening = assess(observed, person)
    text = " ".join([*screening.summary, screening.tell_lead_reason])
    text += " ".join(e.explanation + e.title for e in screening.legal_pattern)
    assert "victim" not in text.lower()
    # No score: the only number the text may contain is the age threshold, 18.
    assert set(re.findall(r"\d+", text)) <= {"18"}
    assert "score" not in text.lower()
    assert len(screening.ask_next) <= ASK_NEXT_LIMIT
    assert not (set(screening.ask_next) & (observed | answered))
    assert len(set(screening.ask_next)) == len(screening.ask_next)
    assert screening.tell_lead is (age_group != "adult" or bool(observed))
    assert set(screening.observed) == observed
    json.dumps(screening.to_dict())
