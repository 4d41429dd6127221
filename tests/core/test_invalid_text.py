"""Characters no database can keep (NUL, lone surrogates) are removed where requests come in,
the person is told on the field, and the rest of what they typed is kept (core.text)."""

from __future__ import annotations

import json

import pytest
from django.http import QueryDict
from django.urls import reverse

from concerns.models import Draft
from core.forms import removed_characters_message
from core.text import clean_json, clean_query, cleaned_names_of
from tests.concerns.helpers import make_draft

PAGE = "/concerns/draft/their-words/"
AUTOSAVE = "/concerns/draft/autosave/"
LABEL = "What did they say, in their own words?"


def test_clean_query_removes_nul_and_lone_surrogates_and_names_the_fields() -> None:
    query = QueryDict(mutable=True)
    query.setlist("story", ["a\x00b", "c"])
    query["kept"] = "plain"
    query["odd"] = "x\ud800y"
    cleaned = clean_query(query)
    assert cleaned.getlist("story") == ["ab", "c"]
    assert cleaned["kept"] == "plain"
    assert cleaned["odd"] == "xy"
    assert cleaned_names_of(cleaned) == {"story", "odd"}
    # A copy (views take them to build links) still knows what was cleaned.
    assert cleaned_names_of(cleaned.copy()) == {"story", "odd"}


def test_clean_query_leaves_clean_data_as_it_is() -> None:
    query = QueryDict("a=1&b=two%20words")
    assert clean_query(query) is query
    assert cleaned_names_of(query) == frozenset()


def test_clean_json_cleans_every_string_and_keeps_pairs_of_surrogates() -> None:
    value = json.loads('{"a": "x\\u0000y", "b": ["\\ud800z"], "c": "\\ud83d\\ude00", "d": 3}')
    cleaned, changed = clean_json(value)
    assert cleaned == {"a": "xy", "b": ["z"], "c": "\U0001f600", "d": 3}
    assert changed == {"a", "b"}


@pytest.mark.django_db
def test_a_long_page_with_a_nul_keeps_the_text_without_it_and_says_so(as_user, priya) -> None:
    client = as_user(priya)
    make_draft(priya, complete=False)
    text = "a" * 10_000 + "\x00" + "b" * 9_999  # 20,000 characters with the NUL
    response = client.post(PAGE, {"their_words": text})
    assert response.status_code == 400
    body = response.content.decode()
    assert removed_characters_message(LABEL) in body
    saved = Draft.objects.get(author=priya).answers["their_words"]
    assert saved == "a" * 10_000 + "b" * 9_999
    assert "\x00" not in saved
    assert "their-words" not in Draft.objects.get(author=priya).completed
    # What is shown again is the text without the NUL, ready to send as it is.
    again = client.post(PAGE, {"their_words": saved})
    assert again.status_code == 302
    assert Draft.objects.get(author=priya).answers["their_words"] == saved


@pytest.mark.django_db
def test_a_page_with_more_than_the_limit_and_a_nul_keeps_no_nul_in_the_draft(
    as_user, priya
) -> None:
    client = as_user(priya)
    make_draft(priya, complete=False)
    response = client.post(PAGE, {"their_words": "x" * 20_000 + "\x00"})
    assert response.status_code == 400
    assert Draft.objects.get(author=priya).answers["their_words"] == "x" * 20_000


@pytest.mark.django_db
def test_json_autosave_with_nul_and_a_lone_surrogate_saves_the_rest(as_user, priya) -> None:
    client = as_user(priya)
    make_draft(priya, complete=False)
    body = '{"page": "their-words", "their_words": "She said\\u0000 she is \\ud80017"}'
    response = client.post(AUTOSAVE, body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["saved"] is True
    assert response.json()["removed_characters"] == ["their_words"]
    assert Draft.objects.get(author=priya).answers["their_words"] == "She said she is 17"


@pytest.mark.django_db
def test_form_autosave_with_a_nul_saves_the_rest(as_user, priya) -> None:
    client = as_user(priya)
    make_draft(priya, complete=False)
    response = client.post(AUTOSAVE, {"page": "their-words", "their_words": "one\x00two"})
    assert response.status_code == 200
    assert response.json()["removed_characters"] == ["their_words"]
    assert Draft.objects.get(author=priya).answers["their_words"] == "onetwo"


@pytest.mark.django_db
def test_a_nul_in_a_search_form_is_an_error_on_the_field_not_a_server_error(as_user, lee) -> None:
    response = as_user(lee).get(reverse("insights:organisation"), {"date_from": "01 2026\x00"})
    assert response.status_code == 400
    assert "We removed characters that cannot be saved from" in response.content.decode()


@pytest.mark.django_db
def test_a_nul_in_an_address_is_not_found(as_user, priya) -> None:
    make_draft(priya, complete=False)
    assert as_user(priya).get("/concerns/draft/their-words%00/").status_code == 404
