"""The insights pages in a real browser: axe finds nothing, the charts are named images, the
figures are reachable and the CSV download works from the keyboard alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page

from accounts.demo import Cast
from tests.browser.conftest import assert_accessible, sign_in_as
from tests.insights.conftest import load_shipped_figures

pytestmark = pytest.mark.browser


@pytest.fixture
def analyst_page(live_server, live_cast: Cast, context: BrowserContext, page: Page) -> Page:
    load_shipped_figures()
    sign_in_as(context, live_server.url, live_cast.people["ana"])
    return page


def test_axe_finds_no_violations_on_the_insights_pages(live_server, analyst_page: Page) -> None:
    for path in ("/insights/", "/insights/national/"):
        analyst_page.goto(live_server.url + path)
        assert_accessible(analyst_page, path)


def test_axe_finds_no_violations_with_the_sources_opened(live_server, analyst_page: Page) -> None:
    analyst_page.goto(live_server.url + "/insights/national/")
    for summary in analyst_page.locator(".govuk-details__summary").all():
        summary.click()
    assert_accessible(analyst_page, "national figures with every source shown")


def test_each_chart_is_an_image_named_by_its_title_and_described(
    live_server, analyst_page: Page
) -> None:
    analyst_page.goto(live_server.url + "/insights/national/")
    charts = analyst_page.locator("svg.signpost-chart")
    assert charts.count() == 3
    referrals = analyst_page.get_by_role(
        "img", name="NRM referrals and Duty to Notify reports by year"
    )
    assert referrals.count() == 1
    assert referrals.get_attribute("role") == "img"
    for name in ("Referrals for exploitation as adults and as minors", "Referrals by gender"):
        assert analyst_page.get_by_role("img", name=name).count() == 1
    # Each chart is followed by the table that carries its figures.
    assert analyst_page.get_by_role(
        "table", name="NRM referrals and Duty to Notify reports by year"
    ).is_visible()


def test_the_figures_page_is_reached_from_the_menu_and_read_without_javascript(
    live_server, live_cast: Cast, browser
) -> None:
    load_shipped_figures()
    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    try:
        sign_in_as(context, live_server.url, live_cast.people["ana"])
        page = context.new_page()
        page.goto(live_server.url + "/")
        page.get_by_role("link", name="Figures", exact=True).click()
        with page.expect_navigation():
            page.get_by_role("link", name="National figures").click()
        assert page.get_by_role("heading", name="National figures", level=1).is_visible()
        main = page.locator("main")
        assert "2,340 referrals" in main.inner_text()
        assert page.get_by_role("img", name="Referrals by gender").is_visible()
    finally:
        context.close()


def test_the_csv_download_works_from_the_keyboard(live_server, analyst_page: Page) -> None:
    analyst_page.goto(live_server.url + "/insights/national/")
    button = analyst_page.get_by_role("button", name="Download the national figures (CSV)")
    for _ in range(80):
        analyst_page.keyboard.press("Tab")
        if button.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the download button")
    with analyst_page.expect_download() as download_info:
        analyst_page.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename == "nrm-statistics-2009-to-2025.csv"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.startswith("year,referrals,")
    assert "2014,2340,1669,671,1432,906,2," in text
