"""Issue 15 items 3 to 6 in a real browser, with axe on each new or changed page: a practitioner
completes a task given to them and the lead sees it done; the admin reassigns a lead's open work
before removing the lead role; the lead reads the practitioner's answers on triage; a partner
given only the chronology sees only what was shared."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Organisation, RoleGrant
from cases import services
from cases.models import Case, DecisionKind
from notices.models import Notice
from tests.browser.conftest import assert_accessible, sign_in_as, tab_to
from tests.cases.factories import make_concern, open_case
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


def test_a_practitioner_completes_a_task_given_to_them_and_the_lead_sees_it_done(
    page: Page, browser, live_server, live_cast
) -> None:
    lee, priya = live_cast.people["lee"], live_cast.people["priya"]
    case = open_case(lee, priya)
    task = services.task_add(
        case=case,
        title="Ask the form tutor about Monday",
        working_days=2,
        assigned_to=priya,
        by=lee,
    )
    link = Notice.objects.get(recipient=priya, kind="case-task-assigned").path

    sign_in_as(page.context, live_server.url, priya)
    page.goto(live_server.url + link)
    expect(page.get_by_role("heading", name="Ask the form tutor about Monday")).to_be_visible()
    expect(page.get_by_text(case.reference).first).to_be_visible()
    expect(page.get_by_text("Dana Petrov")).to_have_count(0)
    assert_accessible(page, "task page")
    tab_to(page, page.get_by_label("Anything the lead should know (optional)"))
    page.keyboard.type("Tutor says she was absent on Monday")
    tab_to(page, page.get_by_role("button", name="Mark as done"))
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Task done")
    expect(page.get_by_text("Done", exact=True)).to_be_visible()
    assert_accessible(page, "task page, done")
    task.refresh_from_db()
    assert task.done_by == priya

    lead = browser.new_context(base_url=live_server.url)
    lead_page = lead.new_page()
    sign_in_as(lead, live_server.url, lee)
    lead_page.goto(f"{live_server.url}/cases/{case.pk}/#tasks")
    tasks = lead_page.get_by_role("region", name="Tasks").locator("table")
    expect(tasks).to_contain_text("Tutor says she was absent on Monday")
    expect(tasks).to_contain_text(f"by {priya.full_name}")
    assert_accessible(lead_page, "case page with a task done by a practitioner")
    lead.close()


def test_the_admin_reassigns_a_leads_cases_before_removing_the_lead_role(
    page: Page, live_server, live_cast
) -> None:
    lee, priya, ada = (live_cast.people[k] for k in ("lee", "priya", "ada"))
    case = open_case(lee, priya)
    kim = UserFactory(organisation=lee.organisation, full_name="Kim Adeyemi")
    RoleGrant.objects.create(user=kim, role="lead")

    sign_in_as(page.context, live_server.url, ada)
    page.goto(f"{live_server.url}/people/{lee.pk}/access/")
    expect(page.get_by_role("heading", name="Deactivate account")).to_be_visible()
    expect(page.locator(".govuk-warning-text")).to_contain_text("Before you deactivate them")
    assert_accessible(page, "deactivate with open work")
    page.goto(f"{live_server.url}/people/{lee.pk}/roles/")
    expect(page.locator(".govuk-warning-text")).to_contain_text("has 1 open case")
    assert_accessible(page, "change roles with open work")
    page.get_by_label("Safeguarding lead", exact=False).first.uncheck()
    page.get_by_label("Practitioner", exact=False).first.check()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Save roles").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose the lead who takes them over"
    )
    assert_accessible(page, "change roles: no lead chosen")
    page.get_by_label("Kim Adeyemi").check()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Save roles").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Roles changed")
    case.refresh_from_db()
    assert case.assigned_lead == kim
    assert "lead" not in type(lee).objects.get(pk=lee.pk).role_set()


def test_the_lead_reads_the_practitioners_answers_on_triage(
    page: Page, live_server, live_cast
) -> None:
    lee, priya = live_cast.people["lee"], live_cast.people["priya"]
    concern = make_concern(
        priya,
        indicators=("documents-held", "unexplained-injuries"),
        languages="Romanian and a little English",
        interpreter_needed="yes",
        something_else="She flinched when the van pulled up",
        told_anyone="yes",
        told_who="My head of year, on Tuesday",
    )
    sign_in_as(page.context, live_server.url, lee)
    page.goto(f"{live_server.url}/cases/triage/{concern.pk}/")
    main = page.locator("main")
    for words in (
        "Romanian and a little English",
        "She flinched when the van pulled up",
        "My head of year, on Tuesday",
        "Signs: work and money",
        "Signs: health and how they seem",
    ):
        expect(main).to_contain_text(words)
    assert_accessible(page, "triage with every answer")


def test_a_partner_given_only_the_chronology_sees_only_what_was_shared(
    page: Page, browser, live_server, live_cast
) -> None:
    lee, priya, omar, ada = (live_cast.people[k] for k in ("lee", "priya", "omar", "ada"))
    case: Case = open_case(lee, priya)
    services.note_add(case=case, text="Note words only the school holds", by=lee)
    services.task_add(
        case=case, title="Ring the aunt in Leeds", working_days=1, assigned_to=None, by=lee
    )
    services.share_decline(
        case=case, organisation_name="Hillside Charity", reason="Not needed", by=lee
    )
    case.refresh_from_db()
    services.case_decide(
        case=case,
        kind=DecisionKind.ACTION_TAKEN,
        rationale="Decision words the partner may read",
        version=case.version,
        by=lee,
    )
    services.case_share(
        case=case,
        organisation=Organisation.objects.get(pk=omar.organisation_id),
        reason="The council is the first responder",
        parts=["chronology"],
        may_add=False,
        by=lee,
    )

    sign_in_as(page.context, live_server.url, omar)
    page.goto(f"{live_server.url}/cases/{case.pk}/chronology/")
    main = page.locator("main")
    expect(main).to_contain_text("Decision words the partner may read")
    expect(main).to_contain_text("Shared with Riverside Council")
    for secret in ("Note words only the school holds", "Ring the aunt", "Hillside Charity"):
        expect(main).not_to_contain_text(secret)
    assert_accessible(page, "partner's chronology")

    owner = browser.new_context()
    owner_page = owner.new_page()
    sign_in_as(owner, live_server.url, lee)
    owner_page.goto(f"{live_server.url}/cases/{case.pk}/chronology/")
    owner_main = owner_page.locator("main")
    for words in ("Note words only the school holds", "Ring the aunt", "Hillside Charity"):
        expect(owner_main).to_contain_text(words)
    assert_accessible(owner_page, "owner's chronology")
    owner.close()

    admin = browser.new_context()
    admin_page = admin.new_page()
    sign_in_as(admin, live_server.url, ada)
    admin_page.goto(f"{live_server.url}/audit/")
    expect(admin_page.locator("main")).to_contain_text("Case shared")
    assert_accessible(admin_page, "audit search with labels")
    admin.close()
