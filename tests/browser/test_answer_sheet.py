"""Issue 14 in a real browser: a lead corrects a suggested exploitation type and sees it on the
sheet; the exploiter is never listed as another potential victim; follow-ups open inline; the
form's lists are chosen with an accessible autocomplete by keyboard alone; the referrer's own
details are asked once. axe on every page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from concerns.models import Concern
from referrals import services
from referrals.models import Kind
from tests.browser.conftest import assert_accessible, sign_in_as
from tests.concerns.keyboard import press_button, tab_to, tick, type_into
from tests.referrals.factories import make_referral

pytestmark = pytest.mark.browser


def test_a_lead_corrects_a_suggested_exploitation_type(page: Page, live_server, live_cast):
    omar = live_cast.people["omar"]
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    # The screening mentioned sexual exploitation; the concern names the manager as the
    # person exploiting her, and he was there: neither makes him another potential victim.
    referral.case.types.create(type="sexual")
    Concern.objects.filter(case_link__case=referral.case).update(
        others_present="The manager and two older associates",
        exploiters="The manager, who keeps her passport",
        others_exploited="",
    )
    sign_in_as(page.context, live_server.url, omar)
    page.goto(f"{live_server.url}/referrals/{referral.pk}/sheet/")
    body = page.locator("body")
    expect(body).to_contain_text("Suggested by the screening, not confirmed")
    assert_accessible(page, "sheet with suggestions")

    page.goto(f"{live_server.url}/referrals/{referral.pk}/section/the-exploitation/")
    expect(body).to_contain_text("Suggested from the signs in the screening, not yet confirmed")
    assert_accessible(page, "exploitation section with suggestions")
    prostitution = page.get_by_label("Made to sell sex", exact=True)
    expect(prostitution).to_be_checked()
    # Reject the suggestion and confirm what the record supports, by keyboard.
    tick(page, prostitution)
    expect(prostitution).not_to_be_checked()
    forced = page.get_by_label("Made to work", exact=True)
    expect(forced).to_be_checked()
    with page.expect_navigation():
        press_button(page, "Save and continue")

    page.goto(f"{live_server.url}/referrals/{referral.pk}/sheet/")
    assert_accessible(page, "sheet after the correction")
    referral.refresh_from_db()
    sheet = services.sheet_of(referral)
    assert sheet.answers["types-of-exploitation-forced-to-work"] == "true"
    assert sheet.answers["types-of-exploitation-prostitution"] == ""
    row = page.locator(".govuk-summary-list__row", has_text="types-of-exploitation-prostitution")
    expect(row).not_to_contain_text("true")
    worked = page.locator(
        ".govuk-summary-list__row", has_text="types-of-exploitation-forced-to-work"
    )
    expect(worked).to_contain_text("true")
    expect(worked).to_contain_text("(your answer)")
    # The exploiter is who exploited her, never another potential victim.
    who = page.locator(".govuk-summary-list__row", has_text="who-exploited-pv")
    expect(who).to_contain_text("The manager, who keeps her passport")
    for name in ("other-potential-victims-yes-details", "other-potential-victims-not-sure-details"):
        others = page.locator(".govuk-summary-list__row", has_text=name)
        if others.count():
            expect(others).not_to_contain_text("manager")
    assert "manager" not in sheet.answers.get("other-potential-victims-yes-details", "")


def test_follow_ups_open_inline_and_a_list_is_chosen_by_keyboard(
    page: Page, live_server, live_cast
):
    omar = live_cast.people["omar"]
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    sign_in_as(page.context, live_server.url, omar)
    page.goto(f"{live_server.url}/referrals/{referral.pk}/section/about-the-person/")
    amount = page.locator('[name="does-pv-have-children-yes-amount"]')
    expect(amount).to_be_hidden()
    assert_accessible(page, "about the person")
    page.locator('input[name="does-pv-have-children"][value="yes"]').check()
    expect(amount).to_be_visible()  # no save needed
    page.locator('input[name="does-pv-have-children"][value="no"]').check()
    expect(amount).to_be_hidden()

    # The second nationality takes only the form's own values: type, arrow, Enter.
    combo = page.get_by_role("combobox", name="A second nationality, if they have one (optional)")
    type_into(page, combo, "Roman")
    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    expect(combo).to_have_attribute("aria-expanded", "true")
    assert_accessible(page, "autocomplete open")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("option", name="Romanian")).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    expect(combo).to_have_value("Romanian")
    expect(listbox).to_be_hidden()
    page.locator('input[name="does-pv-have-children"][value="yes"]').check()
    amount.fill("2")
    with page.expect_navigation():
        press_button(page, "Save and continue")
    referral.refresh_from_db()
    assert referral.answers["pv-nationality-second"] == "Romanian"
    assert referral.answers["does-pv-have-children-yes-amount"] == "2"


def test_without_javascript_every_follow_up_shows_and_the_select_works(
    browser, live_server, live_cast
):
    omar = live_cast.people["omar"]
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    sign_in_as(context, live_server.url, omar)
    page.goto(f"{live_server.url}/referrals/{referral.pk}/section/about-the-person/")
    expect(page.locator('[name="does-pv-have-children-yes-amount"]')).to_be_visible()
    expect(page.locator("body")).to_contain_text("Only if you answer Yes to")
    page.locator('select[name="pv-nationality-second"]').select_option("Romanian")
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue").click()
    referral.refresh_from_db()
    assert referral.answers["pv-nationality-second"] == "Romanian"
    context.close()


def test_the_referrer_gives_their_details_once(page: Page, live_server, live_cast):
    lee = live_cast.people["lee"]
    sign_in_as(page.context, live_server.url, lee)
    page.goto(f"{live_server.url}/account/")
    with page.expect_navigation():
        page.get_by_role("link", name="Change job title").click()
    assert_accessible(page, "your details")
    title = page.get_by_label("What is your job title?")
    title.fill("")
    type_into(page, title, "Head of pastoral care")
    phone = page.get_by_label("What is your work phone number?")
    phone.fill("")
    type_into(page, phone, "not a number")
    press_button(page, "Save")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a phone number")
    assert_accessible(page, "your details (error)")
    expect(title).to_have_value("Head of pastoral care")
    phone.fill("01632 960 222")
    press_button(page, "Save")
    expect(page.locator("body")).to_contain_text("Head of pastoral care")
    lee.refresh_from_db()
    assert lee.job_title == "Head of pastoral care"


def test_an_admin_picks_the_organisation_from_the_forms_list(page: Page, live_server, live_cast):
    ada = live_cast.people["ada"]
    sign_in_as(page.context, live_server.url, ada)
    page.goto(f"{live_server.url}/people/")
    with page.expect_navigation():
        page.get_by_role("link", name="Change referral details").click()
    assert_accessible(page, "referral details")
    combo = page.get_by_role("combobox", name="Which organisation are you on the NRM online form?")
    tab_to(page, combo)
    page.keyboard.type("Leeds")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(combo).to_have_value("Leeds City Council")
    type_into(
        page,
        page.get_by_label("Team inbox for when the referrer is away"),
        "team@northgate.example",
    )
    press_button(page, "Save")
    expect(page.locator("body")).to_contain_text("Leeds City Council")
    ada.organisation.refresh_from_db()
    assert ada.organisation.nrm_organisation == "Leeds City Council"
    assert ada.organisation.team_inbox == "team@northgate.example"


def test_a_duty_to_notify_flags_what_may_identify_the_person(page: Page, live_server, live_cast):
    omar = live_cast.people["omar"]
    referral = make_referral(omar, Kind.DUTY_TO_NOTIFY, person_name="Sam Placeholder")
    services.referral_answer(
        referral=referral,
        answers={"how-they-were-treated": "Sam is locked in; write to him at LS1 4AB"},
        version=referral.version,
        by=omar,
    )
    sign_in_as(page.context, live_server.url, omar)
    page.goto(f"{live_server.url}/referrals/{referral.pk}/download/")
    body = page.locator("body")
    expect(body).to_contain_text("must not identify the person")
    expect(body).to_contain_text("“Sam” may be a name the record holds for the person")
    expect(body).to_contain_text("“LS1 4AB” may be a postcode")
    assert_accessible(page, "duty to notify download with the identifying check")
    page.get_by_role("link", name="Change how were they treated?").click()
    expect(page.locator('[name="how-they-were-treated"]')).to_have_value(
        "Sam is locked in; write to him at LS1 4AB"
    )
