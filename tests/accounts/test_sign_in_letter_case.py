"""Issue 17: the sign-in lock-out holds whatever letter case the address is typed in."""

import pytest
from django.test import Client

from accounts.auth import axes_username
from accounts.models import User
from tests.conftest import PASSWORD

SIGN_IN = "/sign-in/"


@pytest.fixture
def rita(riverside, make_person) -> User:
    return make_person(riverside, "lead", email="rita@riverside.example")


def sign_in(email: str, password: str = PASSWORD):
    return Client().post(SIGN_IN, {"email": email, "password": password})


@pytest.mark.django_db
def test_after_five_failures_no_letter_case_of_the_address_gets_in(rita) -> None:
    for _ in range(5):
        assert sign_in("rita@riverside.example", "wrong-password-guess").status_code in (400, 429)
    for variant in (
        "Rita@riverside.example",
        "rita@RIVERSIDE.EXAMPLE",
        "RITA@Riverside.Example",
        "  rita@riverside.example ",
        "rita@riverside.example",
    ):
        refused = sign_in(variant)
        assert refused.status_code == 429, variant
        assert b"tried to sign in too many times" in refused.content


@pytest.mark.django_db
def test_letter_case_variants_share_one_counter(rita) -> None:
    for variant in (
        "rita@riverside.example",
        "Rita@riverside.example",
        "rita@RIVERSIDE.EXAMPLE",
        "RITA@RIVERSIDE.EXAMPLE",
        "rItA@rIvErSiDe.ExAmPlE",
    ):
        assert sign_in(variant, "wrong-password-guess").status_code in (400, 429)
    assert sign_in("rita@riverside.example").status_code == 429


@pytest.mark.django_db
def test_a_case_variant_of_an_unknown_address_is_locked_the_same_way(rita) -> None:
    for variant in ("Ghost@riverside.example", "ghost@RIVERSIDE.example") * 3:
        sign_in(variant, "wrong-password-guess")
    assert sign_in("ghost@riverside.example", "anything").status_code == 429


def test_axes_counts_every_spelling_under_one_name() -> None:
    assert axes_username(None, {"email": " Rita@RIVERSIDE.example "}) == "rita@riverside.example"
    assert axes_username(None, {"username": "RITA@riverside.example"}) == "rita@riverside.example"
    assert axes_username(None, {}) is None
