"""Concern references: readable, random, no personal data."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from concerns.services import new_reference
from core.references import REFERENCE_ALPHABET


@settings(max_examples=200)
@given(st.integers())
def test_references_look_like_sp_xxxx_xxxx_with_no_lookalike_characters(_: int) -> None:
    reference = new_reference()
    assert re.fullmatch(r"SP-[A-Z2-9]{4}-[A-Z2-9]{4}", reference)
    assert not set(reference[3:].replace("-", "")) - set(REFERENCE_ALPHABET)
    assert not set("01ILOU") & set(reference[3:])


def test_references_do_not_repeat_in_practice() -> None:
    assert len({new_reference() for _ in range(5000)}) == 5000
