"""Nothing typed is lost: the session expires half way through a long narrative, the person
signs in again, is told about the unfinished concern, and finds every word (issue 4)."""

from __future__ import annotations

import time

import pytest
from django.test import override_settings
from playwright.sync_api import Page, expect

from accounts.models import User
from concerns.models import Draft
from tests.browser.conftest import sign_in_as
from tests.concerns.helpers import make_draft
from tests.concerns.keyboard import activate, press_button, tab_to, type_into
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

NARRATIVE = (
    "She told me that a man she calls her uncle brought her here last summer in the back of a "
    "lorry, and that she has to work in his cousin's nail bar every evening and all weekend. "
    "She said she does not get paid because she still owes him for the journey, and that the "
    "amount keeps going up. She has no phone of her own; he checks hers. She said he keeps her "
    "passport 'so it doesn't get lost'. She was scared that I would tell him she had talked to "
    "me, and asked me twice not to call her home. She has bruises on her left wrist which she "
    "said came from the door of the van. She falls asleep in lessons and says she sleeps on a "
    "mattress in a room with four other girls who do not go to school. Words to check: "
    "naïve café £200 \u2013 \u201cquoted\u201d & <angle> brackets."
)


def _wait_for_saved(user: User, text: str, timeout: float = 10.0) -> Draft:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        draft = Draft.objects.get(author=user)
        if draft.answers.get("their_words") == text:
            return draft
        time.sleep(0.2)
    raise AssertionError("the narrative never reached the server")


@override_settings(
    SIGNPOST_IDLE_TIMEOUT=8, SIGNPOST_TIMEOUT_WARNING=3, SIGNPOST_AUTOSAVE_INTERVAL=1
)
def test_an_expired_session_loses_not_one_word_of_a_long_narrative(
    page: Page, live_server, live_cast
) -> None:
    priya = live_cast.people["priya"]
    make_draft(priya, complete=False, immediate_danger="no", age_group="under-18")
    sign_in_as(page.context, live_server.url, priya)
    page.goto(live_server.url + "/concerns/draft/their-words/")
    box = page.get_by_label("What did they say, in their own words?", exact=True)
    type_into(page, box, NARRATIVE)

    # Nobody presses Continue: autosave alone must keep it. Then the idle limit signs them out.
    _wait_for_saved(priya, NARRATIVE)
    expect(page.get_by_role("heading", name="Sign in to Signpost")).to_be_visible(timeout=20_000)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("had not done anything")
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0

    # Sign in again through the form, with the keyboard.
    type_into(page, page.get_by_label("Email address", exact=True), priya.email)
    type_into(page, page.get_by_label("Password", exact=True), PASSWORD)
    press_button(page, "Sign in")
    expect(page.get_by_text("You have an unfinished concern")).to_be_visible()
    activate(page, page.get_by_role("link", name="Continue where you left off"))

    expect(page).to_have_url(live_server.url + "/concerns/draft/their-words/")
    box = page.get_by_label("What did they say, in their own words?", exact=True)
    expect(box).to_have_value(NARRATIVE)
    tab_to(page, box)
    page.keyboard.press("Control+End")
    page.keyboard.type(" She said it again today.")
    press_button(page, "Continue")
    expect(page.locator("h1")).to_contain_text("What did you notice?")  # the signs page
    draft = Draft.objects.get(author=priya)
    assert draft.answers["their_words"] == NARRATIVE + " She said it again today."
    assert "their-words" in draft.completed


def test_closing_the_tab_while_typing_keeps_the_words(page: Page, live_server, live_cast) -> None:
    priya = live_cast.people["priya"]
    make_draft(priya, complete=False, immediate_danger="no")
    sign_in_as(page.context, live_server.url, priya)
    page.goto(live_server.url + "/concerns/draft/what-you-saw/")
    box = page.get_by_label("What did you see or hear?", exact=True)
    type_into(page, box, "Two men waited in a grey van outside the gate.")
    # No blur, no 20-second tick: the page is simply closed.
    page.close(run_before_unload=True)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if Draft.objects.get(author=priya).answers.get("what_you_saw"):
            break
        time.sleep(0.2)
    assert (
        Draft.objects.get(author=priya).answers["what_you_saw"]
        == "Two men waited in a grey van outside the gate."
    )


def test_without_javascript_each_page_is_saved_when_continuing(
    browser, live_server, live_cast
) -> None:
    priya = live_cast.people["priya"]
    make_draft(priya, complete=False, immediate_danger="no")
    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    try:
        sign_in_as(context, live_server.url, priya)
        page = context.new_page()
        page.goto(live_server.url + "/concerns/draft/their-words/")
        type_into(
            page,
            page.get_by_label("What did they say, in their own words?", exact=True),
            "Saved without any script.",
        )
        press_button(page, "Continue")
        expect(page.locator("h1")).to_contain_text("What did you notice?")  # the signs page
        assert Draft.objects.get(author=priya).answers["their_words"] == (
            "Saved without any script."
        )
        page.goto(live_server.url + "/")
        expect(page.get_by_text("You have an unfinished concern")).to_be_visible()
    finally:
        context.close()
