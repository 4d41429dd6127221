import pytest
from django.test import override_settings
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, sign_in_as

pytestmark = pytest.mark.browser


@override_settings(SIGNPOST_IDLE_TIMEOUT=8, SIGNPOST_TIMEOUT_WARNING=6)
def test_the_timeout_warning_lets_a_person_stay_signed_in(
    page: Page, live_server, live_cast
) -> None:
    sign_in_as(page.context, live_server.url, live_cast.people["priya"])
    page.goto(live_server.url + "/")
    dialog = page.get_by_role("dialog", name="You are about to be signed out")
    expect(dialog).to_be_visible(timeout=6000)
    expect(page.get_by_role("button", name="Stay signed in")).to_be_focused()
    assert_accessible(page, "timeout warning")
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    # Still signed in after the original limit has passed, because the session was extended.
    page.wait_for_timeout(3000)
    page.goto(live_server.url + "/account/")
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()


@override_settings(SIGNPOST_IDLE_TIMEOUT=4, SIGNPOST_TIMEOUT_WARNING=3)
def test_doing_nothing_signs_a_person_out_with_an_explanation(
    page: Page, live_server, live_cast
) -> None:
    sign_in_as(page.context, live_server.url, live_cast.people["priya"])
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Sign in to Signpost")).to_be_visible(timeout=8000)
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "had not done anything for 4 seconds"
    )
    page.goto(live_server.url + "/")
    expect(page).to_have_url(live_server.url + "/sign-in/?next=/")
