"""The signs page (issue 19): signs found in the practitioner's own words first, to confirm or
reject, then the catalogue grouped by setting; saved as the person goes and by form posts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from concerns import journey, services
from concerns.models import Concern, Draft
from guidance.catalogue import get_catalogue
from tests.cases.factories import make_concern
from tests.concerns.helpers import make_draft
from tests.guidance.test_hints import TEACHER_NOTE

pytestmark = pytest.mark.django_db

SIGNS = reverse("concerns:page", kwargs={"page": "signs"})
AUTOSAVE = reverse("concerns:autosave")
SEVEN = [
    "goes-missing",
    "found-out-of-area",
    "many-phones",
    "unexplained-money",
    "controlled-by-older-people",
    "school-drop",
    "frightened",
]


def _draft_with_note(author, **answers) -> Draft:
    values = {
        "immediate_danger": "no",
        "person_name": "Jade",
        "age_group": "under-18",
        "what_you_saw": TEACHER_NOTE,
        **answers,
    }
    return Draft.objects.create(author=author, answers=values, completed=["danger"], page="tasks")


def test_the_account_pages_come_before_the_signs_page() -> None:
    noticed = journey.SECTION_OF["signs"]
    assert [p.slug for p in noticed.pages] == ["what-you-saw", "their-words", "signs"]


def test_the_signs_page_opens_with_the_signs_in_what_she_wrote_with_her_words_marked(
    as_user, priya
) -> None:
    _draft_with_note(priya)
    page = as_user(priya).get(SIGNS).content.decode()
    assert page.index("Signs in what you wrote") < page.index("Other signs you may have noticed")
    catalogue = get_catalogue()
    for indicator in SEVEN:
        assert f'name="hint_{indicator}"' in page
        assert catalogue.get(indicator).text in page
    assert "<mark>two phones</mark>" in page
    assert "<mark>£50 note</mark>" in page
    assert "victim" not in page.lower()
    # A hinted sign is not listed again among the checkboxes.
    assert 'value="many-phones"' not in page.split("Other signs you may have noticed")[1]


def test_without_any_text_there_are_no_suggestions(as_user, priya) -> None:
    _draft_with_note(priya, what_you_saw="")
    page = as_user(priya).get(SIGNS).content.decode()
    assert "Signs in what you wrote" not in page
    assert "Signs you may have noticed" in page


def test_the_organisations_own_setting_comes_first(as_user, priya, omar) -> None:
    _draft_with_note(priya)
    page = as_user(priya).get(SIGNS).content.decode()
    school = page.index("At school or college")
    assert school < page.index("Health and how they seem") < page.index("Work and money")
    assert "The signs most often seen where you work come first" in page
    _draft_with_note(omar)
    page = as_user(omar).get(SIGNS).content.decode()  # Riverside Council: home first
    assert page.index("At home and who controls them") < page.index("At school or college")


def test_confirmed_and_rejected_hints_are_saved_by_a_form_post_without_javascript(
    as_user, priya
) -> None:
    draft = _draft_with_note(priya)
    data = {f"hint_{i}": "yes" for i in SEVEN}
    data["hint_older-partner-or-lifts"] = "no"
    data["signs_health"] = ["unexplained-injuries"]
    response = as_user(priya).post(SIGNS, data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.answers["hint_many-phones"] == "yes"
    assert draft.answers["hint_older-partner-or-lifts"] == "no"
    assert "signs" in draft.completed
    ids = journey.indicator_ids(draft.answers)
    assert set(SEVEN) | {"unexplained-injuries"} == set(ids)


def test_a_page_with_nothing_confirmed_ticked_or_written_is_an_error(as_user, priya) -> None:
    _draft_with_note(priya)
    response = as_user(priya).post(SIGNS, {f"hint_{i}": "no" for i in SEVEN})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select the signs you noticed" in page
    assert 'value="no" checked' in page  # what she chose is kept


def test_choices_are_autosaved_as_she_goes(as_user, priya) -> None:
    draft = _draft_with_note(priya)
    client = as_user(priya)
    response = client.post(
        AUTOSAVE,
        {
            "page": "signs",
            "choices": "all",
            "hint_many-phones": "yes",
            "hint_goes-missing": "no",
            "signs_health": ["unexplained-injuries", "neglected-health"],
        },
    )
    assert response.status_code == 200 and response.json()["saved"] is True
    draft.refresh_from_db()
    assert draft.answers["hint_many-phones"] == "yes"
    assert draft.answers["hint_goes-missing"] == "no"
    assert draft.answers["signs_health"] == ["unexplained-injuries", "neglected-health"]
    assert "signs" not in draft.completed
    # Unticking everything in a group is saved too (an unticked box is absent from a post).
    client.post(AUTOSAVE, {"page": "signs", "choices": "all", "hint_many-phones": "yes"})
    draft.refresh_from_db()
    assert draft.answers["signs_health"] == []
    page = client.get(SIGNS).content.decode()
    assert (
        'id="id_hint_many-phones_0" name="hint_many-phones" type="radio" value="yes" checked'
        in (page)
    )


@pytest.mark.parametrize(
    "data",
    [
        {"hint_many-phones": "maybe"},
        {"signs_health": ["not-a-sign"]},
        {"signs_health": ["many-phones"]},  # a hinted sign is not among the checkboxes
        {"hint_not-in-the-text": "yes"},
        {"person_name": "changed"},
    ],
)
def test_autosave_refuses_choices_the_page_does_not_offer(as_user, priya, data) -> None:
    draft = _draft_with_note(priya)
    before = dict(draft.answers)
    response = as_user(priya).post(AUTOSAVE, {"page": "signs", "choices": "all", **data})
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.answers == before


def test_older_drafts_ticked_by_theme_keep_their_ticks_in_the_new_groups(as_user, priya) -> None:
    draft = _draft_with_note(priya, what_you_saw="", signs_health=[], signs_behaviour=["withdrawn"])
    client = as_user(priya)
    page = client.get(SIGNS).content.decode()
    assert 'value="withdrawn" checked' in page
    client.post(SIGNS, {"signs_health": ["withdrawn"]})
    draft.refresh_from_db()
    assert draft.answers["signs_behaviour"] == []
    assert journey.indicator_ids(draft.answers) == ["withdrawn"]


def test_a_sign_confirmed_from_words_since_deleted_no_longer_counts(priya) -> None:
    answers = {
        "age_group": "under-18",
        "what_you_saw": "She has two phones.",
        "hint_many-phones": "yes",
    }
    assert journey.indicator_ids(answers) == ["many-phones"]
    answers["what_you_saw"] = "She has a phone."
    assert journey.indicator_ids(answers) == []


def test_sending_stores_only_confirmed_signs_with_the_words_that_show_them(priya) -> None:
    draft = make_draft(priya, what_you_saw=TEACHER_NOTE)
    draft.answers.update({f"hint_{i}": "yes" for i in SEVEN})
    draft.answers["hint_older-partner-or-lifts"] = "no"
    draft.save()
    concern, _ = services.concern_submit(draft=draft, by=priya)
    stored = {item["indicator"]: item["evidence"] for item in concern.signs_from_text}
    assert set(stored) == set(SEVEN)
    assert "older-partner-or-lifts" not in concern.indicator_ids
    assert set(SEVEN) <= set(concern.indicator_ids)
    phones = stored["many-phones"][0]
    assert phones == {
        "field": "what_you_saw",
        "start": TEACHER_NOTE.index("two phones"),
        "end": TEACHER_NOTE.index("two phones") + len("two phones"),
        "text": "two phones",
    }
    event = AuditEvent.objects.get(kind="concern-submitted")
    assert event.detail["confirmed_from_text"] == len(SEVEN)
    assert "two phones" not in str(event.detail)


def test_the_lead_sees_which_signs_were_confirmed_from_the_text_with_the_words(
    as_user, priya, lee
) -> None:
    concern = make_concern(
        priya,
        signs_from_text=[
            {
                "indicator": "many-phones",
                "evidence": [
                    {"field": "what_you_saw", "start": 0, "end": 10, "text": "two phones"}
                ],
            }
        ],
    )
    client = as_user(lee)
    for url in (
        reverse("concerns:lead-detail", kwargs={"pk": concern.pk}),
        reverse("cases:triage", kwargs={"pk": concern.pk}),
    ):
        page = client.get(url).content.decode()
        assert "Signs confirmed from what was written" in page
        assert get_catalogue().get("many-phones").text in page
        assert "<mark>two phones</mark>" in page


def test_a_concern_without_signs_from_text_shows_no_such_section(as_user, priya, lee) -> None:
    concern = make_concern(priya)
    page = as_user(lee).get(reverse("cases:triage", kwargs={"pk": concern.pk})).content.decode()
    assert "Signs confirmed from what was written" not in page
    assert Concern.objects.get(pk=concern.pk).signs_from_text == []
