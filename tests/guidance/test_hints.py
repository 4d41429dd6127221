"""guidance.hints: the signs a practitioner's own words describe, with the words that show each."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from guidance.catalogue import CatalogueError, get_catalogue, load_catalogue
from guidance.hints import (
    PatternError,
    compile_pattern,
    find_hints,
    normalise,
    tokenise,
)

# The teacher's note from issue 19, in our own words.
TEACHER_NOTE = (
    "Jade (Y9) has been going missing from home. Last weekend she was found by police in "
    "Bristol, 150 miles away. She has two phones and had a £50 note she wouldn't explain. "
    "Older lads wait for her in a car after school. Her attendance has dropped to 60%. When I "
    'asked, she said "I can\'t say nothing miss" and looked terrified.'
)


def _ids(text: str, **kwargs) -> set[str]:
    return {h.indicator for h in find_hints(text, **kwargs)}


def _hint(text: str, indicator: str):
    return next(h for h in find_hints(text) if h.indicator == indicator)


def test_the_teachers_note_yields_the_seven_signs_she_described() -> None:
    ids = _ids(TEACHER_NOTE)
    assert {
        "goes-missing",
        "found-out-of-area",
        "many-phones",
        "unexplained-money",
        "controlled-by-older-people",
        "school-drop",
        "frightened",
    } <= ids


def test_every_hint_has_evidence_whose_offsets_quote_the_text_exactly() -> None:
    hints = find_hints(TEACHER_NOTE)
    assert hints
    for hint in hints:
        assert hint.evidence
        for ev in hint.evidence:
            assert TEACHER_NOTE[ev.start : ev.end] == ev.text
            assert ev.text.strip()
    assert [e.text for e in _hint(TEACHER_NOTE, "unexplained-money").evidence] == ["£50 note"]
    assert [e.text for e in _hint(TEACHER_NOTE, "many-phones").evidence] == ["two phones"]


def test_hints_come_in_catalogue_order_and_name_catalogue_indicators() -> None:
    catalogue = get_catalogue()
    ids = [h.indicator for h in find_hints(TEACHER_NOTE)]
    order = [i.id for i in catalogue.indicators]
    assert ids == sorted(ids, key=order.index)


def test_a_text_with_no_signs_gives_no_hints() -> None:
    assert find_hints("") == ()
    assert find_hints("She enjoys netball and is doing well in maths this term.") == ()


@pytest.mark.parametrize(
    ("text", "indicator"),
    [
        ("He went missing twice last month.", "goes-missing"),
        ("She goes missing most weekends.", "goes-missing"),
        ("She has been bruised on her arms.", "unexplained-injuries"),
        ("Visible bruising to the face.", "unexplained-injuries"),
        ("Their behavior has changed a lot.", "sudden-change"),
        ("Her behaviour has changed a lot.", "sudden-change"),
        ("His passport was confiscated by the employer.", "documents-held"),
        ("She has been sexualized in how she talks.", "sexualised-behaviour"),
    ],
)
def test_inflections_and_spelling_variants_are_understood(text: str, indicator: str) -> None:
    assert indicator in _ids(text)


@pytest.mark.parametrize(
    ("text", "indicator"),
    [
        ("She has been going mising from home.", "goes-missing"),
        ("Her attendence has droped.", "school-drop"),
        ("He is frightend of someone.", "frightened"),
        ("The boss keeps his pasport.", "documents-held"),
        ("She has 2 fones.", "many-phones"),
    ],
)
def test_common_misspellings_are_understood(text: str, indicator: str) -> None:
    assert indicator in _ids(text)


def test_normalising_is_the_same_for_both_spellings_and_inflections() -> None:
    assert normalise("organized") == normalise("organised")
    assert normalise("phones") == normalise("phone") == normalise("phoned")
    assert normalise("dropped") == normalise("drop")
    assert normalise("missing") == normalise("missed") == normalise("misses")
    assert normalise("scared") != normalise("scars")


@pytest.mark.parametrize(
    ("text", "indicator"),
    [
        ("She is LAC and placed out of county.", "past-abuse-or-care"),
        ("Known CSE concerns, goes MFH.", "goes-missing"),
        ("He is NFA at present.", "poor-housing"),
        ("Y9 pupil, attendance dropping.", "school-drop"),
    ],
)
def test_abbreviations_are_expanded(text: str, indicator: str) -> None:
    assert indicator in _ids(text)


def test_an_abbreviation_keeps_its_own_span_as_evidence() -> None:
    text = "He is NFA at present."
    ev = _hint(text, "poor-housing").evidence[0]
    assert ev.text == "NFA"
    assert text[ev.start : ev.end] == "NFA"


def test_year_groups_read_as_year_and_a_number() -> None:
    tokens = tokenise("Y9 pupil")
    assert [(t.norm, t.value) for t in tokens[:2]] == [("year", None), ("<num>", 9.0)]
    assert tokens[0].start == tokens[1].start == 0 and tokens[0].end == 2


@pytest.mark.parametrize(
    "text",
    ["She has 2 phones.", "She has two phones.", "She has several phones.", "She has 3 mobiles."],
)
def test_numbers_of_phones_in_figures_or_words(text: str) -> None:
    assert "many-phones" in _ids(text)


def test_one_phone_is_not_several() -> None:
    assert "many-phones" not in _ids("She has one phone.")


def test_money_is_read_as_an_amount() -> None:
    tokens = tokenise("a £1,250 wad")
    money = next(t for t in tokens if t.kind == "money")
    assert money.value == 1250.0
    assert "unexplained-money" in _ids("He had a £20 note and a new phone.")


@pytest.mark.parametrize(
    ("text", "indicator"),
    [
        ("No marks seen.", "unexplained-injuries"),
        ("No bruising seen on her arms.", "unexplained-injuries"),
        ("She denies anyone holds her passport.", "documents-held"),
        ("He has never gone missing.", "goes-missing"),
        ("She is not frightened of anyone at home.", "frightened"),
        ("Bruising: none.", "unexplained-injuries"),
    ],
)
def test_negated_signs_are_not_hinted(text: str, indicator: str) -> None:
    assert indicator not in _ids(text)


def test_a_negation_ends_with_its_clause() -> None:
    assert "goes-missing" in _ids("No concerns at home, but she goes missing at weekends.")


def test_words_a_pattern_needs_are_not_a_negation_of_it() -> None:
    assert "not-in-school" in _ids("He is not in school at all.")
    assert "no-contract" in _ids("He has no contract.")
    assert "school-drop" in _ids("She is no longer attending lessons.")


def test_uncertain_signs_are_still_hinted_but_marked_uncertain() -> None:
    hint = _hint("Not sure if she has a second phone.", "many-phones")
    assert hint.uncertain
    assert hint.evidence[0].text == "second phone"
    assert _hint("Maybe she has been going missing.", "goes-missing").uncertain
    assert _hint("Is she going missing?", "goes-missing").uncertain
    assert not _hint("She has a second phone.", "many-phones").uncertain


@pytest.mark.parametrize(
    ("text", "indicator"),
    [
        ("Her brother has two phones.", "many-phones"),
        ("I was frightened when the car pulled up.", "frightened"),
        ("Her sister goes missing a lot.", "goes-missing"),
        ("Mum is frightened of the neighbours.", "frightened"),
    ],
)
def test_sentences_about_the_writer_or_someone_else_are_skipped(text: str, indicator: str) -> None:
    assert indicator not in _ids(text)


@pytest.mark.parametrize(
    ("text", "indicator"),
    [
        ("I noticed she has two phones.", "many-phones"),
        ("Her brother is fine but she goes missing.", "goes-missing"),
        ('She said "I am scared of them".', "frightened"),
        ("Mum reported her missing on Friday.", "goes-missing"),
        ("Has two phones.", "many-phones"),
    ],
)
def test_sentences_about_the_person_are_kept(text: str, indicator: str) -> None:
    assert indicator in _ids(text)


def test_child_only_signs_are_left_out_for_an_adult() -> None:
    assert "many-phones" in _ids("He has two phones.", age_group="child")
    assert "many-phones" not in _ids("He has two phones.", age_group="adult")


def test_patterns_are_checked() -> None:
    compile_pattern("go|run miss")
    compile_pattern("on_her_own|alone .. <num> [miles]")
    for bad in ["", ".. miss", "miss ..", "[miss] go", "Miss", "a .. .. b", "go*_x y|", "<what>"]:
        with pytest.raises(PatternError):
            compile_pattern(bad)


def test_a_bad_pattern_in_the_catalogue_fails_loading_and_names_the_indicator(
    tmp_path: Path,
) -> None:
    data = yaml.safe_load(Path("guidance/catalogue.yaml").read_text(encoding="utf-8"))
    data["indicators"][0]["patterns"] = ["bruis* .. .."]
    path = tmp_path / "catalogue.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(CatalogueError, match=data["indicators"][0]["id"]):
        load_catalogue(path)


def test_the_catalogue_version_was_bumped_for_the_hint_rules() -> None:
    # 2026.12.1 added the hint rules; later versions keep them.
    assert get_catalogue().version >= "2026.12.1"
    assert sum(1 for i in get_catalogue().indicators if i.patterns) >= 80


def test_a_hint_serialises_to_the_command_contract() -> None:
    hint = _hint(TEACHER_NOTE, "many-phones")
    assert hint.to_dict() == {
        "indicator": "many-phones",
        "evidence": [
            {"start": hint.evidence[0].start, "end": hint.evidence[0].end, "text": "two phones"}
        ],
    }


def test_fine_is_not_fined() -> None:
    assert normalise("fine") != normalise("fined")
    assert "punished" not in _ids("References checked and fine.")
    assert "punished" in _ids("He is fined if he is late.")


def test_the_catalogue_and_its_hint_rules_are_checked_at_start_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.apps import apps

    from guidance import catalogue as catalogue_module

    data = yaml.safe_load(Path("guidance/catalogue.yaml").read_text(encoding="utf-8"))
    data["indicators"][0]["patterns"] = ["[optional] first"]
    path = tmp_path / "catalogue.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    monkeypatch.setattr(catalogue_module, "DEFAULT_PATH", path)
    with pytest.raises(CatalogueError, match="must start with a word"):
        apps.get_app_config("guidance").ready()
