"""Learning in a real browser: read the briefing, pass the check, the admin sees it; axe on
every learning page, error states included."""

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from learning import knowledge_check
from learning.briefing import get_briefing
from learning.models import ActionItem, KnowledgeCheckResult
from tests.browser.conftest import assert_accessible, sign_in_as
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_a_practitioner_reads_the_briefing_passes_the_check_and_the_admin_sees_it(
    page: Page, browser, live_server, live_cast
) -> None:
    priya = live_cast.people["priya"]
    sign_in_as(page.context, live_server.url, priya)
    page.goto(live_server.url + "/learning/")
    assert_accessible(page, "learning home")
    page.get_by_role("link", name="Read the briefing").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="The 7-minute briefing")).to_be_visible()
    assert_accessible(page, "briefing contents")
    page.get_by_role("button", name="Start reading").focus()
    page.keyboard.press("Enter")
    for section in get_briefing().sections:
        expect(page.get_by_role("heading", level=1)).to_have_text(section.title)
        assert_accessible(page, f"briefing: {section.title}")
        page.locator("a[rel=next]").focus()
        page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Knowledge check")).to_be_visible()
    assert_accessible(page, "knowledge check")
    for question in knowledge_check.QUESTIONS:
        values = [value for value, _ in question.choices()]
        radio = page.locator(f"#id_{question.id}_{values.index(question.correct_answer())}")
        radio.focus()
        page.keyboard.press("Space")
        expect(radio).to_be_checked()
    page.get_by_role("button", name="Submit answers").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="You passed the knowledge check")).to_be_visible()
    expect(page.locator(".govuk-panel__body")).to_have_text("You scored 10 out of 10")
    assert_accessible(page, "knowledge check result")
    page.get_by_role("link", name="your learning record").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Completed")
    assert_accessible(page, "learning record")
    assert KnowledgeCheckResult.objects.get(person=priya).passed

    admin_context = browser.new_context(locale="en-GB")
    try:
        sign_in_as(admin_context, live_server.url, live_cast.people["ada"])
        admin = admin_context.new_page()
        admin.goto(live_server.url + "/learning/")
        admin.get_by_role("link", name="Who has completed the knowledge check").click()
        row = admin.get_by_role("row").filter(has_text="Priya Shah")
        expect(row).to_contain_text("Completed")
        expect(admin.get_by_role("row").filter(has_text="Lee Morgan")).to_contain_text(
            "Not completed"
        )
        assert_accessible(admin, "knowledge check report")
    finally:
        admin_context.close()


def _fresh(context: BrowserContext, url: str, user) -> Page:
    sign_in_as(context, url, user)
    return context.new_page()


def test_learning_error_states_and_plan_pages_are_accessible(
    browser, live_server, live_cast
) -> None:
    base = live_server.url
    lee, priya, ada = (live_cast.people[k] for k in ("lee", "priya", "ada"))

    context = browser.new_context(locale="en-GB")
    try:
        page = _fresh(context, base, priya)
        page.goto(base + "/learning/knowledge-check/")
        page.get_by_role("button", name="Submit answers").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "Select an answer to question 1"
        )
        assert_accessible(page, "knowledge check errors")
        page.locator(f"#id_{knowledge_check.QUESTIONS[0].id}_0").check()
        for question in knowledge_check.QUESTIONS[1:]:
            page.locator(f"#id_{question.id}_0").check()
        page.get_by_role("button", name="Submit answers").click()
        expect(page.get_by_role("heading", name="You did not pass this time")).to_be_visible()
        page.get_by_text("What must happen in this scenario, step by step").first.click()
        assert_accessible(page, "failed result with explanation open")
    finally:
        context.close()

    context = browser.new_context(locale="en-GB")
    try:
        page = _fresh(context, base, lee)
        page.goto(base + "/learning/sessions/new/")
        page.get_by_label("Day", exact=True).fill("31")
        page.get_by_label("Month", exact=True).fill("2")
        page.get_by_label("Year", exact=True).fill("2026")
        page.get_by_role("button", name="Save session").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("must be a real date")
        assert_accessible(page, "session form errors")
        page.get_by_label("Day", exact=True).fill("2")
        page.get_by_label("Month", exact=True).fill("3")
        page.get_by_label("Team or group").fill("Pastoral team")
        page.get_by_label("Lee Morgan").check()
        page.get_by_label("Priya Shah").check()
        page.get_by_label("Where in our work might we meet").check()
        page.get_by_label("What did you find?").fill("We were unsure who to call.")
        page.get_by_role("button", name="Save session").click()
        expect(
            page.get_by_role("heading", name="Reflection session on 2 March 2026")
        ).to_be_visible()
        assert_accessible(page, "session page")
        page.get_by_role("button", name="Add an action").click()
        page.get_by_role("button", name="Save action").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the action")
        assert_accessible(page, "action form errors")
        page.get_by_label("What is the action?").fill("Put the helpline in the handbook")
        page.get_by_label("Who owns it?").select_option(label="Priya Shah")
        page.get_by_label("Day", exact=True).fill("1")
        page.get_by_label("Month", exact=True).fill("1")
        page.get_by_label("Year", exact=True).fill("2026")
        page.get_by_role("button", name="Save action").click()
        expect(page.get_by_role("row").filter(has_text="Put the helpline")).to_contain_text(
            "Overdue"
        )
        assert_accessible(page, "session page with an action")
        with page.expect_navigation():
            page.get_by_role("link", name="Printable version of the plan").click()
        assert_accessible(page, "printable plan")
    finally:
        context.close()

    context = browser.new_context(locale="en-GB")
    try:
        page = _fresh(context, base, priya)
        page.goto(base + "/learning/actions/")
        assert_accessible(page, "your actions")
        page.get_by_role("button", name="Mark as done").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("marked as done")
        assert ActionItem.objects.get().status == "done"
        assert_accessible(page, "your actions after marking done")
    finally:
        context.close()

    context = browser.new_context(locale="en-GB")
    try:
        page = _fresh(context, base, ada)
        page.goto(base + "/learning/report/export/")
        page.get_by_label("Your password").fill("not my password")
        page.get_by_role("button", name="Download CSV").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("not correct")
        assert_accessible(page, "export password error")
        page.get_by_label("Your password").fill(PASSWORD)
        with page.expect_download() as download:
            page.get_by_role("button", name="Download CSV").click()
        assert download.value.suggested_filename == "signpost-knowledge-check-report.csv"
    finally:
        context.close()
