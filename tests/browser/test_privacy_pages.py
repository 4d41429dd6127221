"""axe on every privacy page, as the person who uses it, including error states."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect

from cases import services as case_services
from privacy import services
from tests.browser.conftest import assert_accessible, sign_in_as
from tests.cases.factories import make_concern
from tests.privacy.helpers import support_person

pytestmark = pytest.mark.browser


def _visit(browser: Browser, live_server, user, url: str, what: str, submit: bool = False):
    context = browser.new_context(locale="en-GB")
    try:
        sign_in_as(context, live_server.url, user)
        page = context.new_page()
        page.goto(live_server.url + url)
        if submit:
            page.locator("main form button[type=submit]").first.click()
            # Waits for the answer to the post (wait_for_load_state could see the old page).
            expect(page, what).to_have_title(re.compile(r"^Error:"))
        assert_accessible(page, what)
    finally:
        context.close()


def test_every_privacy_page_has_no_axe_violations(browser: Browser, live_server, live_cast):
    lee, ada, priya = (live_cast.people[k] for k in ("lee", "ada", "priya"))
    case = case_services.case_open(concern=make_concern(priya), lead=lee, by=lee)
    held = case_services.case_open(concern=make_concern(priya), lead=lee, by=lee)
    hold = services.hold_place(case=held, reason="Court case", by=lee)
    sam = support_person(full_name="Sam Support")
    grant = services.support_grant(case=case, support_user=sam, hours=4, reason="Bug", by=lee)

    pages = [
        (ada, reverse("privacy:retention"), "retention", False),
        (ada, reverse("privacy:retention"), "retention with errors", True),
        (ada, reverse("privacy:support-grants"), "support grants (admin)", False),
        (lee, reverse("cases:detail", kwargs={"pk": held.pk}), "case page with hold box", False),
        (lee, reverse("privacy:hold-place", kwargs={"pk": case.pk}), "place hold", False),
        (lee, reverse("privacy:hold-place", kwargs={"pk": case.pk}), "place hold error", True),
        (lee, reverse("privacy:hold-place", kwargs={"pk": held.pk}), "already held", False),
        (lee, reverse("privacy:hold-lift", kwargs={"pk": hold.pk}), "lift hold", False),
        (lee, reverse("privacy:subject-access", kwargs={"pk": case.pk}), "subject access", False),
        (lee, reverse("privacy:subject-access", kwargs={"pk": case.pk}), "SAR error", True),
        (lee, reverse("privacy:support-grant-new", kwargs={"pk": case.pk}), "grant", False),
        (lee, reverse("privacy:support-grant-new", kwargs={"pk": case.pk}), "grant error", True),
        (lee, reverse("privacy:support-grants"), "support grants (lead)", False),
        (lee, reverse("privacy:support-revoke", kwargs={"pk": grant.pk}), "revoke", False),
        (sam, reverse("privacy:support-mine"), "support person's cases", False),
        (sam, reverse("privacy:support-case", kwargs={"pk": case.pk}), "support view", False),
        (lee, reverse("privacy:support-grant", kwargs={"pk": grant.pk}), "grant log", False),
    ]
    for user, url, what, submit in pages:
        _visit(browser, live_server, user, url, what, submit)
