"""The benchmark's vignettes stay well-formed (bench/hints_vignettes.yaml, issue 19)."""

from __future__ import annotations

from bench.hints_bench import load, score
from guidance.catalogue import EXPLOITATION_TYPES


def test_there_are_at_least_40_vignettes_covering_every_type_and_10_negatives() -> None:
    vignettes = load()
    assert len(vignettes) >= 40
    assert sum(1 for v in vignettes if not v["types"]) >= 10
    covered = {t for v in vignettes for t in v["types"]}
    assert set(EXPLOITATION_TYPES) <= covered
    assert {v["age"] for v in vignettes} == {"child", "adult"}
    assert {"teacher", "nurse", "housing officer", "council officer"} <= {
        v["voice"] for v in vignettes
    }
    assert len({v["id"] for v in vignettes}) == len(vignettes)


def test_scoring_counts_hits_misses_and_extras() -> None:
    vignettes = [
        {
            "id": "a",
            "age": "child",
            "types": ["criminal"],
            "text": "She has two phones.",
            "signs": ["many-phones", "goes-missing"],
        },
        {"id": "b", "age": "child", "types": [], "text": "She goes missing.", "signs": []},
    ]
    tally = score(vignettes)
    assert (tally.tagged, tally.hinted, tally.correct) == (2, 2, 1)
    assert tally.missed == [("a", "goes-missing")]
    assert [e[:2] for e in tally.extra] == [("b", "goes-missing")]
    assert tally.per_negative == 1.0
