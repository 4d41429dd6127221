"""Case.type_bits says the same as the case's CaseType rows after every change of types, and the
queue's type filter (which reads only the bits) finds the same cases as the rows would."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from cases import services
from cases.models import TYPE_BITS, Case, CaseType, DecisionKind, bits_of, bits_with
from guidance.catalogue import EXPLOITATION_TYPES
from tests.cases.factories import child_fields, make_concern, open_case

pytestmark = pytest.mark.django_db
QUEUE = reverse("cases:queue")
LABOUR = ("little-or-no-pay", "documents-held", "long-hours")
CRIMINAL = ("made-to-steal",)
SERVITUDE = ("household-servant",)
SEXUAL = ("cannot-refuse-sex",)


def _types(case: Case) -> set[str]:
    return set(CaseType.objects.filter(case=case).values_list("type", flat=True))


def _stored_bits(case: Case) -> int:
    return Case.objects.values_list("type_bits", flat=True).get(pk=case.pk)


def assert_in_step(case: Case) -> None:
    assert _types(case), "the case should have types for this test to mean anything"
    assert _stored_bits(case) == bits_of(_types(case))
    assert case.type_bits == _stored_bits(case)  # the object the service returned, too


def test_every_exploitation_type_has_its_own_bit() -> None:
    assert set(TYPE_BITS) == set(EXPLOITATION_TYPES)
    bits = list(TYPE_BITS.values())
    assert len(set(bits)) == len(bits)
    assert all(bit and bit & (bit - 1) == 0 for bit in bits)  # one bit each


def test_the_filter_values_for_a_type_are_exactly_the_values_holding_its_bit() -> None:
    for type_, bit in TYPE_BITS.items():
        values = bits_with(type_)
        every_set = {bits_of(s) for s in _subsets(list(TYPE_BITS))}
        assert set(values) == {v for v in every_set if v & bit}
        assert len(values) == 2 ** (len(TYPE_BITS) - 1)


def _subsets(items: list[str]) -> list[list[str]]:
    out: list[list[str]] = [[]]
    for item in items:
        out += [[*s, item] for s in out]
    return out


def test_a_type_with_no_bit_adds_nothing() -> None:
    assert bits_of(["labour", "something-new"]) == TYPE_BITS["labour"]


def test_opening_a_case_stores_the_bits_of_its_types(lee, priya) -> None:
    case = open_case(lee, priya, indicators=LABOUR + CRIMINAL)
    assert _types(case) == {"labour", "criminal"}
    assert_in_step(case)


def test_opening_a_case_with_no_suggested_type_leaves_no_bits(lee, priya) -> None:
    case = open_case(lee, priya, indicators=())
    assert _types(case) == set()
    assert _stored_bits(case) == 0


def test_adding_a_concern_with_new_types_adds_their_bits(lee, priya) -> None:
    case = open_case(lee, priya, indicators=LABOUR)
    second = make_concern(priya, indicators=SERVITUDE + SEXUAL)
    case = services.case_add_concern(case=case, concern=second, by=lee)
    assert _types(case) == {"labour", "domestic-servitude", "sexual"}
    assert_in_step(case)


def test_adding_a_concern_with_the_same_types_keeps_the_bits(lee, priya) -> None:
    case = open_case(lee, priya, indicators=LABOUR)
    before = _stored_bits(case)
    services.case_add_concern(case=case, concern=make_concern(priya, indicators=LABOUR), by=lee)
    assert _stored_bits(case) == before
    assert_in_step(case)


def test_adding_a_concern_with_no_types_keeps_the_bits(lee, priya) -> None:
    case = open_case(lee, priya, indicators=CRIMINAL)
    services.case_add_concern(case=case, concern=make_concern(priya, indicators=()), by=lee)
    assert _types(case) == {"criminal"}
    assert_in_step(case)


def test_a_stale_case_object_does_not_lose_bits_added_meanwhile(lee, lee2, priya) -> None:
    case = open_case(lee, priya, indicators=LABOUR)
    stale = Case.objects.get(pk=case.pk)
    services.case_add_concern(case=case, concern=make_concern(priya, indicators=CRIMINAL), by=lee)
    # The second lead's copy was loaded before the criminal type was added.
    services.case_add_concern(
        case=stale, concern=make_concern(priya, indicators=SERVITUDE), by=lee2
    )
    assert _types(case) == {"labour", "criminal", "domestic-servitude"}
    assert _stored_bits(case) == bits_of(_types(case))


def test_changes_that_do_not_touch_types_keep_the_bits(lee, priya) -> None:
    case = open_case(lee, priya, indicators=LABOUR + CRIMINAL)
    bits = _stored_bits(case)
    services.case_decide(
        case=case, kind=DecisionKind.CLOSED, rationale="Safe now", version=case.version, by=lee
    )
    case.refresh_from_db()
    assert case.status == "closed"
    assert _stored_bits(case) == bits
    assert_in_step(case)


def test_the_backfill_sets_the_bits_from_the_rows(lee, priya) -> None:
    """Migration 0002's backfill, run on cases whose bits were never set (as before it)."""
    cases = [
        open_case(lee, priya, indicators=LABOUR + CRIMINAL),
        open_case(lee, priya, indicators=SEXUAL),
        open_case(lee, priya, indicators=()),
    ]
    services.case_add_concern(
        case=cases[1], concern=make_concern(priya, indicators=SERVITUDE), by=lee
    )
    Case.objects.update(type_bits=0)
    migration = importlib.import_module("cases.migrations.0002_case_type_bits")
    assert migration.TYPE_BITS == TYPE_BITS  # its frozen copy still agrees with the model
    migration.backfill(apps, None)
    for case in cases:
        assert _stored_bits(case) == bits_of(_types(case))
    assert [_stored_bits(c) for c in cases] == [
        TYPE_BITS["labour"] | TYPE_BITS["criminal"],
        TYPE_BITS["sexual"] | TYPE_BITS["domestic-servitude"],
        0,
    ]


def test_the_type_filter_finds_a_case_under_each_of_its_types(as_user, lee, priya) -> None:
    both = open_case(lee, priya, indicators=LABOUR, **child_fields())
    services.case_add_concern(case=both, concern=make_concern(priya, indicators=CRIMINAL), by=lee)
    sexual = open_case(lee, priya, indicators=SEXUAL)
    client = as_user(lee)
    for type_, shown, hidden in (
        ("labour", [both], [sexual]),
        ("criminal", [both], [sexual]),
        ("sexual", [sexual], [both]),
        ("domestic-servitude", [], [both, sexual]),
    ):
        for age in ("", "child"):
            response = client.get(QUEUE, {"tab": "open", "type": type_, "age": age})
            assert response.status_code == 200
            page = response.content.decode()
            for case in shown:
                assert (case.reference in page) == (age == "" or case.treated_as_child), type_
            for case in hidden:
                assert case.reference not in page, (type_, age)
