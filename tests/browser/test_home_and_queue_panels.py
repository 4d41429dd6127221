"""The home page and the case queue with every panel showing (issue 18: pages built from the
panels each app registers): a practitioner with an unfinished concern and tasks, a lead with
concerns, cases, tasks and an overdue decision, and a receiving lead with a handover waiting.
Each page passes axe (best-practice rules too) and does not scroll sideways at 320px."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from accounts.demo import Cast
from cases import services as case_services
from referrals import handovers
from referrals import services as referral_services
from referrals.models import Kind
from tests.browser.conftest import assert_accessible, sign_in_as
from tests.cases.factories import open_case
from tests.concerns.helpers import make_concern, make_draft
from tests.referrals.factories import make_referral
from tests.referrals.test_handovers import pack_for

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}
WIDE = {"width": 1280, "height": 720}


def _fill(cast: Cast) -> None:
    lee, priya = cast.people["lee"], cast.people["priya"]
    make_concern(priya)
    make_draft(priya)
    case = open_case(lee, priya)
    for who in (priya, lee):
        case_services.task_add(
            case=case, title="Ring the school", working_days=2, assigned_to=who, by=lee
        )
    pack = pack_for(lee, priya, cast.orgs["riverside"])
    handovers.handover_send(pack=pack, version=pack.version, by=lee)
    referral = make_referral(lee, Kind.CHILDRENS_SOCIAL_CARE, child=True)
    referral_services.referral_mark_sent(
        referral=referral,
        sent_on=timezone.localdate() - timedelta(days=7),
        sent_how="phone",
        their_reference="MASH-9",
        version=referral.version,
        by=lee,
    )


def test_the_home_page_and_queue_with_every_panel_pass_axe_and_reflow(
    browser: Browser, live_server, live_cast: Cast
) -> None:
    _fill(live_cast)
    visits = [
        ("priya", "/", "You have an unfinished concern"),
        ("lee", "/", "Tasks given to you"),
        ("lee", "/cases/", "referral deadline passed"),
        ("omar", "/cases/", "Incoming handovers"),
    ]
    problems = []
    for person, url, shows in visits:
        context = browser.new_context(locale="en-GB", viewport=NARROW)
        try:
            sign_in_as(context, live_server.url, live_cast.people[person])
            page = context.new_page()
            page.goto(live_server.url + url)
            expect(page.locator("main")).to_contain_text(shows)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > NARROW["width"]:
                problems.append(f"{url} as {person} is {width}px wide at 320px")
            page.set_viewport_size(WIDE)
            try:
                assert_accessible(page, f"{url} as {person}", best_practice=True)
            except AssertionError as failure:
                problems.append(str(failure))
        finally:
            context.close()
    assert not problems, "\n\n".join(problems)
