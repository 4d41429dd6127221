"""Issue 13, "Done when": a concern about a young person whose papers disagree with what they say
reaches the lead as a child, with "request an age assessment" on the pathway, in the browser,
keyboard only and axe clean."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from concerns.models import Concern
from tests.browser.conftest import assert_accessible, sign_in_as
from tests.concerns.keyboard import activate, choose, follow_link, press_button, tick, type_into

pytestmark = pytest.mark.browser


def test_papers_saying_19_do_not_make_a_15_year_old_an_adult(
    page: Page, live_server, live_cast
) -> None:
    priya = live_cast.people["priya"]
    sign_in_as(page.context, live_server.url, priya)
    page.goto(live_server.url + "/concerns/new/")
    press_button(page, "Start now")
    expect(page.locator("h1")).to_contain_text("Is anyone in immediate danger?")
    choose(page, "immediate_danger", "no")
    press_button(page, "Continue")
    expect(page.locator("h1")).to_contain_text("Record a concern")
    follow_link(page, "About the person")
    expect(page.locator("h1")).to_contain_text("Who is the person")
    type_into(page, page.get_by_label("Their name", exact=True), "Dani")
    press_button(page, "Continue")

    # She says she is 15; the passport she carries says she was born in 2007.
    expect(page.locator("h1")).to_contain_text("How old are they?")
    choose(page, "age_group", "under-18")
    type_into(page, page.get_by_label("Their age in years, if you know it"), "15")
    type_into(page, page.get_by_label("Day", exact=True), "1")
    type_into(page, page.get_by_label("Month", exact=True), "6")
    type_into(page, page.get_by_label("Year", exact=True), "2007")
    press_button(page, "Continue")
    # Without saying the age is in doubt, the answers disagree: the page says how to record it.
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("whether there is any doubt about their age")
    expect(page.get_by_label("Day", exact=True)).to_have_value("1")
    assert_accessible(page, "age: answers disagree")
    choose(page, "age_disputed", "yes")
    assert_accessible(page, "age: disputed (filled)")
    press_button(page, "Continue")

    expect(page.locator("h1")).to_contain_text("What is their gender?")
    activate(page, page.get_by_role("link", name="Return to your concern"))
    expect(page.locator("h1")).to_contain_text("Record a concern")
    follow_link(page, "What you noticed")
    expect(page.locator("h1")).to_contain_text("What did you see or hear?")
    type_into(
        page, page.get_by_role("textbox"), "She has two phones and will not say who bought them."
    )
    press_button(page, "Continue")
    expect(page.locator("h1")).to_contain_text("What did they say")
    press_button(page, "Continue")
    expect(page.locator("h1")).to_contain_text("What did you notice?")
    choose(page, "hint_many-phones", "yes")
    press_button(page, "Continue")
    expect(page.locator("h1")).to_contain_text("Record a concern")
    follow_link(page, "Check your answers and send")
    expect(page.locator("h1")).to_contain_text("Check your answers")
    expect(page.locator("main")).to_contain_text("Doubt about their age")
    tick(
        page,
        page.get_by_label(
            "I confirm that what I have written is true as far as I know", exact=True
        ),
    )
    press_button(page, "Send concern")
    expect(page.locator(".govuk-panel__title")).to_have_text("Concern sent")
    concern = Concern.objects.get()
    assert concern.age_disputed == "yes"
    assert concern.treated_as_child

    # The lead: the concern is a child's, with the age assessment on the pathway.
    page.context.clear_cookies()
    sign_in_as(page.context, live_server.url, live_cast.people["lee"])
    page.goto(live_server.url + "/concerns/received/")
    expect(page.locator("main")).to_contain_text("Child")
    follow_link(page, concern.reference)
    expect(page.locator("h1")).to_contain_text(concern.reference)
    main = page.locator("main")
    expect(main).to_contain_text("Child")
    expect(main).to_contain_text("Ask the council for an age assessment")
    expect(main).to_contain_text("Refer to children's social care")
    expect(main).to_contain_text("Modern Slavery Act 2015, section 51")
    expect(main).not_to_contain_text("Ask for their informed consent")
    assert_accessible(page, "lead: a disputed age")
