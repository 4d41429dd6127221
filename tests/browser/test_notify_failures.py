"""With GOV.UK Notify chosen, a message Notify refuses is on the admin's page at once, and is sent
once the admin has fixed the setting and sends it again (local Notify server; issue 20)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from core.models import EmailDelivery
from core.tasks import record_and_deliver
from tests.browser.conftest import assert_accessible, sign_in_as
from tests.notify_server import API_KEY, TEMPLATE_ID, run_notify

pytestmark = pytest.mark.browser


def test_a_message_notify_refused_is_shown_and_sent_again(
    page: Page, context, live_server, live_cast, settings
) -> None:
    lee, ada = live_cast.people["lee"], live_cast.people["ada"]
    with run_notify() as notify:
        settings.EMAIL_BACKEND = "core.notify.NotifyEmailBackend"
        settings.NOTIFY_API_KEY = API_KEY
        settings.NOTIFY_BASE_URL = notify.url
        settings.NOTIFY_TEMPLATE_ID = TEMPLATE_ID
        notify.fail_next = [400]
        outcome = record_and_deliver(
            key="notify-browser",
            to=lee.email,
            subject="Signpost: A new concern has been sent to you",
            intro="A new concern has been sent to you. Sign in to Signpost to see it:",
            path="/cases/",
            kind="concern-submitted",
        )
        assert outcome == "failed"
        sign_in_as(context, live_server.url, ada)
        page.goto(live_server.url + "/notices/email-failures/")
        expect(page.get_by_text("Notify 400 BadRequestError")).to_be_visible()
        assert_accessible(page, "e-mail failures with a Notify refusal")
        page.get_by_role("button", name="Send again to Lee").click()
        expect(page.get_by_text("The e-mail will be sent again")).to_be_visible()
        assert notify.answers == [400, 201]
    assert EmailDelivery.objects.get(key="notify-browser").status == "sent"
