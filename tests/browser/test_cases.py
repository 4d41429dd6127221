"""A safeguarding lead takes a concern from the queue to triage, decisions and closure with the
keyboard alone; axe checks each page on the way, with the error and conflict states."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cases import services
from cases.models import Case, CaseStatus
from concerns.models import Status
from tests.browser.conftest import assert_accessible, sign_in_as, tab_to
from tests.cases.factories import make_concern, open_case

pytestmark = pytest.mark.browser


def choose(page: Page, name: str, label: str) -> None:
    """Tab into a radio group, then move with the arrow keys to the answer."""
    tab_to(page, page.locator(f'input[name="{name}"]').first)
    target = page.get_by_label(label, exact=True)
    for _ in range(10):
        if target.is_checked():
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"could not choose {label} with the arrow keys")


def test_a_lead_triages_decides_and_closes_with_the_keyboard(
    page: Page, live_server, live_cast
) -> None:
    lee, priya = live_cast.people["lee"], live_cast.people["priya"]
    concern = make_concern(priya)
    sign_in_as(page.context, live_server.url, lee)

    page.goto(live_server.url + "/cases/")
    expect(page.get_by_role("heading", name="New concerns", exact=True)).to_be_visible()
    assert_accessible(page, "queue: new concerns")
    tab_to(page, page.get_by_role("link", name=f"Triage concern {concern.reference}"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Triage this concern")).to_be_visible()
    assert_accessible(page, "triage")
    tab_to(page, page.get_by_role("button", name="Continue"))
    page.keyboard.press("Enter")  # nothing chosen yet: an error
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "triage with an error")
    choose(page, "choice", "Open a new case for this person")
    tab_to(page, page.get_by_role("button", name="Continue"))
    page.keyboard.press("Enter")

    expect(page.locator(".govuk-notification-banner")).to_contain_text("opened")
    case = Case.objects.get(links__concern=concern)
    assert_accessible(page, "case page")
    tab_to(page, page.get_by_role("link", name="Record a decision").first)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="What have you decided?")).to_be_visible()
    tab_to(page, page.get_by_role("button", name="Record the decision"))
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the decision")
    assert_accessible(page, "decision with errors")
    choose(page, "kind", "Action taken")
    tab_to(page, page.get_by_label("Why"))
    page.keyboard.type("Rang the council's children's services; they are visiting today.")
    tab_to(page, page.get_by_role("button", name="Record the decision"))
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Action taken")

    tab_to(page, page.get_by_role("link", name="Record a decision").first)
    page.keyboard.press("Enter")
    choose(page, "kind", "Close the case")
    tab_to(page, page.get_by_label("Why"))
    page.keyboard.type("She is safe and supported by the council.")
    tab_to(page, page.get_by_role("button", name="Record the decision"))
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Close the case")
    expect(page.locator(".govuk-tag", has_text="Closed").first).to_be_visible()

    case.refresh_from_db()
    concern.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert concern.status == Status.CLOSED
    page.goto(f"{live_server.url}/cases/{case.pk}/chronology/")
    expect(page.get_by_text("Decision: Close the case")).to_be_visible()
    assert_accessible(page, "chronology")


def test_the_conflict_message_is_accessible_and_shows_both_versions(
    page: Page, live_server, live_cast
) -> None:
    lee, priya = live_cast.people["lee"], live_cast.people["priya"]
    case = open_case(lee, priya)
    sign_in_as(page.context, live_server.url, lee)
    page.goto(f"{live_server.url}/cases/{case.pk}/details/")
    page.get_by_label("Nationality").fill("Bulgarian")
    # Meanwhile another lead changes the same case.
    services.case_update(case=case, values={"nationality": "Moldovan"}, version=1, by=lee)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Someone else changed this case while you were editing it"
    )
    expect(page.locator("#conflict")).to_contain_text("Moldovan")
    expect(page.get_by_label("Nationality")).to_have_value("Bulgarian")
    assert_accessible(page, "conflict")


def test_the_form_pages_with_errors_are_accessible(page: Page, live_server, live_cast) -> None:
    lee, priya = live_cast.people["lee"], live_cast.people["priya"]
    case = open_case(lee, priya)
    sign_in_as(page.context, live_server.url, lee)
    pages = {
        "task-add": ("tasks/new/", "Add the task"),
        "share": ("share/", "Share the case"),
        "no-share": ("not-shared/", "Record the decision"),
        "note-add": ("notes/new/", "Add the note"),
        "pathway-item": ("pathway/seek-informed-consent/", "Save"),
    }
    for name, (path, button) in pages.items():
        page.goto(f"{live_server.url}/cases/{case.pk}/{path}")
        if name == "pathway-item":
            page.get_by_label("Not needed", exact=True).check()  # without saying why
        page.get_by_role("button", name=button).click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        assert_accessible(page, f"{name} with errors")
