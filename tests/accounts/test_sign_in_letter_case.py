"""Issue 17: the sign-in lock-out holds whatever letter case the address is typed in."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.test import Client

from accounts.auth import axes_username
from accounts.demo import Cast, load_cast
from accounts.models import User
from tests.conftest import PASSWORD
from tests.factories import UserFactory

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


class Browserless:
    """A plain HTTP client against the running server: cookies, CSRF token and all, as a
    black-box probe sees the service (no test-client shortcuts)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            NoRedirects(),
        )

    def sign_in(self, email: str, password: str) -> int:
        page = self.opener.open(self.base + SIGN_IN).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "email": email, "password": password}
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - http to the test server only
            self.base + SIGN_IN, data=body, headers={"Referer": self.base + SIGN_IN}
        )
        try:
            return self.opener.open(request).status
        except urllib.error.HTTPError as answer:
            return answer.code


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def live_people(transactional_db: None) -> Cast:
    return load_cast(password=PASSWORD)


def test_black_box_probe_five_wrong_then_any_letter_case_is_refused(
    live_server, live_people
) -> None:
    UserFactory(organisation=live_people.orgs["riverside"], email="rita@riverside.example")
    for _ in range(5):
        Browserless(live_server.url).sign_in("rita@riverside.example", "wrong-password-guess")
    for variant in ("Rita@riverside.example", "rita@RIVERSIDE.EXAMPLE", "rita@riverside.example"):
        assert Browserless(live_server.url).sign_in(variant, PASSWORD) == 429, variant
    # Someone else is not affected.
    assert Browserless(live_server.url).sign_in("omar@riverside.example", PASSWORD) == 302
