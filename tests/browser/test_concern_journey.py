"""The whole journey in a real browser, with the keyboard alone, and axe on every page in its
empty, error and filled states (issue 4, "Done when")."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from concerns.models import Concern, FollowUp
from tests.browser.conftest import assert_accessible, sign_in_as
from tests.concerns.keyboard import (
    activate,
    choose,
    follow_link,
    press_button,
    tab_to,
    tick,
    type_into,
)

pytestmark = pytest.mark.browser


def heading(page: Page, text: str) -> None:
    expect(page.locator("h1")).to_contain_text(text)


def error_state(page: Page, what: str, message: str) -> None:
    press_button(page, "Continue")
    expect(page.locator(".govuk-error-summary")).to_contain_text(message)
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page, f"{what} (error)")


def test_a_practitioner_records_a_concern_about_a_child_with_the_keyboard_alone(
    page: Page, live_server, live_cast
) -> None:
    priya = live_cast.people["priya"]
    sign_in_as(page.context, live_server.url, priya)
    page.goto(live_server.url + "/")
    activate(page, page.get_by_role("link", name="Record a concern").first)

    heading(page, "Record a concern")
    assert_accessible(page, "start")
    press_button(page, "Start now")

    heading(page, "Is anyone in immediate danger?")
    assert_accessible(page, "danger (empty)")
    error_state(page, "danger", "Select whether anyone is in immediate danger")
    choose(page, "immediate_danger", "yes")
    assert_accessible(page, "danger (filled)")
    press_button(page, "Continue")

    heading(page, "Call 999 now")
    assert_accessible(page, "call 999")
    activate(page, page.get_by_role("button", name=re.compile("carry on")))

    heading(page, "Record a concern")
    assert_accessible(page, "task list (empty)")
    follow_link(page, "About the person")

    heading(page, "Who is the person you are worried about?")
    assert_accessible(page, "who (empty)")
    error_state(page, "who", "Enter their name, or describe them")
    type_into(page, page.get_by_label("Their name", exact=True), "Mira")
    assert_accessible(page, "who (filled)")
    press_button(page, "Continue")

    heading(page, "How old are they?")
    assert_accessible(page, "age (empty)")
    error_state(page, "age", "Select whether they are under 18")
    choose(page, "age_group", "under-18")
    type_into(page, page.get_by_label("Day", exact=True), "31")
    type_into(page, page.get_by_label("Month", exact=True), "2")
    type_into(page, page.get_by_label("Year", exact=True), "2011")
    error_state(page, "age date", "Date of birth must be a real date")
    day = page.get_by_label("Day", exact=True)
    tab_to(page, day)
    page.keyboard.press("Control+A")
    page.keyboard.type("28")
    assert_accessible(page, "age (filled)")
    press_button(page, "Continue")

    heading(page, "What is their gender?")
    assert_accessible(page, "gender (empty)")
    error_state(page, "gender", "Select their gender")
    choose(page, "gender", "female")
    press_button(page, "Continue")

    heading(page, "What is their nationality?")
    assert_accessible(page, "nationality (empty)")
    type_into(page, page.get_by_label("What is their nationality?", exact=True), "Albanian")
    assert_accessible(page, "nationality (filled)")
    press_button(page, "Continue")

    heading(page, "Which languages do they speak?")
    assert_accessible(page, "languages (empty)")
    error_state(page, "languages", "Select whether they need an interpreter")
    type_into(
        page,
        page.get_by_label("Which languages do they speak?", exact=True),
        "Albanian, some English",
    )
    choose(page, "interpreter_needed", "not-sure")
    assert_accessible(page, "languages (filled)")
    press_button(page, "Continue")

    heading(page, "Where are they now?")
    assert_accessible(page, "location (empty)")
    type_into(page, page.get_by_label("Where are they now?", exact=True), "In class, room 4")
    assert_accessible(page, "location (filled)")
    press_button(page, "Continue")

    heading(page, "Record a concern")
    expect(page.locator("#task-person-status")).to_have_text("Completed")
    follow_link(page, "What you noticed")

    # The practitioner's own account first (issue 19), then the signs page.
    heading(page, "What did you see or hear?")
    type_into(page, page.get_by_role("textbox"), "A man in a grey van waited outside.")
    assert_accessible(page, "what you saw (filled)")
    press_button(page, "Continue")

    heading(page, "What did they say, in their own words?")
    assert_accessible(page, "their words (empty)")
    type_into(
        page, page.get_by_role("textbox"), "She said she has to pay back the man who drives her."
    )
    assert_accessible(page, "their words (filled)")
    press_button(page, "Continue")

    heading(page, "What did you notice?")
    assert_accessible(page, "signs (empty)")
    error_state(page, "signs", "Select the signs you noticed")
    checkboxes = page.locator("details[open] input[type=checkbox]")
    tick(page, checkboxes.nth(0))
    tick(page, checkboxes.nth(3))
    type_into(
        page, page.get_by_label("Something else", exact=True), "Always collected by a different man"
    )
    assert_accessible(page, "signs (filled)")
    press_button(page, "Continue")

    follow_link(page, "What happened")
    heading(page, "When and where did this happen?")
    assert_accessible(page, "when and where (empty)")
    type_into(page, page.get_by_label("When did it happen?", exact=True), "This morning at 8:30")
    type_into(page, page.get_by_label("Where did it happen?", exact=True), "At the school gate")
    press_button(page, "Continue")

    heading(page, "Was anyone else there?")
    assert_accessible(page, "others (empty)")
    type_into(
        page, page.get_by_label("Who else was there?", exact=True), "The driver answered for her."
    )
    error_state(page, "others", "Select whether someone answered for them")
    expect(page.get_by_label("Who else was there?", exact=True)).to_have_value(
        "The driver answered for her."
    )
    choose(page, "someone_answered_for_them", "yes")
    choose(page, "others_at_risk", "not-sure")
    assert_accessible(page, "others (filled)")
    press_button(page, "Continue")

    # Issue 14: the account as the NRM form asks it, then who may be exploiting them and who
    # else may be exploited, each asked apart.
    heading(page, "What do you know about their situation?")
    assert_accessible(page, "situation (empty)")
    type_into(page, page.get_by_label("How did it start?", exact=True), "A man gave her a phone.")
    assert_accessible(page, "situation (filled)")
    press_button(page, "Continue")

    heading(page, "What do you know about their background?")
    assert_accessible(page, "background (empty)")
    press_button(page, "Continue")

    heading(page, "Who do you think may be exploiting or controlling them?")
    assert_accessible(page, "exploiters (empty)")
    type_into(
        page,
        page.get_by_label("Who do you think may be exploiting or controlling them?", exact=True),
        "The driver of the car.",
    )
    press_button(page, "Continue")

    heading(page, "Who else may be being exploited?")
    assert_accessible(page, "others exploited (empty)")
    type_into(
        page,
        page.get_by_label("Who else may be being exploited?", exact=True),
        "Another girl collected by the same car.",
    )
    assert_accessible(page, "others exploited (filled)")
    press_button(page, "Continue")

    follow_link(page, "What you have done")
    heading(page, "Have you told anyone")
    assert_accessible(page, "told (empty)")
    error_state(page, "told", "Select whether you have told anyone yet")
    choose(page, "told_anyone", "no")
    assert_accessible(page, "told (filled)")
    press_button(page, "Continue")

    heading(page, "Have they already been referred")
    assert_accessible(page, "referred (empty)")
    error_state(page, "referred", "Select whether they have already been referred")
    choose(page, "already_in_nrm", "not-sure")
    press_button(page, "Continue")

    heading(page, "Have you spoken to the person about your worry?")
    assert_accessible(page, "spoken (empty)")
    error_state(page, "spoken", "Select whether you have spoken to the person")
    choose(page, "spoken_to_person", "no")
    press_button(page, "Continue")

    # A child: no consent question; straight back to the task list.
    heading(page, "Record a concern")
    expect(page.locator("#task-done-status")).to_have_text("Completed")
    assert_accessible(page, "task list (filled)")
    follow_link(page, "Check your answers and send")

    heading(page, "Check your answers before sending")
    expect(page.locator("main")).to_contain_text("She said she has to pay back the man")
    expect(page.locator("main")).to_contain_text("What the signs may point to")
    expect(page.locator("main")).not_to_contain_text("victim")
    assert_accessible(page, "check answers")
    press_button(page, "Send concern")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Confirm that what you have")
    assert_accessible(page, "check answers (error)")
    tick(
        page,
        page.get_by_label(
            "I confirm that what I have written is true as far as I know", exact=True
        ),
    )
    press_button(page, "Send concern")

    expect(page.locator(".govuk-panel__title")).to_have_text("Concern sent")
    concern = Concern.objects.get()
    expect(page.locator(".govuk-panel__body")).to_contain_text(concern.reference)
    expect(page.locator("main")).to_contain_text("Your safeguarding lead has been told")
    assert_accessible(page, "confirmation")
    assert concern.person_name == "Mira"
    assert concern.date_of_birth.isoformat() == "2011-02-28"
    assert concern.immediate_danger == "yes"
    assert concern.their_words == "She said she has to pay back the man who drives her."
    assert concern.exploiters == "The driver of the car."
    assert concern.others_exploited == "Another girl collected by the same car."
    assert concern.how_it_started == "A man gave her a phone."
    assert len(concern.indicator_ids) == 2
    assert concern.consent_to_nrm == ""

    # My concerns, and adding information later.
    follow_link(page, "My concerns")
    heading(page, "My concerns")
    assert_accessible(page, "my concerns")
    follow_link(page, concern.reference)
    heading(page, f"Concern {concern.reference}")
    assert_accessible(page, "my concern")
    activate(page, page.get_by_role("button", name="Add information"))
    heading(page, "What do you want to add?")
    assert_accessible(page, "add information (empty)")
    press_button(page, "Add information")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the information")
    assert_accessible(page, "add information (error)")
    type_into(
        page, page.get_by_label("What do you want to add?", exact=True), "She was absent today."
    )
    assert_accessible(page, "add information (filled)")
    press_button(page, "Add information")
    expect(page.locator("main")).to_contain_text("She was absent today.")
    assert FollowUp.objects.get().text == "She was absent today."


def test_a_practitioner_records_a_concern_about_an_adult_with_the_keyboard_alone(
    page: Page, live_server, live_cast, browser
) -> None:
    priya = live_cast.people["priya"]
    sign_in_as(page.context, live_server.url, priya)
    page.goto(live_server.url + "/concerns/new/")
    press_button(page, "Start now")

    heading(page, "Is anyone in immediate danger?")
    choose(page, "immediate_danger", "no")
    press_button(page, "Continue")
    heading(page, "Record a concern")
    follow_link(page, "About the person")
    heading(page, "Who is the person")
    type_into(
        page,
        page.get_by_label("If you do not know their name, describe them", exact=True),
        "Man, about 30, works in the kitchen",
    )
    press_button(page, "Continue")
    heading(page, "How old are they?")
    choose(page, "age_group", "18-or-over")
    type_into(page, page.get_by_label("Their age in years, if you know it", exact=True), "30")
    press_button(page, "Continue")
    heading(page, "What is their gender?")
    choose(page, "gender", "not-known")
    press_button(page, "Continue")
    heading(page, "What is their nationality?")
    press_button(page, "Continue")  # not known: left empty
    heading(page, "Which languages do they speak?")
    choose(page, "interpreter_needed", "yes")
    press_button(page, "Continue")
    heading(page, "Where are they now?")
    press_button(page, "Continue")  # not known: left empty

    heading(page, "Record a concern")
    follow_link(page, "What you noticed")
    heading(page, "What did you see or hear?")
    press_button(page, "Continue")
    heading(page, "What did they say")
    type_into(page, page.get_by_role("textbox"), "He said his boss keeps his passport.")
    press_button(page, "Continue")
    heading(page, "What did you notice?")
    # An adult at a school: the open group (school signs) may hold one sign only.
    tick(page, page.locator("details[open] input[type=checkbox]").first)
    press_button(page, "Continue")

    heading(page, "Record a concern")
    follow_link(page, "What happened")
    heading(page, "When and where")
    press_button(page, "Continue")
    heading(page, "Was anyone else there?")
    choose(page, "someone_answered_for_them", "no")
    choose(page, "others_at_risk", "no")
    press_button(page, "Continue")
    # Issue 14's pages are optional: Continue leaves them empty.
    for question in (
        "What do you know about their situation?",
        "What do you know about their background?",
        "Who do you think may be exploiting or controlling them?",
        "Who else may be being exploited?",
    ):
        heading(page, question)
        press_button(page, "Continue")

    heading(page, "Record a concern")
    follow_link(page, "What you have done")
    heading(page, "Have you told anyone")
    choose(page, "told_anyone", "yes")
    type_into(
        page, page.get_by_label("Who did you tell, and when?", exact=True), "My manager, at 10am"
    )
    press_button(page, "Continue")
    heading(page, "Have they already been referred")
    choose(page, "already_in_nrm", "no")
    press_button(page, "Continue")
    heading(page, "Have you spoken to the person")
    choose(page, "spoken_to_person", "yes")
    press_button(page, "Continue")

    heading(page, "Have you asked whether they agree to a referral?")
    assert_accessible(page, "consent (empty)")
    error_state(page, "consent", "Select whether you have asked them")
    choose(page, "consent_to_nrm", "yes")
    assert_accessible(page, "consent (filled)")
    press_button(page, "Continue")

    heading(page, "Record a concern")
    follow_link(page, "Check your answers and send")
    heading(page, "Check your answers before sending")
    expect(page.locator("main")).to_contain_text("Yes, and they agree to a referral")
    # Change a page from check your answers, and come straight back.
    activate(page, page.get_by_role("link", name="Change what they said"))
    heading(page, "What did they say")
    box = page.get_by_role("textbox")
    tab_to(page, box)
    page.keyboard.press("End")
    page.keyboard.type(" He sleeps at the restaurant.")
    press_button(page, "Continue")
    heading(page, "Check your answers before sending")
    expect(page.locator("main")).to_contain_text("He sleeps at the restaurant.")
    tick(
        page,
        page.get_by_label(
            "I confirm that what I have written is true as far as I know", exact=True
        ),
    )
    press_button(page, "Send concern")

    expect(page.locator(".govuk-panel__title")).to_have_text("Concern sent")
    concern = Concern.objects.get()
    assert concern.person_description == "Man, about 30, works in the kitchen"
    assert concern.told_who == "My manager, at 10am"
    assert concern.age_group == "18-or-over"
    assert concern.consent_to_nrm == "yes"
    assert concern.their_words == (
        "He said his boss keeps his passport. He sleeps at the restaurant."
    )
    assert concern.screening["treated_as_child"] is False

    # The lead sees it at once, and their pages pass axe too.
    lead_context = browser.new_context(locale="en-GB")
    try:
        sign_in_as(lead_context, live_server.url, live_cast.people["lee"])
        lead = lead_context.new_page()
        lead.goto(live_server.url + "/")
        heading(lead, "Signpost")
        follow_link(lead, "New concerns")
        heading(lead, "New concerns")
        expect(lead.locator("main")).to_contain_text(concern.reference)
        assert_accessible(lead, "new concerns")
        follow_link(lead, concern.reference)
        heading(lead, f"Concern {concern.reference}")
        expect(lead.locator("main")).to_contain_text("Make a National Referral Mechanism")
        assert_accessible(lead, "lead's concern page")
    finally:
        lead_context.close()
