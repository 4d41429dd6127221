"""Autosave: long answers saved on the server while typing, and shown again on resume."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from concerns.models import Draft
from tests.concerns.helpers import make_draft
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db
URL = "/concerns/draft/autosave/"


def test_the_autosave_url_is_the_named_one() -> None:
    assert reverse("concerns:autosave") == URL


def test_form_encoded_autosave_saves_the_text_and_the_page(as_user, priya) -> None:
    client = as_user(priya)
    make_draft(priya, complete=False)
    response = client.post(URL, {"page": "their-words", "their_words": "She said she is 17"})
    assert response.status_code == 200
    assert response.json()["saved"] is True
    draft = Draft.objects.get(author=priya)
    assert draft.answers["their_words"] == "She said she is 17"
    assert draft.page == "their-words"
    assert "their-words" not in draft.completed


def test_json_autosave_works_too(as_user, priya) -> None:
    client = as_user(priya)
    make_draft(priya, complete=False)
    response = client.post(
        URL,
        json.dumps({"page": "what-you-saw", "what_you_saw": "Bruises on both wrists"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert Draft.objects.get(author=priya).answers["what_you_saw"] == "Bruises on both wrists"


def test_autosaved_text_is_shown_when_the_page_is_opened_again(as_user, priya) -> None:
    client = as_user(priya)
    make_draft(priya, complete=False)
    client.post(URL, {"page": "their-words", "their_words": "Every word & symbol <kept>"})
    text = client.get(reverse("concerns:page", kwargs={"page": "their-words"})).text
    assert "Every word &amp; symbol &lt;kept&gt;" in text
    assert "js/autosave.js" in text
    assert 'data-autosave-page="their-words"' in text


def test_autosave_needs_the_csrf_token(priya) -> None:
    client = verified_client(priya)
    client.handler.enforce_csrf_checks = True
    make_draft(priya, complete=False)
    response = client.post(URL, {"page": "their-words", "their_words": "x"})
    assert response.status_code == 403
    assert "their_words" not in Draft.objects.get(author=priya).answers


def test_autosave_refuses_fields_that_are_not_long_text_on_that_page(as_user, priya) -> None:
    client = as_user(priya)
    make_draft(priya, complete=False, age_group="under-18")
    for data in (
        {"page": "their-words", "age_group": "18-or-over"},
        {"page": "their-words", "what_you_saw": "wrong page"},
        {"page": "danger", "immediate_danger": "no"},
        {"page": "nowhere", "their_words": "x"},
        {"page": "their-words", "their_words": "x" * 20_001},
    ):
        assert client.post(URL, data).status_code == 400, data
    assert Draft.objects.get(author=priya).answers == {"age_group": "under-18"}


def test_autosave_without_a_draft_is_not_found_and_get_is_not_allowed(as_user, priya) -> None:
    client = as_user(priya)
    assert client.post(URL, {"page": "their-words", "their_words": "x"}).status_code == 404
    assert client.get(URL).status_code == 405


def test_a_signed_out_autosave_is_sent_to_sign_in_not_saved(client, priya) -> None:
    make_draft(priya, complete=False)
    response = client.post(URL, {"page": "their-words", "their_words": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))
