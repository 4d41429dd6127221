"""The queue's search keeps the name it looks for out of every address the browser asks for
(issue 17, data minimisation), finds the right people, and is usable by keyboard and axe-clean."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, sign_in_as, tab_to
from tests.cases.factories import child_fields, open_case

pytestmark = pytest.mark.browser


def test_searching_by_name_puts_the_name_in_no_address(page: Page, live_server, live_cast) -> None:
    lee, priya = live_cast.people["lee"], live_cast.people["priya"]
    dana = open_case(lee, priya)  # Dana Petrov
    sam = open_case(lee, priya, **child_fields())  # Sam Kerr
    sign_in_as(page.context, live_server.url, lee)
    addresses: list[str] = []
    page.on("request", lambda request: addresses.append(request.url))

    page.goto(live_server.url + "/cases/?tab=open&age=adult")
    tab_to(page, page.get_by_label("Search"))
    page.keyboard.type("Petrov")
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("1 case matches your search and filters")
    expect(page.get_by_role("link", name=dana.reference)).to_be_visible()
    expect(page.get_by_role("link", name=sam.reference)).to_have_count(0)
    expect(page.get_by_label("Search")).to_have_value("Petrov")
    assert "tab=open" in page.url and "age=adult" in page.url
    assert_accessible(page, "queue with a search")

    # Moving between tabs keeps the search, still without the name in the address.
    page.get_by_role("link", name="My cases").click()
    expect(page.get_by_label("Search")).to_have_value("Petrov")

    page.get_by_role("link", name="All open cases").click()
    tab_to(page, page.get_by_role("button", name="Clear search"))
    page.keyboard.press("Enter")
    expect(page.get_by_label("Search")).to_have_value("")
    expect(page.get_by_role("link", name=dana.reference)).to_be_visible()
    expect(page.get_by_role("button", name="Clear search")).to_have_count(0)

    assert len(addresses) > 5
    assert [a for a in addresses if "petrov" in a.lower()] == []


def test_a_search_error_is_accessible(page: Page, live_server, live_cast) -> None:
    sign_in_as(page.context, live_server.url, live_cast.people["lee"])
    page.goto(live_server.url + "/cases/?tab=open")
    page.get_by_label("Search").fill("Petrov " * 40)
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Search must be 200 characters or fewer"
    )
    assert_accessible(page, "queue with a search error")
