"""The indicator catalogue: the packaged data is complete, and bad data fails loudly."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from guidance.catalogue import (
    CONFIDENCES,
    EXPLOITATION_TYPES,
    CatalogueError,
    get_catalogue,
    is_official,
    load_catalogue,
)

CHILD_ONLY = "sexualised-behaviour"
ADULT_ONLY = "sex-work-terms-lied"
BOTH = "documents-held"


def _valid_data() -> dict[str, Any]:
    return {
        "version": "test.1",
        "themes": [{"id": "health", "title": "How they look and their health"}],
        "documents": {"doc": "A document"},
        "indicators": [
            {
                "id": "sign-one",
                "text": "A sign",
                "hint": "What it looks like",
                "population": "both",
                "exploitation_types": ["labour"],
                "theme": "health",
                "observed_or_asked": "observed",
                "ilo_dimension": "exploitation",
                "ilo_strength": "strong",
                "legal_element": "purpose",
                "source": {"document": "doc", "section": "1", "item": "2"},
                "confidence": "primary",
            }
        ],
    }


def _write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "catalogue.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_packaged_catalogue_loads_with_a_version_and_60_to_110_indicators() -> None:
    # Issue 13 added cuckooing, forced marriage, recruitment fees and a second organ sign.
    catalogue = get_catalogue()
    assert catalogue.version
    assert 60 <= len(catalogue.current) <= 110


def test_get_catalogue_is_loaded_once_and_reused() -> None:
    assert get_catalogue() is get_catalogue()


def test_every_indicator_has_a_source_and_a_confidence() -> None:
    catalogue = get_catalogue()
    for ind in catalogue.indicators:
        assert ind.source.document in catalogue.documents, ind.id
        assert ind.source.section and ind.source.item, ind.id
        assert ind.confidence in CONFIDENCES, ind.id


def test_every_indicator_has_plain_text_and_a_hint_without_the_word_victim() -> None:
    for ind in get_catalogue().indicators:
        assert ind.text and ind.hint, ind.id
        assert "victim" not in (ind.text + ind.hint).lower(), ind.id


def test_ilo_strength_is_given_only_with_a_dimension() -> None:
    for ind in get_catalogue().indicators:
        assert (ind.ilo_dimension is None) == (ind.ilo_strength is None), ind.id


def test_catalogue_covers_every_exploitation_type_and_the_child_specific_signs() -> None:
    catalogue = get_catalogue()
    covered = {t for ind in catalogue.indicators for t in ind.exploitation_types}
    assert covered == set(EXPLOITATION_TYPES)
    assert sum(ind.population == "child" for ind in catalogue.indicators) >= 15


def test_catalogue_covers_the_uk_statutory_guidance_lists() -> None:
    sections = " ".join(ind.source.section for ind in get_catalogue().indicators)
    for part in (
        "3.8 general",
        "3.14 physical",
        "3.15 psychological",
        "3.17 situational",
        "Annex A sexual",
        "forced labour",
        "domestic servitude",
        "criminal exploitation",
        "county lines",
        "child indicators",
    ):
        assert part in sections, part


def test_a_child_sees_child_and_both_signs_but_not_adult_only_ones() -> None:
    ids = {ind.id for ind in get_catalogue().for_population("child")}
    assert CHILD_ONLY in ids and BOTH in ids and ADULT_ONLY not in ids


def test_an_adult_sees_adult_and_both_signs_but_not_child_only_ones() -> None:
    ids = {ind.id for ind in get_catalogue().for_population("adult")}
    assert ADULT_ONLY in ids and BOTH in ids and CHILD_ONLY not in ids


def test_unknown_age_sees_the_same_signs_as_a_child() -> None:
    catalogue = get_catalogue()
    assert catalogue.for_population("unknown") == catalogue.for_population("child")


def test_grouping_by_theme_keeps_the_file_order_and_loses_nothing() -> None:
    catalogue = get_catalogue()
    groups = catalogue.by_theme()
    assert [theme.id for theme, _ in groups] == [t.id for t in catalogue.themes]
    flattened = {ind.id for _, members in groups for ind in members}
    assert flattened == {ind.id for ind in catalogue.current}
    assert catalogue.by_theme("adult") == catalogue.by_theme("adult")


def test_reconstructed_indicators_are_not_official() -> None:
    catalogue = get_catalogue()
    reconstructed = [ind for ind in catalogue.indicators if ind.confidence == "reconstructed"]
    assert reconstructed, "the catalogue should flag at least one unverified item"
    assert not any(is_official(ind) for ind in reconstructed)
    assert is_official(catalogue.get(BOTH))
    assert catalogue.is_official(catalogue.get(BOTH))


def test_a_valid_small_catalogue_file_loads(tmp_path: Path) -> None:
    catalogue = load_catalogue(_write(tmp_path, _valid_data()))
    assert catalogue.version == "test.1"
    assert catalogue.get("sign-one").exploitation_types == ("labour",)


def _broken(mutate: Any) -> dict[str, Any]:
    data = copy.deepcopy(_valid_data())
    mutate(data)
    return data


def _add_duplicate(data: dict[str, Any]) -> None:
    data["indicators"].append(copy.deepcopy(data["indicators"][0]))


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        pytest.param(
            lambda d: d["indicators"][0].update(colour="red"),
            "unknown key 'colour'",
            id="unknown-key",
        ),
        pytest.param(_add_duplicate, "duplicate id", id="duplicate-id"),
        pytest.param(
            lambda d: d["indicators"][0].pop("source"), "missing source", id="missing-source"
        ),
        pytest.param(
            lambda d: d["indicators"][0].pop("confidence"),
            "missing confidence",
            id="missing-confidence",
        ),
        pytest.param(
            lambda d: d["indicators"][0].update(population="elderly"),
            "population",
            id="bad-population",
        ),
        pytest.param(
            lambda d: d["indicators"][0].update(confidence="sure"),
            "confidence",
            id="bad-confidence",
        ),
        pytest.param(
            lambda d: d["indicators"][0].update(exploitation_types=["fishing"]),
            "exploitation type",
            id="bad-type",
        ),
        pytest.param(
            lambda d: d["indicators"][0].update(ilo_strength="huge"),
            "ilo_strength",
            id="bad-strength",
        ),
        pytest.param(
            lambda d: d["indicators"][0].update(ilo_strength=None),
            "together",
            id="strength-without-dim",
        ),
        pytest.param(
            lambda d: d["indicators"][0].update(legal_element="motive"),
            "legal_element",
            id="bad-element",
        ),
        pytest.param(
            lambda d: d["indicators"][0].update(theme="weather"), "theme", id="unknown-theme"
        ),
        pytest.param(
            lambda d: d["indicators"][0]["source"].pop("item"),
            "missing key 'item'",
            id="source-no-item",
        ),
        pytest.param(
            lambda d: d["indicators"][0]["source"].update(document="nowhere"),
            "documents",
            id="unknown-document",
        ),
        pytest.param(
            lambda d: d["indicators"][0].pop("hint"), "missing key 'hint'", id="missing-hint"
        ),
        pytest.param(lambda d: d.pop("version"), "version", id="missing-version"),
        pytest.param(
            lambda d: d.update(extra=1), "unknown top-level key", id="unknown-top-level-key"
        ),
    ],
)
def test_a_malformed_catalogue_raises_catalogue_error_naming_the_problem(
    tmp_path: Path, mutate: Any, expected: str
) -> None:
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(_write(tmp_path, _broken(mutate)))
    assert expected in str(caught.value)


def test_a_catalogue_error_names_the_indicator(tmp_path: Path) -> None:
    data = _broken(lambda d: d["indicators"][0].pop("source"))
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(_write(tmp_path, data))
    assert caught.value.indicator_id == "sign-one"
    assert "sign-one" in str(caught.value)


def test_a_file_that_is_not_yaml_raises_catalogue_error(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.yaml"
    path.write_text("version: [unclosed", encoding="utf-8")
    with pytest.raises(CatalogueError):
        load_catalogue(path)


# ------------------------------------------------------------------ issue 13, item 5


def test_nationality_or_origin_is_never_offered_as_a_sign() -> None:
    catalogue = get_catalogue()
    assert "from-known-source-area" in catalogue  # old records still read
    assert catalogue.get("from-known-source-area").retired
    for group in ("adult", "child", "unknown"):
        assert "from-known-source-area" not in {i.id for i in catalogue.for_population(group)}
    assert "from-known-source-area" not in {i.id for i in catalogue.current}
    for _theme, members in catalogue.by_theme():
        assert "from-known-source-area" not in {i.id for i in members}


def test_cuckooing_forced_marriage_recruitment_fees_and_organ_signs_are_listed() -> None:
    catalogue = get_catalogue()
    for new in ("home-taken-over", "forced-marriage", "recruitment-fees"):
        assert new in catalogue and not catalogue.get(new).retired
    organ = [i for i in catalogue.current if "organ-harvesting" in i.exploitation_types]
    assert len(organ) > 1


def test_one_version_of_the_statutory_guidance_is_cited() -> None:
    catalogue = get_catalogue()
    titles = [t for t in catalogue.documents.values() if "Statutory Guidance" in t]
    assert len(titles) == 1 and "version 3.8" in titles[0]
