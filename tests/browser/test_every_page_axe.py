"""Every GET page of every URL pattern, as a person allowed to see it: axe-core (WCAG 2.0-2.2 A
and AA, and axe's best-practice rules such as "region"), and WCAG 1.4.10 reflow (at 320 CSS
pixels, the width of a 1280px window at 400% zoom, nothing scrolls sideways).

The sweep is cut into shards so that pytest-xdist can run them on different workers; each shard
loads each of its pages once, measures it at 320px, then widens the window and runs axe.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from playwright.sync_api import Browser, BrowserContext

from accounts.demo import Cast
from core.access import Role
from tests.browser.conftest import assert_accessible, sign_in_as
from tests.conftest import verified_client
from tests.core.test_access_walker import SAMPLES, prepare, routes, url_for

pytestmark = pytest.mark.browser

PERSON_FOR_ROLE = {
    Role.PRACTITIONER: "priya",
    Role.LEAD: "lee",
    Role.ADMIN: "ada",
    Role.ANALYST: "ana",
}
SHARDS = 4
NARROW = {"width": 320, "height": 640}
WIDE = {"width": 1280, "height": 720}


@dataclass(frozen=True)
class SweepPage:
    name: str
    person: str | None  # None: visited signed out
    url: str


def sweep_pages(cast: Cast) -> list[SweepPage]:
    """Each GET route, filled from the walker's samples, with the first person its rule allows."""
    pages = []
    for route in routes():
        rule = route.rule
        assert rule is not None, route.name
        if "<" in route.pattern and route.name not in SAMPLES:
            pytest.fail(f"{route.name}: add a sample to SAMPLES")
        person = None if rule.public else PERSON_FOR_ROLE[rule.roles[0]] if rule.roles else "lee"
        pages.append(SweepPage(route.name, person, url_for(route, cast)))
    return pages


def test_the_shards_cover_every_route() -> None:
    names = [route.name for route in routes()]
    covered = [name for shard in range(SHARDS) for name in names[shard::SHARDS]]
    assert sorted(covered) == sorted(names)
    assert len(names) >= 10 * SHARDS // 2, names


@pytest.mark.parametrize("shard", range(SHARDS))
def test_axe_and_reflow_find_nothing_on_any_page(
    shard: int, browser: Browser, live_server, live_cast: Cast
) -> None:
    checked: list[str] = []
    problems: list[str] = []
    prepare(live_cast)
    contexts: dict[str | None, BrowserContext] = {}
    probes: dict[str | None, Client] = {}
    try:
        for sweep in sweep_pages(live_cast)[shard::SHARDS]:
            if sweep.person not in contexts:
                context = browser.new_context(locale="en-GB", viewport=NARROW)
                if sweep.person:
                    sign_in_as(context, live_server.url, live_cast.people[sweep.person])
                context.new_page()
                contexts[sweep.person] = context
            if sweep.person not in probes:
                person = live_cast.people[sweep.person] if sweep.person else None
                probes[sweep.person] = verified_client(person) if person else Client()
            probed = probes[sweep.person].get(sweep.url)
            if probed.status_code == 405:
                continue  # POST-only endpoints (sign-out, session extend) have no page.
            if probed.get("Content-Type", "").startswith("application/json"):
                continue  # not a page: /health/ answers JSON for monitoring
            page = contexts[sweep.person].pages[0]
            page.set_viewport_size(NARROW)
            page.goto(live_server.url + sweep.url)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > NARROW["width"]:
                problems.append(f"{sweep.name} ({sweep.url}) is {width}px wide at 320px")
            page.set_viewport_size(WIDE)
            try:
                assert_accessible(page, sweep.name, best_practice=True)
            except AssertionError as failure:  # go on, to report every page at once
                problems.append(str(failure))
            checked.append(sweep.name)
    finally:
        for context in contexts.values():
            context.close()
    assert not problems, "\n\n".join(problems)
    assert len(checked) >= 10 // SHARDS, checked
