"""The "What should I do?" guide in a browser: keyboard only, axe on every page, phone, print."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import assert_accessible, sign_in_as, tab_to
from tests.concerns.keyboard import choose

pytestmark = pytest.mark.browser


def test_the_whole_guide_works_with_the_keyboard_alone(
    page: Page, context, live_server, live_cast
) -> None:
    sign_in_as(context, live_server.url, live_cast.people["priya"])
    page.goto(live_server.url + "/guide/")
    expect(page.get_by_text("This guide records nothing about the person.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Is anyone in immediate danger right now?"
    )
    assert_accessible(page, "guide: danger")

    # Danger: Space chooses the focused "Yes", Enter sends the answer.
    tab_to(page, page.get_by_label("Yes"))
    page.keyboard.press("Space")
    expect(page.get_by_label("Yes")).to_be_checked()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Call 999 now")
    expect(page.get_by_role("button", name="Call 999")).to_have_attribute("href", "tel:999")
    assert_accessible(page, "guide: call 999")
    tab_to(page, page.get_by_role("button", name="Continue"))
    page.keyboard.press("Enter")

    # Age: Enter with nothing chosen shows the error summary, keeping the danger answer.
    expect(page.get_by_role("heading", level=1)).to_have_text("How old is the person?")
    expect(page.get_by_text("If you have not called")).to_be_visible()
    assert_accessible(page, "guide: age")
    tab_to(page, page.get_by_label("Under 18"))
    page.keyboard.press("Enter")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(
        "Select whether the person is under 18, 18 or over, or you are not sure"
    )
    expect(page).to_have_title(re.compile(r"^Error: How old is the person\? . Signpost$"))
    assert "immediate_danger=yes" in page.url
    assert_accessible(page, "guide: age error")
    # The error link takes the focus to the first radio; an arrow key moves to "18 or over".
    tab_to(page, summary.get_by_role("link"))
    page.keyboard.press("Enter")
    expect(page.get_by_label("Under 18")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("18 or over")).to_be_checked()
    page.keyboard.press("Enter")

    # Version 2: already referred? Can they decide? (asked because they are an adult)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Has the person already been referred to the National Referral Mechanism?"
    )
    assert_accessible(page, "guide: already referred")
    choose(page, "already_in_nrm", "no")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Can the person understand and decide about a referral themselves?"
    )
    assert_accessible(page, "guide: capacity")
    choose(page, "capacity_to_consent", "yes")
    page.keyboard.press("Enter")

    # Consent (asked because they are an adult).
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Has the person agreed to be referred to the National Referral Mechanism?"
    )
    assert_accessible(page, "guide: consent")
    tab_to(page, page.get_by_label("Yes, they agreed"))
    page.keyboard.press("Space")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Could any other children be at risk?"
    )
    assert_accessible(page, "guide: other children")
    choose(page, "children_at_risk", "no")
    page.keyboard.press("Enter")

    # Nation: the organisation's nation is chosen already; Tab lands on it, ArrowDown changes it.
    expect(page.get_by_role("heading", level=1)).to_have_text("Where is the person?")
    expect(page.get_by_label("England")).to_be_checked()
    assert_accessible(page, "guide: nation")
    tab_to(page, page.get_by_label("England"))
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Wales")).to_be_checked()
    page.keyboard.press("Enter")

    # The result: 999 first, then the school's pathway, with the answers to change.
    expect(page.get_by_role("heading", level=1)).to_have_text("What to do next")
    steps = page.locator(".signpost-guide-steps > li h3")
    expect(steps).to_have_text(
        [
            "Call 999",
            "Tell your safeguarding lead today",
            "Make a National Referral Mechanism (NRM) referral",
            "Pass the referral to a first responder organisation",
        ]
    )
    expect(
        page.get_by_text("Northgate School is not a first responder organisation")
    ).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Wales")
    assert_accessible(page, "guide: result")
    record = page.get_by_role("button", name="Record a concern")
    tab_to(page, record)
    expect(record).to_be_focused()
    # The print button appears once the script runs, and the keyboard reaches it too.
    printing = page.get_by_role("button", name="Print this page")
    expect(printing).to_be_visible()
    expect(page.get_by_text("print this page or save it as a PDF")).to_be_hidden()
    page.keyboard.press("Tab")
    expect(printing).to_be_focused()

    # "Change" goes back to a question with the answer chosen, then straight back to the result.
    page.get_by_role("link", name="Change age of the person").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("18 or over")).to_be_checked()
    tab_to(page, page.get_by_label("18 or over"))
    page.keyboard.press("ArrowUp")
    expect(page.get_by_label("Under 18")).to_be_checked()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("What to do next")
    expect(steps.nth(2)).to_have_text("Refer to children's social care")


def test_a_child_at_a_council_in_any_nation_passes_axe(
    page: Page, context, live_server, live_cast
) -> None:
    sign_in_as(context, live_server.url, live_cast.people["omar"])
    page.goto(
        live_server.url
        + "/guide/?step=nation&immediate_danger=no&age_group=not-sure"
        + "&already_in_nrm=no&children_at_risk=no"
    )
    expect(page.get_by_text("this guide treats them as a child")).to_be_visible()
    assert_accessible(page, "guide: nation for a child")
    page.goto(
        live_server.url
        + "/guide/result/?immediate_danger=no&age_group=18-or-over&consent_to_nrm=no"
        + "&already_in_nrm=no&capacity_to_consent=yes&children_at_risk=no&nation=scotland"
    )
    expect(page.get_by_text("The Duty to Notify does not apply in Scotland.")).to_be_visible()
    assert_accessible(page, "guide: result, refusing adult in Scotland")


def test_the_guide_fits_a_phone(browser: Browser, live_server, live_cast) -> None:
    context = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
    try:
        sign_in_as(context, live_server.url, live_cast.people["priya"])
        page = context.new_page()
        for path, what in [
            ("/guide/", "danger"),
            ("/guide/?answer=age&immediate_danger=no", "age error"),
            (
                "/guide/result/?immediate_danger=yes&age_group=under-18&already_in_nrm=no"
                "&children_at_risk=no&nation=northern-ireland",
                "result",
            ),
        ]:
            page.goto(live_server.url + path)
            # The menu folds behind its button; nothing runs off the side of the screen.
            expect(page.get_by_role("button", name="Menu")).to_be_visible()
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"{what}: the page is {width}px wide"
            assert_accessible(page, f"guide on a phone: {what}")
        expect(page.get_by_role("link", name="0800 0121 700").first).to_have_attribute(
            "href", "tel:08000121700"
        )
    finally:
        context.close()


def test_the_result_prints_without_the_menu_or_buttons(
    page: Page, context, live_server, live_cast
) -> None:
    sign_in_as(context, live_server.url, live_cast.people["priya"])
    page.goto(
        live_server.url
        + "/guide/result/?immediate_danger=no&age_group=under-18&already_in_nrm=no"
        + "&children_at_risk=no&nation=wales"
    )
    expect(page.get_by_role("navigation", name="Menu")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".govuk-service-navigation")).to_be_hidden()
    expect(page.locator(".govuk-footer")).to_be_hidden()
    expect(page.locator(".govuk-back-link")).to_be_hidden()
    expect(page.get_by_role("button", name="Record a concern")).to_be_hidden()
    expect(page.get_by_role("button", name="Print this page")).to_be_hidden()
    expect(page.get_by_role("link", name="Change age of the person")).to_be_hidden()
    # What a printed copy is for is still there: the steps, the numbers and the answers.
    expect(page.get_by_role("heading", name="What to do next")).to_be_visible()
    expect(page.locator(".signpost-guide-steps > li")).to_have_count(6)
    expect(page.get_by_role("link", name="0800 043 4303")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Under 18")


def test_the_guide_works_without_javascript(browser: Browser, live_server, live_cast) -> None:
    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    try:
        sign_in_as(context, live_server.url, live_cast.people["ana"])
        page = context.new_page()
        page.goto(live_server.url + "/guide/")
        page.get_by_label("No").check()
        page.get_by_role("button", name="Continue").click()
        page.get_by_label("Not sure").check()
        page.get_by_role("button", name="Continue").click()
        page.get_by_label("I don't know").check()  # already referred?
        page.get_by_role("button", name="Continue").click()
        page.get_by_label("I don't know").check()  # other children?
        page.get_by_role("button", name="Continue").click()
        page.get_by_role("button", name="Continue").click()  # England, chosen already
        expect(page.get_by_role("heading", level=1)).to_have_text("What to do next")
        expect(page.get_by_role("button", name="Print this page")).to_be_hidden()
        expect(page.get_by_text("print this page or save it as a PDF")).to_be_visible()
    finally:
        context.close()


def test_someone_signed_out_follows_the_guide_with_the_keyboard_and_axe_clean(
    page: Page, live_server, live_cast
) -> None:
    # A supply teacher with no account (issue 13, item 6): an adult who cannot decide, with
    # children at home, in Wales.
    page.goto(live_server.url + "/guide/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Is anyone in immediate danger right now?"
    )
    steps = [
        ("immediate_danger", "no", "How old is the person?"),
        ("age_group", "18-or-over", "Has the person already been referred"),
        ("already_in_nrm", "not-sure", "Can the person understand and decide"),
        ("capacity_to_consent", "no", "Could any other children be at risk?"),
        ("children_at_risk", "not-sure", "Where is the person?"),
    ]
    for name, value, next_heading in steps:
        assert_accessible(page, f"guide signed out: {name}")
        choose(page, name, value)
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_contain_text(next_heading)
    assert_accessible(page, "guide signed out: nation")
    choose(page, "nation", "wales")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("What to do next")
    titles = page.locator(".signpost-guide-steps > li h3")
    expect(titles).to_have_text(
        [
            "Tell your safeguarding lead today",
            "Refer to children's social care",
            "Tell the police",
            "Make an adult safeguarding referral",
            "Make a best-interests decision",
        ]
    )
    main = page.locator("main")
    expect(main).to_contain_text("You are not signed in")
    expect(main).to_contain_text("Mental Capacity Act 2005")
    expect(main).not_to_contain_text("Northgate")
    expect(page.get_by_role("button", name="Record a concern")).to_have_count(0)
    assert_accessible(page, "guide signed out: result")
    sign_in = page.get_by_role("link", name="sign in")
    tab_to(page, sign_in)
    expect(sign_in).to_be_focused()
