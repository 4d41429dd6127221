"""The organisation's figures in a real browser, keyboard only: a lead picks the months and reads
the counts; an admin raises the smallest count to show and the analyst then sees more
suppressed. axe on each page and its error state."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from accounts.demo import Cast
from tests.browser.conftest import assert_accessible, sign_in_as, tab_to
from tests.cases.factories import child_fields, make_concern, open_case
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def figures(live_cast: Cast) -> Cast:
    """Seven adult concerns (three in cases) and two about children, sent this month."""
    priya, lee = live_cast.people["priya"], live_cast.people["lee"]
    for _ in range(3):
        open_case(lee, priya)
    for _ in range(4):
        make_concern(priya)
    for _ in range(2):
        make_concern(priya, **child_fields())
    return live_cast


def age_table(page: Page) -> dict[str, str]:
    table = page.get_by_role("table", name="Concerns by age: child or adult")
    rows = table.locator("tbody tr")
    return {
        rows.nth(i).locator("th").inner_text(): rows.nth(i).locator("td").first.inner_text()
        for i in range(rows.count())
    }


def test_a_lead_chooses_the_months_with_the_keyboard_and_reads_the_counts(
    live_server, figures: Cast, context: BrowserContext, page: Page
) -> None:
    sign_in_as(context, live_server.url, figures.people["lee"])
    page.goto(live_server.url + "/insights/")
    link = page.get_by_role("link", name="Your organisation's figures")
    tab_to(page, link)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your organisation's figures", level=1)).to_be_visible()
    assert age_table(page) == {
        "Child (under 18)": "2",
        "Adult (18 or over)": "7",
        "Age not known": "0",
        "Total": "9",
    }
    assert_accessible(page, "organisation figures")

    # A month that is not a month: a clear error, and what was typed is still there.
    tab_to(page, page.get_by_label("From", exact=True))
    page.keyboard.type("13 2026")
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a real month for 'from', like 01 2026"
    )
    expect(page.get_by_label("From", exact=True)).to_have_value("13 2026")
    assert_accessible(page, "organisation figures with an error")

    # Last year only: nothing was sent then.
    year = timezone.localdate().year - 1
    page.get_by_label("From", exact=True).fill("")
    tab_to(page, page.get_by_label("From", exact=True))
    page.keyboard.type(f"01 {year}")
    page.keyboard.press("Tab")
    page.keyboard.type(f"12 {year}")
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    assert age_table(page)["Adult (18 or over)"] == "0"


@pytest.fixture
def exact_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    """No cell-key perturbation (the live server runs in this process): for the test of
    suppression by the threshold, which expects exact counts."""
    monkeypatch.setattr("insights.cellkey.CHANGES", ((256, 0),))


@pytest.mark.usefixtures("exact_figures")
def test_an_admin_raises_the_smallest_count_and_the_analyst_sees_it(
    live_server, figures: Cast, browser
) -> None:
    admin = browser.new_context(locale="en-GB")
    try:
        sign_in_as(admin, live_server.url, figures.people["ada"])
        page = admin.new_page()
        page.goto(live_server.url + "/insights/")
        tab_to(page, page.get_by_role("link", name="Small numbers in your figures"))
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Small numbers in your figures")
        assert_accessible(page, "threshold settings")

        field = page.get_by_label("Smallest count to show")
        field.fill("")
        tab_to(page, field)
        page.keyboard.type("80")
        page.keyboard.press("Enter")  # no password either
        summary = page.locator(".govuk-error-summary")
        expect(summary).to_contain_text("The smallest count to show must be 50 or fewer")
        expect(summary).to_contain_text("Enter your password to confirm")
        expect(page.get_by_label("Smallest count to show")).to_have_value("80")
        assert_accessible(page, "threshold settings with errors")

        page.get_by_label("Smallest count to show").fill("")
        tab_to(page, page.get_by_label("Smallest count to show"))
        page.keyboard.type("8")
        page.keyboard.press("Tab")
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Enter")
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            "Smallest count to show saved"
        )
    finally:
        admin.close()

    analyst = browser.new_context(locale="en-GB")
    try:
        sign_in_as(analyst, live_server.url, figures.people["ana"])
        page = analyst.new_page()
        page.goto(live_server.url + "/insights/organisation/")
        expect(page.locator("main")).to_contain_text("Counts from 1 to 7 are shown as")
        ages = age_table(page)
        assert ages["Adult (18 or over)"] == "suppressed"  # 7 is now below the threshold
        assert_accessible(page, "organisation figures as the analyst")
    finally:
        analyst.close()


def test_when_every_count_is_too_small_the_analyst_is_told_and_offered_longer(
    live_server, live_cast: Cast, context: BrowserContext, page: Page
) -> None:
    """A school's first month: one adult and one child."""
    priya = live_cast.people["priya"]
    make_concern(priya)
    make_concern(priya, **child_fields())
    sign_in_as(context, live_server.url, live_cast.people["ana"])
    page.goto(live_server.url + "/insights/organisation/")
    notice = page.locator("#too-few")
    expect(notice).to_contain_text("Too few to show for these months")
    expect(notice).to_contain_text("is below 5, so none of them is shown")
    expect(page.get_by_role("table", name="Concerns by age: child or adult")).to_have_count(0)
    expect(page.locator("td", has_text="suppressed")).to_have_count(0)
    assert_accessible(page, "organisation figures with every count too small")

    link = notice.get_by_role("link")
    tab_to(page, link)
    page.keyboard.press("Enter")
    expect(page.locator("#too-few")).to_be_visible()  # still too few: the first month
    assert "date_from=" in page.url
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
