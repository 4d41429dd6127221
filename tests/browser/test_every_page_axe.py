"""axe-core on every GET page of every URL pattern, as a person allowed to see it."""

import pytest
from django.test import Client
from playwright.sync_api import Browser

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


def test_axe_finds_no_violations_on_any_page(browser: Browser, live_server, live_cast) -> None:
    checked: list[str] = []
    prepare(live_cast)
    for route in routes():
        rule = route.rule
        assert rule is not None, route.name
        if "<" in route.pattern and route.name not in SAMPLES:
            pytest.fail(f"{route.name}: add a sample to SAMPLES")
        person = None if rule.public else PERSON_FOR_ROLE[rule.roles[0]] if rule.roles else "lee"
        url = url_for(route, live_cast)
        probe = verified_client(live_cast.people[person]) if person else Client()
        probed = probe.get(url)
        if probed.status_code == 405:
            continue  # POST-only endpoints (sign-out, session extend) have no page.
        if probed.get("Content-Type", "").startswith("application/json"):
            continue  # not a page: /health/ answers JSON for monitoring
        context = browser.new_context(locale="en-GB")
        try:
            if person:
                sign_in_as(context, live_server.url, live_cast.people[person])
            page = context.new_page()
            page.goto(live_server.url + url)
            assert_accessible(page, route.name)
            checked.append(route.name)
        finally:
            context.close()
    assert len(checked) >= 10, checked
