"""The lead sees everything the practitioner recorded, in their own words, on the triage page
and the case page, with the signs grouped as the signs page showed them (issue 15 item 4)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from cases import services
from tests.cases.factories import make_concern

pytestmark = pytest.mark.django_db

ANSWERS = {
    "languages": "Romanian and a little English",
    "interpreter_needed": "yes",
    "something_else": "She flinched when the manager's van pulled up",
    "told_anyone": "yes",
    "told_who": "My head of year, at 9am on Tuesday",
    "spoken_to_person": "no",
    "happened_where": "The car wash on Mill Street",
    "their_words": "I cannot leave until I pay them back",
    "what_you_saw": "Her passport in the manager's jacket",
    "someone_answered_for_them": "yes",
    "children_at_risk": "not-sure",
    "age_disputed": "no",
    "location": "Staying above the car wash",
}


@pytest.fixture
def concern(priya):
    concern = make_concern(
        priya, indicators=("documents-held", "unexplained-injuries", "poor-housing"), **ANSWERS
    )
    concern.signs_from_text = [{"indicator": "documents-held", "evidence": []}]
    concern.save(update_fields=["signs_from_text"])
    return concern


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def _check_everything_is_there(html: str) -> None:
    text = _text(html)
    for words in (
        "Romanian and a little English",
        "Needs an interpreter Yes",
        "She flinched when the manager's van pulled up",
        "Has the practitioner told anyone Yes",
        "Who they told, and when My head of year, at 9am on Tuesday",
        "Has the practitioner spoken to the person No",
        "The car wash on Mill Street",
        "I cannot leave until I pay them back",
        "Her passport in the manager's jacket",
        "Someone answered for them Yes",
        "Other children who may be at risk I don't know",
        "Staying above the car wash",
    ):
        assert words in text, words
    # The signs, grouped as the practitioner saw them: the one confirmed from their words
    # first, then by where each sign is likely to be seen.
    from_text = text.index("Signs: in what was written Someone else keeps their passport")
    health = text.index("Signs: health and how they seem Has injuries that look like")
    home = text.index("Signs: at home and who controls them Lives in poor, crowded")
    assert from_text < health < home


def test_the_triage_page_shows_every_answer_grouped_as_recorded(concern, lee, as_user) -> None:
    html = as_user(lee).get(reverse("cases:triage", kwargs={"pk": concern.pk})).content.decode()
    _check_everything_is_there(html)


def test_the_case_page_shows_every_answer_grouped_as_recorded(concern, lee, as_user) -> None:
    case = services.case_open(concern=concern, lead=lee, by=lee)
    html = as_user(lee).get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    _check_everything_is_there(html)


def test_the_organisations_own_setting_comes_first_as_on_the_signs_page(
    concern, lee, northgate, as_user
) -> None:
    northgate.signs_setting = "home"
    northgate.save()
    html = as_user(lee).get(reverse("cases:triage", kwargs={"pk": concern.pk})).content.decode()
    text = _text(html)
    assert text.index("Signs: at home and who controls them") < text.index(
        "Signs: health and how they seem"
    )


def test_a_partner_without_the_concerns_part_sees_none_of_the_answers(
    concern, lee, omar, riverside, as_user
) -> None:
    case = services.case_open(concern=concern, lead=lee, by=lee)
    services.case_share(
        case=case,
        organisation=riverside,
        reason="First responder",
        parts=["summary"],
        may_add=False,
        by=lee,
    )
    html = as_user(omar).get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    assert "She flinched" not in _text(html)
    assert "My head of year" not in _text(html)
