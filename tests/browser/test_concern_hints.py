"""Issue 19 in a real browser, keyboard only and axe-clean: the teacher's note yields the signs
she described, with her words marked; she confirms them (saved as she goes, without pressing
Continue); the lead sees which signs were confirmed from the text, with the words."""

from __future__ import annotations

import re

import pytest
from django.db import OperationalError
from playwright.sync_api import Page, expect

from concerns.models import Concern, Draft
from guidance.catalogue import get_catalogue
from tests.browser.conftest import assert_accessible, sign_in_as
from tests.concerns.keyboard import choose, follow_link, press_button, tick, type_into
from tests.guidance.test_hints import TEACHER_NOTE

pytestmark = pytest.mark.browser

SEVEN = {
    "goes-missing": "going missing from home",
    "found-out-of-area": "150 miles away",
    "many-phones": "two phones",
    "unexplained-money": "£50 note",
    "controlled-by-older-people": "Older lads",
    "school-drop": "attendance has dropped",
    "frightened": "terrified",
}


def heading(page: Page, text: str) -> None:
    expect(page.locator("h1")).to_contain_text(text)


def test_the_teachers_note_yields_hints_she_confirms_and_the_lead_sees(
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
    type_into(page, page.get_by_label("Their name", exact=True), "Jade")
    press_button(page, "Continue")
    heading(page, "How old are they?")
    choose(page, "age_group", "under-18")
    type_into(page, page.get_by_label("Their age in years, if you know it", exact=True), "14")
    press_button(page, "Continue")
    heading(page, "What is their gender?")
    choose(page, "gender", "female")
    press_button(page, "Continue")
    heading(page, "What is their nationality?")
    press_button(page, "Continue")  # not known
    heading(page, "Which languages do they speak?")
    choose(page, "interpreter_needed", "no")
    press_button(page, "Continue")
    heading(page, "Where are they now?")
    press_button(page, "Continue")  # not known

    heading(page, "Record a concern")
    follow_link(page, "What you noticed")
    heading(page, "What did you see or hear?")
    type_into(page, page.get_by_role("textbox"), TEACHER_NOTE)
    press_button(page, "Continue")
    heading(page, "What did they say")
    press_button(page, "Continue")

    heading(page, "What did you notice?")
    expect(page.get_by_role("heading", name="Signs in what you wrote")).to_be_visible()
    catalogue = get_catalogue()
    for indicator, words in SEVEN.items():
        group = page.get_by_role("group", name=catalogue.get(indicator).text)
        expect(group).to_be_visible()
        expect(group.locator("mark").filter(has_text=words).first).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("victim")
    assert_accessible(page, "signs page with hints")

    for indicator in SEVEN:
        choose(page, f"hint_{indicator}", "yes")
    # Saved as she goes: leave without pressing Continue, and nothing is lost.
    expect(page.locator("#autosave-status")).to_contain_text("Saved at")
    answers: dict = {}
    for _ in range(50):
        try:
            answers = Draft.objects.get(author=priya).answers
        except OperationalError:
            # SQLite's shared in-memory test database refuses a read ("table is locked") while
            # the live server's thread is still writing a later autosave: wait and read again.
            page.wait_for_timeout(100)
            continue
        if all(answers.get(f"hint_{i}") == "yes" for i in SEVEN):
            break
        page.wait_for_timeout(100)
    assert all(answers.get(f"hint_{i}") == "yes" for i in SEVEN)
    page.goto(live_server.url + "/concerns/draft/")
    heading(page, "Record a concern")
    page.goto(live_server.url + "/concerns/draft/signs/")
    for indicator in SEVEN:
        expect(page.locator(f'input[name="hint_{indicator}"][value="yes"]')).to_be_checked()
    assert_accessible(page, "signs page with hints confirmed")
    press_button(page, "Continue")

    heading(page, "Record a concern")
    follow_link(page, "What happened")
    heading(page, "When and where")
    press_button(page, "Continue")
    heading(page, "Was anyone else there?")
    choose(page, "someone_answered_for_them", "no")
    choose(page, "others_at_risk", "not-sure")
    press_button(page, "Continue")
    # Issue 14's optional pages: situation, background, who may be exploiting them, who else.
    for _page in range(4):
        press_button(page, "Continue")
    heading(page, "Record a concern")
    follow_link(page, "What you have done")
    heading(page, "Have you told anyone")
    choose(page, "told_anyone", "no")
    press_button(page, "Continue")
    heading(page, "Have they already been referred")
    choose(page, "already_in_nrm", "no")
    press_button(page, "Continue")
    heading(page, "Have you spoken to the person")
    choose(page, "spoken_to_person", "yes")
    press_button(page, "Continue")
    heading(page, "Record a concern")
    follow_link(page, "Check your answers and send")
    heading(page, "Check your answers before sending")
    expect(page.locator("main")).to_contain_text(catalogue.get("many-phones").text)
    tick(
        page,
        page.get_by_label(
            "I confirm that what I have written is true as far as I know", exact=True
        ),
    )
    press_button(page, "Send concern")
    expect(page.locator(".govuk-panel__title")).to_have_text("Concern sent")
    concern = Concern.objects.get()
    assert {s["indicator"] for s in concern.signs_from_text} == set(SEVEN)
    assert set(SEVEN) <= set(concern.indicator_ids)

    lead_context = browser.new_context(locale="en-GB")
    try:
        sign_in_as(lead_context, live_server.url, live_cast.people["lee"])
        lead = lead_context.new_page()
        lead.goto(live_server.url + "/")
        follow_link(lead, "New concerns")
        follow_link(lead, concern.reference)
        heading(lead, f"Concern {concern.reference}")
        section = lead.locator("main")
        expect(section).to_contain_text("Signs confirmed from what was written")
        for indicator, words in SEVEN.items():
            expect(section).to_contain_text(catalogue.get(indicator).text)
            expect(section.locator("mark").filter(has_text=words).first).to_be_visible()
        assert_accessible(lead, "lead's concern page with signs from the text")
        lead.goto(live_server.url + f"/cases/triage/{concern.pk}/")
        heading(lead, "Triage this concern")
        expect(lead.locator("main")).to_contain_text("Signs confirmed from what was written")
        expect(lead.locator("mark").filter(has_text="two phones").first).to_be_visible()
        assert_accessible(lead, "triage page with signs from the text")
    finally:
        lead_context.close()
    assert re.search("hint", str(concern.screening)) is None
