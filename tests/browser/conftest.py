"""Real-browser tests: Playwright for Python driving Debian's Chromium, with axe-core."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Locator, Page, sync_playwright

from accounts.demo import Cast, load_cast
from accounts.models import User
from tests.conftest import PASSWORD, verified_client

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test body
# are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# axe's own advice beyond WCAG: landmarks ("region"), one main, heading order, and so on.
BEST_PRACTICE_TAGS = [*WCAG_TAGS, "best-practice"]
_axe = Axe()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def live_cast(transactional_db: None) -> Cast:
    from referrals.models import FormListValue
    from referrals.official.lists import load_lists

    # The form's lists come from a migration; a transactional test empties every table after it.
    if not FormListValue.objects.exists():
        load_lists(FormListValue)
    return load_cast(password=PASSWORD)


def assert_accessible(page: Page, what: str = "", *, best_practice: bool = False) -> None:
    """axe-core with the WCAG 2.0 to 2.2 A and AA rules (and, if asked, axe's best-practice
    rules): zero violations."""
    tags = BEST_PRACTICE_TAGS if best_practice else WCAG_TAGS
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": tags}})
    assert results.violations_count == 0, f"{what or page.url}\n{results.generate_report()}"


def sign_in_as(context: BrowserContext, live_server_url: str, user: User) -> None:
    """Give the browser a verified session made by Django's test client (skips the forms)."""
    client = verified_client(user)
    cookie = client.cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server_url}])


def tab_to(page: Page, target: Locator, *, limit: int = 250) -> None:
    """Press Tab until `target` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}")
