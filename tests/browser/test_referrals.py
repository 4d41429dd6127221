"""A lead prepares an NRM referral and a Duty to Notify report in a real browser, answering only
what the case does not hold; the Duty to Notify never asks for the person's identity without
co-operation. axe checks every referral page on the way."""

import pytest
from playwright.sync_api import Page, expect

from referrals import services
from referrals.models import Referral
from tests.browser.conftest import assert_accessible, sign_in_as
from tests.referrals.factories import adult_case

pytestmark = pytest.mark.browser


def fill_section(page: Page, prefer: dict[str, str]) -> None:
    """Answer every question a section page shows: "No" where offered (or the preferred option),
    otherwise the first option; every box ticked; a choice from the form's own list in every
    autocomplete; text in every text box. Follow-ups open as the answers are chosen (issue 14),
    so hidden ones are left alone."""
    seen: set[str] = set()
    for radio in page.locator("input[type=radio]:visible").all():
        name = radio.get_attribute("name") or ""
        if name in seen:
            continue
        seen.add(name)
        value = prefer.get(name, "no")
        choice = page.locator(f'input[type=radio][name="{name}"][value="{value}"]')
        (choice if choice.count() else radio).check()
    for box in page.locator("input[type=checkbox]:visible").all():
        box.check()
    for combo in page.locator("input[role=combobox]:visible").all():
        if not combo.input_value():
            combo.fill("a")
            page.keyboard.press("ArrowDown")
            page.keyboard.press("Enter")
    for box in page.locator(
        "textarea:visible, input.govuk-input:not([role=combobox]):visible"
    ).all():
        if not box.input_value():
            dated = (box.get_attribute("name") or "").endswith("-dob")
            box.fill("2 3 1990" if dated else "Something only the lead knows")
    # Waits for the answer to the post: reading on at once could see the section page still.
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue").click()


def complete(page: Page, prefer: dict[str, str]) -> None:
    for _round in range(30):
        todo = page.locator(".govuk-task-list__item:has(.govuk-tag) a.govuk-task-list__link")
        if todo.count() == 0:
            return
        with page.expect_navigation():
            todo.first.click()
        assert_accessible(page, "referral section")
        fill_section(page, prefer)
        if page.locator(".govuk-task-list").count() == 0:
            with page.expect_navigation():
                page.get_by_role("link", name="Back to the referral").click()
    raise AssertionError("sections never completed")


def prepare(page: Page, url: str, case, label: str) -> Referral:
    page.goto(f"{url}/cases/{case.pk}/")
    expect(page.locator("#referrals")).to_be_visible()
    assert_accessible(page, "case page with referrals")
    page.get_by_role("button", name=label).click()
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page, "referral task list")
    return Referral.objects.get(case=case)


def test_a_lead_prepares_an_nrm_referral_end_to_end(page: Page, live_server, live_cast):
    omar = live_cast.people["omar"]
    case = adult_case(omar, consent_to_nrm="yes", person_name="Dana Petrov")
    sign_in_as(page.context, live_server.url, omar)
    referral = prepare(
        page, live_server.url, case, "Prepare National Referral Mechanism (NRM) referral"
    )
    complete(page, {})
    expect(page.get_by_text("Nothing is missing.")).to_be_visible()
    page.get_by_role("link", name="Open the printable answer sheet").click()
    expect(page.locator("body")).to_contain_text("pv-name-first-name")
    expect(page.locator("body")).to_contain_text("Dana")
    assert_accessible(page, "printable sheet")
    page.goto(f"{live_server.url}/referrals/{referral.pk}/download/")
    assert_accessible(page, "download step-up")
    page.goto(f"{live_server.url}/referrals/{referral.pk}/sent/")
    assert_accessible(page, "mark sent")
    page.get_by_label("Date sent").fill("5 1 2026")
    page.get_by_label("The online form or portal").check()
    page.get_by_label("Their reference (optional)").fill("NRM-0001")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("body")).to_contain_text("Reasonable Grounds decision due")
    with page.expect_navigation():
        page.get_by_role("link", name="Record a decision").click()
    assert_accessible(page, "decisions")
    page.goto(f"{live_server.url}/referrals/deadlines/")
    assert_accessible(page, "deadlines")
    referral.refresh_from_db()
    assert referral.is_sent and referral.their_reference == "NRM-0001"


def test_a_duty_to_notify_refuses_identity_without_co_operation(page: Page, live_server, live_cast):
    omar = live_cast.people["omar"]
    case = adult_case(omar, consent_to_nrm="no", person_name="Dana Petrov")
    sign_in_as(page.context, live_server.url, omar)
    referral = prepare(page, live_server.url, case, "Prepare Duty to Notify report")
    complete(page, {"authorities-cooperation": "no"})
    expect(page.get_by_text("Nothing is missing.")).to_be_visible()
    page.goto(f"{live_server.url}/referrals/{referral.pk}/section/about-the-person/")
    assert page.locator('[name="pv-name-first-name"]').count() == 0
    assert page.locator('[name="pv-contact-details"]').count() == 0
    page.goto(f"{live_server.url}/referrals/{referral.pk}/sheet/")
    assert_accessible(page, "duty to notify sheet")
    body = page.locator("body")
    expect(body).to_contain_text("Duty to Notify report")
    expect(body).not_to_contain_text("Petrov")
    expect(body).not_to_contain_text("pv-name-first-name")
    referral.refresh_from_db()
    assert not any(k.startswith(("pv-name-", "pv-contact-details")) for k in referral.answers)


def test_a_lead_changes_an_answer_from_the_sheet_before_sending(page: Page, live_server, live_cast):
    omar = live_cast.people["omar"]
    case = adult_case(omar, consent_to_nrm="yes", person_name="Dana Petrov")
    referral = services.referral_create(case=case, kind="nrm", by=omar)
    services.referral_answer(
        referral=referral,
        answers={"fr-details-phone": "01632 960001"},
        version=referral.version,
        by=omar,
    )
    sign_in_as(page.context, live_server.url, omar)
    page.goto(f"{live_server.url}/referrals/{referral.pk}/sheet/")
    assert_accessible(page, "printable sheet with change links")
    page.get_by_role("link", name="Change your phone number").click()
    phone = page.locator('[name="fr-details-phone"]')
    expect(phone).to_have_value("01632 960001")
    assert page.locator('[name="fr-details-first-name"]').count() == 0  # the case holds it
    assert_accessible(page, "referral section with the lead's answers")
    phone.fill("01632 960999")
    page.locator('[name="why-are-you-making-the-referral"]').fill("Only the lead knows")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("#your-answers")).to_be_visible()
    assert_accessible(page, "referral with the lead's answers")
    referral.refresh_from_db()
    assert referral.answers["fr-details-phone"] == "01632 960999"
