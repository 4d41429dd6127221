"""WCAG 1.4.10 reflow: at 400% zoom a 1280px window is 320 CSS pixels wide; nothing may scroll
sideways."""

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import sign_in_as

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/account/",
    "/concerns/",
    "/guide/",
    "/learning/",
    "/insights/national/",
    "/notices/",
]


def _overflow(page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_pages_reflow_at_320_css_pixels(browser: Browser, live_server, live_cast) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="en-GB")
    try:
        page = context.new_page()
        page.goto(live_server.url + "/sign-in/")
        assert _overflow(page) <= 0, "sign-in"
        sign_in_as(context, live_server.url, live_cast.people["priya"])
        for path in PAGES:
            page.goto(live_server.url + path)
            assert _overflow(page) <= 0, path
    finally:
        context.close()
