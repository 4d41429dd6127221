"""The admin's page of e-mails given up on: axe-clean, and "Send again" works by keyboard."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from core.models import EmailDelivery
from tests.browser.conftest import assert_accessible, sign_in_as, tab_to

pytestmark = pytest.mark.browser


def test_the_page_is_accessible_and_send_again_works_by_keyboard(
    page: Page, context, live_server, live_cast
) -> None:
    lee, ada = live_cast.people["lee"], live_cast.people["ada"]
    delivery = EmailDelivery.objects.create(
        key="browser-test",
        recipient=lee,
        to=lee.email,
        kind="concern-submitted",
        subject="s",
        intro="i",
        path="/",
        status="failed",
        attempts=8,
        failed_at=timezone.now(),
        last_error_class="builtins.ConnectionRefusedError",
    )
    sign_in_as(context, live_server.url, ada)
    page.goto(live_server.url + "/notices/email-failures/")
    assert_accessible(page, "e-mail failures")
    button = page.get_by_role("button", name="Send again to Lee")
    tab_to(page, button)
    page.keyboard.press("Enter")
    # Waits for the page after the redirect (wait_for_load_state could see the old one).
    expect(page.locator("main")).to_contain_text("The e-mail will be sent again")
    assert_accessible(page, "e-mail failures after sending again")
    delivery.refresh_from_db()
    assert delivery.status == "sent"
