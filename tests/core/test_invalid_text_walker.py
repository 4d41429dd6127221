"""Every page of the service, sent NUL bytes and broken UTF-8 in every field of its forms (and
in its query string), answers without a server error (core.text; the walker's URL samples)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from accounts.demo import Cast
from concerns import journey
from tests.concerns.walker_samples import setup as draft_again
from tests.conftest import verified_client
from tests.core.test_access_walker import ROLE_OF, SAMPLES, prepare, routes, url_for

BAD = "Text\x00with a NUL"
# Percent-encoded: a lone surrogate in UTF-8 form (ED A0 80) and a NUL.
BAD_RAW = "%ED%A0%80%00"
FALLBACK_FIELDS = ["text", "confirm", "confirm_password", "page", "q", "name", "date_from"]
# One URL stands for many pages: walk each of them (the walker's sample is only the first).
MORE_URLS = {"concerns:page": [{"page": slug} for slug in journey.PAGES]}


class Forms(HTMLParser):
    """The names (and values) of the fields of each form on a page, by method."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, list[tuple[str, str]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.forms.append(((a.get("method") or "get").lower(), []))
        elif tag in ("input", "textarea", "select") and self.forms and a.get("name"):
            if a.get("name") == "csrfmiddlewaretoken" or a.get("type") == "submit":
                return
            self.forms[-1][1].append((a["name"] or "", a.get("value") or "x"))


def _client_for(route, cast: Cast) -> Client:
    rule = route.rule
    client = Client(raise_request_exception=False)  # a server error is a response to count
    if rule.public:
        return client
    for key, role in ROLE_OF.items():
        if rule.allows({role}):
            return verified_client(cast.people[key], client)
    return client


def _raw(fields: list[tuple[str, str]]) -> str:
    return "&".join(f"{name}={value}{BAD_RAW}" for name, value in fields)


@pytest.mark.django_db
def test_no_form_anywhere_fails_on_nul_bytes_or_broken_text(cast: Cast) -> None:
    prepare(cast)
    failures: list[str] = []
    sent = 0
    for route in routes():
        if "<" in route.pattern and route.name not in _samples():
            continue
        urls = [url_for(route, cast)]
        urls += [reverse(route.name, kwargs=kwargs) for kwargs in MORE_URLS.get(route.name, [])]
        for url in urls:
            draft_again(cast)  # a form sent before may have sent or deleted the sample draft
            sent += _send_bad_text(route, url, cast, failures)
    assert sent > 100  # the walk really covered the service's forms
    assert failures == []


def _send_bad_text(route, url: str, cast: Cast, failures: list[str]) -> int:
    sent = 0
    page = _client_for(route, cast).get(url)
    parser = Forms()
    if page.status_code == 200 and "html" in page.get("Content-Type", ""):
        parser.feed(page.content.decode())
    forms = parser.forms or [("post", [(name, "x") for name in FALLBACK_FIELDS])]
    for method, fields in forms:
        fields = fields or [(name, "x") for name in FALLBACK_FIELDS]
        client = _client_for(route, cast)  # a fresh session: some forms sign out
        if method == "get":
            responses = [
                client.get(url, {name: value + BAD for name, value in fields}),
                client.get(f"{url}?{_raw(fields)}"),
            ]
        else:
            responses = [
                client.post(url, {name: value + BAD for name, value in fields}),
                client.post(url, _raw(fields), content_type="application/x-www-form-urlencoded"),
            ]
        sent += len(responses)
        for response in responses:
            if response.status_code >= 500:
                failures.append(f"{url} {method.upper()}: {response.status_code}")
    return sent


def _samples() -> set[str]:
    return set(SAMPLES)
