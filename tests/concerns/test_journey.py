"""Recording a concern through its pages with the test client (the browser tests do it for real)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from audit.models import AuditEvent
from concerns.models import Concern, Draft
from tests.concerns.helpers import child_signs, make_draft

pytestmark = pytest.mark.django_db


def page(name: str) -> str:
    return reverse("concerns:page", kwargs={"page": name})


def test_the_start_page_explains_the_journey_and_starts_a_blank_draft(as_user, priya) -> None:
    client = as_user(priya)
    response = client.get(reverse("concerns:start"))
    assert response.status_code == 200
    assert "Start now" in response.text
    assert not Draft.objects.filter(author=priya).exists()
    response = client.post(reverse("concerns:start"))
    assert response.status_code == 302
    assert response["Location"] == page("danger")
    draft = Draft.objects.get(author=priya)
    assert draft.answers == {}
    assert AuditEvent.objects.filter(kind="concern-draft-started", target_id=str(draft.pk)).exists()


def test_the_guide_hands_over_its_answers_and_they_are_shown_prefilled(as_user, priya) -> None:
    client = as_user(priya)
    response = client.post(
        reverse("concerns:start"),
        {"immediate_danger": "no", "age_group": "18-or-over", "consent_to_nrm": "not-asked"},
    )
    assert response.status_code == 302
    draft = Draft.objects.get(author=priya)
    assert draft.answers == {
        "immediate_danger": "no",
        "age_group": "18-or-over",
        "consent_to_nrm": "not-asked",
    }
    danger = client.get(page("danger")).text
    assert re.search(r'value="no"\s+checked', danger)
    age = client.get(page("age")).text
    assert re.search(r'value="18-or-over"\s+checked', age)


def test_odd_values_from_the_guide_are_dropped_and_unknown_fields_ignored(as_user, priya) -> None:
    client = as_user(priya)
    client.post(
        reverse("concerns:start"),
        {"immediate_danger": "maybe", "age_group": "under-18", "status": "closed", "author": "x"},
    )
    assert Draft.objects.get(author=priya).answers == {"age_group": "under-18"}


def test_starting_again_with_an_unfinished_concern_asks_before_replacing_it(as_user, priya) -> None:
    client = as_user(priya)
    make_draft(priya, person_name="Kept")
    response = client.post(reverse("concerns:start"), {"age_group": "under-18"})
    assert response.status_code == 200
    assert "You have an unfinished concern" in response.text
    assert 'name="age_group" value="under-18"' in response.text
    assert Draft.objects.get(author=priya).answers["person_name"] == "Kept"
    response = client.post(reverse("concerns:start"), {"age_group": "under-18", "replace": "yes"})
    assert response.status_code == 302
    assert Draft.objects.get(author=priya).answers == {"age_group": "under-18"}


def test_yes_to_immediate_danger_shows_the_call_999_page_then_lets_them_carry_on(
    as_user, priya
) -> None:
    client = as_user(priya)
    client.post(reverse("concerns:start"))
    response = client.post(page("danger"), {"immediate_danger": "yes"})
    assert response["Location"] == reverse("concerns:call-999")
    stop = client.get(reverse("concerns:call-999"))
    assert "Call 999 now" in stop.text
    assert reverse("concerns:tasks") in stop.text


def test_no_to_immediate_danger_goes_to_the_task_list(as_user, priya) -> None:
    client = as_user(priya)
    client.post(reverse("concerns:start"))
    response = client.post(page("danger"), {"immediate_danger": "no"})
    assert response["Location"] == reverse("concerns:tasks")
    tasks = client.get(reverse("concerns:tasks")).text
    assert "About the person" in tasks
    assert "Cannot send yet" in tasks


def test_an_error_shows_the_summary_keeps_every_answer_and_saves_the_typing(as_user, priya) -> None:
    client = as_user(priya)
    client.post(reverse("concerns:start"))
    response = client.post(
        page("others"),
        {"others_present": "A tall man who answered for her", "others_at_risk": "yes"},
    )
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert "<title>Error: " in response.text
    assert "Select whether someone answered for them" in response.text
    assert "A tall man who answered for her" in response.text
    assert re.search(r'value="yes"\s+checked', response.text)
    draft = Draft.objects.get(author=priya)
    assert draft.answers["others_present"] == "A tall man who answered for her"
    assert "others" not in draft.completed


def test_who_needs_a_name_or_a_description(as_user, priya) -> None:
    client = as_user(priya)
    client.post(reverse("concerns:start"))
    response = client.post(page("who"), {})
    assert response.status_code == 400
    assert "Enter their name, or describe them if you do not know it" in response.text
    response = client.post(page("who"), {"person_description": "Girl, about 14, red coat"})
    assert response["Location"] == page("age")


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "3", "2010", "Date of birth must include a day"),
        ("31", "2", "2010", "Date of birth must be a real date"),
        ("1", "1", "2999", "Date of birth must be in the past"),
    ],
)
def test_the_date_of_birth_is_checked_the_gov_uk_way(
    as_user, priya, day: str, month: str, year: str, message: str
) -> None:
    client = as_user(priya)
    client.post(reverse("concerns:start"))
    response = client.post(
        page("age"),
        {"age_group": "under-18", "dob_day": day, "dob_month": month, "dob_year": year},
    )
    assert response.status_code == 400
    assert message in response.text
    assert 'href="#id_dob_day"' in response.text


def test_an_age_that_contradicts_under_18_is_questioned(as_user, priya) -> None:
    client = as_user(priya)
    client.post(reverse("concerns:start"))
    response = client.post(page("age"), {"age_group": "18-or-over", "age_years": "15"})
    assert response.status_code == 400
    assert "Check both answers" in response.text


def test_the_signs_shown_depend_on_the_age_answer_and_each_has_its_hint(as_user, priya) -> None:
    from guidance.catalogue import get_catalogue

    catalogue = get_catalogue()
    child_only = next(i for i in catalogue.indicators if i.population == "child")
    adult_only = next(i for i in catalogue.indicators if i.population == "adult")
    client = as_user(priya)
    client.post(reverse("concerns:start"), {"age_group": "under-18"})
    text = client.get(page("signs")).text
    assert f'value="{child_only.id}"' in text
    assert f'value="{adult_only.id}"' not in text
    assert child_only.hint.replace("'", "&#x27;") in text
    Draft.objects.filter(author=priya).update(answers={"age_group": "18-or-over"})
    text = client.get(page("signs")).text
    assert f'value="{adult_only.id}"' in text
    assert f'value="{child_only.id}"' not in text


def test_the_consent_question_is_only_for_adults(as_user, priya) -> None:
    client = as_user(priya)
    client.post(reverse("concerns:start"), {"age_group": "under-18"})
    assert client.get(page("consent"))["Location"] == reverse("concerns:tasks")
    assert client.post(page("spoken"), {"spoken_to_person": "no"})["Location"] == reverse(
        "concerns:tasks"
    )
    Draft.objects.filter(author=priya).update(answers={"age_group": "18-or-over"})
    assert client.get(page("consent")).status_code == 200
    assert client.post(page("spoken"), {"spoken_to_person": "no"})["Location"] == page("consent")


def test_change_links_come_back_to_check_your_answers(as_user, priya) -> None:
    client = as_user(priya)
    make_draft(priya)
    check = client.get(reverse("concerns:check")).text
    assert f"{page('their-words')}?return=check" in check
    response = client.post(page("their-words") + "?return=check", {"their_words": "Changed words"})
    assert response["Location"] == reverse("concerns:check")
    assert "Changed words" in client.get(reverse("concerns:check")).text


def test_check_your_answers_shows_the_screening_in_plain_words(as_user, priya) -> None:
    client = as_user(priya)
    make_draft(priya)
    text = client.get(reverse("concerns:check")).text
    assert "What the signs may point to" in text
    assert "This is not a finding about what has happened" in text
    # A child (the draft's default): what to look for, never what to ask (issue 13).
    assert "What to look for next" in text
    assert "Do not ask a child leading questions" in text
    assert "What to ask or look for next" not in text
    assert "victim" not in text.lower()
    assert "score" not in text.lower()


def test_sending_needs_the_required_answers_and_the_declaration(as_user, priya) -> None:
    client = as_user(priya)
    draft = make_draft(priya, complete=False, immediate_danger="no")
    Draft.objects.filter(pk=draft.pk).update(completed=["danger"])
    response = client.post(
        reverse("concerns:check"), {"submission_token": str(draft.submission_token)}
    )
    assert response.status_code == 400
    assert "Enter their name, or describe them" in response.text
    assert "Answer whether anyone is in immediate danger" not in response.text
    assert "Confirm that what you have written is true" in response.text
    assert not Concern.objects.exists()


def test_sending_creates_the_concern_tells_the_leads_by_link_only_and_audits(
    as_user, priya, lee, make_person, northgate, django_capture_on_commit_callbacks
) -> None:
    other_lead = make_person(northgate, "lead")
    client = as_user(priya)
    draft = make_draft(priya, person_name="Alex Example", their_words="He owes money")
    token = draft.submission_token
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("concerns:check"), {"submission_token": str(token), "declaration": "on"}
        )
    concern = Concern.objects.get()
    assert response["Location"] == reverse("concerns:submitted", kwargs={"pk": concern.pk})
    assert re.fullmatch(r"SP-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}", concern.reference)
    assert concern.submission_token == token
    assert concern.author == priya
    assert concern.organisation == northgate
    assert concern.status == "received"
    assert concern.indicator_ids == child_signs()
    assert concern.screening["catalogue_version"]
    assert concern.screening["observed"] == child_signs()
    assert not Draft.objects.filter(author=priya).exists()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([lee.email, other_lead.email])
    for message in mail.outbox:
        assert "Alex" not in message.body
        assert "owes" not in message.body
        assert concern.reference not in message.body
        assert f"/concerns/received/{concern.pk}/" in message.body
    kinds = set(AuditEvent.objects.filter(target_id=str(concern.pk)).values_list("kind", flat=True))
    assert {"concern-submitted", "concern-leads-notified"} <= kinds
    for event in AuditEvent.objects.all():
        assert "Alex" not in str(event.detail)


def test_sending_the_same_page_twice_creates_one_concern(as_user, priya) -> None:
    client = as_user(priya)
    draft = make_draft(priya)
    data = {"submission_token": str(draft.submission_token), "declaration": "on"}
    first = client.post(reverse("concerns:check"), data)
    second = client.post(reverse("concerns:check"), data)
    assert Concern.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_the_confirmation_gives_the_reference_and_what_happens_next(as_user, priya) -> None:
    client = as_user(priya)
    draft = make_draft(priya)
    response = client.post(
        reverse("concerns:check"),
        {"submission_token": str(draft.submission_token), "declaration": "on"},
        follow=True,
    )
    concern = Concern.objects.get()
    text = response.text
    assert concern.reference in text
    assert "Your safeguarding lead has been told" in text
    assert "If you cannot reach them today" in text
    assert "children&#x27;s social care" in text
    assert "Refer to children&#x27;s social care" in text
    assert reverse("concerns:add-information", kwargs={"pk": concern.pk}) in text


def test_pages_with_case_data_are_not_stored_by_the_browser(as_user, priya) -> None:
    client = as_user(priya)
    make_draft(priya)
    assert client.get(reverse("concerns:check"))["Cache-Control"] == "no-store"


def test_people_who_do_not_record_concerns_cannot_start_one(as_user, ada, ana) -> None:
    for person in (ada, ana):
        assert as_user(person).get(reverse("concerns:start")).status_code == 403
        assert as_user(person).post(reverse("concerns:start")).status_code == 403


def test_a_lead_can_record_a_concern_too(as_user, lee) -> None:
    client = as_user(lee)
    assert client.post(reverse("concerns:start")).status_code == 302
    assert Draft.objects.filter(author=lee).exists()


def test_deleting_the_unfinished_concern_asks_first(as_user, priya) -> None:
    client = as_user(priya)
    make_draft(priya)
    assert "Are you sure" in client.get(reverse("concerns:delete-draft")).text
    response = client.post(reverse("concerns:delete-draft"))
    assert response["Location"] == reverse("core:home")
    assert not Draft.objects.filter(author=priya).exists()
