"""Issue 15, done-when (the handover part), in a real browser: a school lead (Northgate, not a
first responder) hands a child's case to a council on Signpost (Riverside, a first responder);
the council's lead finds it in the queue, accepts it, prepares and sends the NRM referral
without retyping what the school recorded, and records a positive reasonable grounds decision;
the school's case shows the handover accepted, the council's reference, the date sent and the
decision. And the decline path. axe on every new page."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from accounts.models import User
from cases.models import Case
from referrals.models import Handover, HandoverState, Referral
from tests.browser.conftest import assert_accessible, sign_in_as, tab_to
from tests.cases.factories import child_fields, open_case

pytestmark = pytest.mark.browser

SAW = "He carries packages to another town for an older man and says he owes him money."
# The council the school told, from the form's own list of local authorities.
LA_NAME = "Calderdale Metropolitan Borough Council"
# What the school recorded or supplied: the council must never be asked for it again.
# (/what-happened is retired: the concern's account is shown beside the questions instead,
# checked on the council's exploitation section below.)
NEVER_ASKED_AGAIN = {
    "pv-name-first-name",
    "pv-name-last-name",
    "pv-dob",
    "pv-gender",
    "pv-nationality",
    "pv-under-age",
    "modern-slavery-indicators",
    "local-authority-contacted-about-child-local-authority-name",
    "local-authority-contacted-about-child-local-authority-phone",
    "local-authority-contacted-about-child-local-authority-email",
}


def school_case(lee: User, priya: User) -> Case:
    return open_case(
        lee,
        priya,
        **{**child_fields(born=date(2012, 3, 14)), "what_you_saw": SAW},
        happened_when="Over the last two months",
    )


def fill_with(page: Page, prefer: dict[str, str], fills: dict[str, str]) -> None:
    """Answer every question a section page shows as tests.browser.test_referrals.fill_section
    does ("No", or the first option; every box ticked; a choice from the form's own list in
    every autocomplete; follow-ups, which open inline, only once shown), with `fills` in the
    named text boxes and a made-up answer in the other empty ones."""
    seen: set[str] = set()
    for radio in page.locator("input[type=radio]:visible").all():
        name = radio.get_attribute("name") or ""
        if name in seen:
            continue
        seen.add(name)
        choice = page.locator(f'input[type=radio][name="{name}"][value="{prefer.get(name, "no")}"]')
        (choice if choice.count() else radio).check()
    for box in page.locator("input[type=checkbox]:visible").all():
        box.check()
    for combo in page.locator("input[role=combobox]:visible").all():
        # The autocomplete's text box stands for the select it writes back into.
        name = page.locator(f"#{combo.get_attribute('id')}-select").get_attribute("name") or ""
        if name in fills or not combo.input_value():
            combo.fill(fills.get(name, "a"))
            page.keyboard.press("ArrowDown")
            page.keyboard.press("Enter")
            if name in fills:
                expect(combo).to_have_value(fills[name])
    for box in page.locator(
        "textarea:visible, input.govuk-input:not([role=combobox]):visible"
    ).all():
        name = box.get_attribute("name") or ""
        if name in fills:
            box.fill(fills[name])
        elif not box.input_value():
            box.fill("2 3 1990" if name.endswith("-dob") else "Something only the lead knows")
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue").click()


def complete_recording(page: Page, prefer: dict[str, str], fills: dict[str, str]) -> set[str]:
    """Complete every incomplete section of the referral on screen; return the names of the
    fields every section page visited asked (shown, or hidden until an answer opens them)."""
    asked: set[str] = set()
    for _round in range(30):
        todo = page.locator(".govuk-task-list__item:has(.govuk-tag) a.govuk-task-list__link")
        if todo.count() == 0:
            return asked
        with page.expect_navigation():
            todo.first.click()
        assert_accessible(page, "referral section")
        names = page.locator("main [name]:is(input, textarea, select)").evaluate_all(
            "els => els.map(e => e.name)"
        )
        asked.update(n for n in names if n not in ("csrfmiddlewaretoken", "version", "change"))
        fill_with(page, prefer, fills)
        if page.locator(".govuk-task-list").count() == 0:
            with page.expect_navigation():
                page.get_by_role("link", name="Back to the referral").click()
    raise AssertionError("sections never completed")


def left_blank_on_sections(page: Page) -> set[str]:
    """Open every section of the referral on screen (its task list) and return the names of the
    fields any section page shows with no answer: what the lead would be asked to give. Every
    section page also offers the optional questions still blank, complete or not."""
    links = page.locator("a.govuk-task-list__link").evaluate_all("els => els.map(e => e.href)")
    blank: set[str] = set()
    for link in links:
        page.goto(link)
        assert_accessible(page, "referral section, after the referral is complete")
        blank.update(
            page.locator("main form [name]:is(input, textarea, select)").evaluate_all(
                """els => els.filter(e => {
                    if (["csrfmiddlewaretoken", "version", "change"].includes(e.name)) return false;
                    if (e.type === "hidden") return false;
                    if (e.type === "radio") return !e.form.querySelector(
                        `input[type=radio][name="${e.name}"]:checked`);
                    if (e.type === "checkbox") return false;  // unticked is an answer
                    return !e.value;
                }).map(e => e.name)"""
            )
        )
    return blank


def chronology_line(page: Page, title: str) -> Locator:
    """The rows of the chronology on screen whose line reads exactly `title`."""
    return page.locator("tbody tr", has=page.locator("strong").get_by_text(title, exact=True))


def pathway_step(page: Page, title: str) -> Locator:
    """A step of the case's pathway (the list under "What must happen next")."""
    return (
        page.locator("#pathway ~ ol")
        .first.locator("> li")
        .filter(has=page.locator("h3", has_text=title))
    )


def hand_over(page: Page, url: str, case: Case) -> Referral:
    """The school's lead prepares the pack, chooses Riverside on Signpost and hands it over."""
    page.goto(f"{url}/cases/{case.pk}/")
    page.get_by_role(
        "button", name="Prepare Handover pack for a first responder organisation"
    ).click()
    with page.expect_navigation():
        page.get_by_role("link", name="Who will make the referral").click()
    assert_accessible(page, "who will make the referral")
    page.get_by_label("Riverside Council").check()
    page.get_by_role("button", name="Save and continue").click()
    fills = {
        "local-authority-contacted-about-child-local-authority-name": LA_NAME,
        "local-authority-contacted-about-child-local-authority-phone": "01632 960000",
        "local-authority-contacted-about-child-local-authority-email": "mash@riverside.example",
    }
    asked = complete_recording(page, {}, fills)
    # The school is never asked for the council officer's name, role, phone or alternative
    # contact: the council gives them in its own referral.
    officer = {n for n in asked if n.startswith("fr-details-") or n == "fr-alternative-contact"}
    assert not officer, officer
    assert_accessible(page, "handover pack ready")
    page.get_by_role("link", name="Hand over to Riverside Council").click()
    expect(page.locator("h1")).to_have_text("Hand over to Riverside Council")
    assert_accessible(page, "hand over: check")
    page.get_by_role("button", name="Hand over the case").click()
    expect(page.locator("#handover")).to_contain_text("Waiting for them to accept")
    assert_accessible(page, "handover pack handed over")
    return Referral.objects.get(case=case, kind="pass-to-first-responder")


def council(context: BrowserContext, url: str, omar: User) -> Page:
    sign_in_as(context, url, omar)
    page = context.new_page()
    page.goto(f"{url}/cases/")
    expect(page.locator("#incoming-handovers")).to_be_visible()
    assert_accessible(page, "queue with an incoming handover")
    page.get_by_role("link", name="Handover from Northgate School").click()
    expect(page.locator("h1")).to_have_text("Incoming handover")
    expect(page.locator("body")).to_contain_text(SAW)
    expect(page.locator("body")).to_contain_text(LA_NAME)
    assert_accessible(page, "incoming handover")
    return page


def test_a_school_hands_a_childs_case_to_the_council_which_refers_it(
    page: Page, browser, live_server, live_cast
) -> None:
    lee, priya, omar = (live_cast.people[k] for k in ("lee", "priya", "omar"))
    url = live_server.url
    case = school_case(lee, priya)
    sign_in_as(page.context, url, lee)
    pack = hand_over(page, url, case)

    # The council's lead: queue, the handover, accept.
    omar_context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    omar_context.set_default_timeout(10_000)
    try:
        op = council(omar_context, url, omar)
        # The school's case itself stays out of reach.
        assert op.goto(f"{url}/cases/{case.pk}/").status == 404
        assert op.goto(f"{url}/referrals/{pack.pk}/").status == 404
        op.goto(f"{url}/referrals/handovers/{Handover.objects.get(pack=pack).pk}/")
        with op.expect_navigation():
            op.get_by_role("link", name="Accept the handover").click()
        assert_accessible(op, "accept: the form")
        op.get_by_role("button", name="Accept the handover").click()
        expect(op.locator(".govuk-error-summary")).to_contain_text(
            "Select whether you will tell them what comes back"
        )
        assert_accessible(op, "accept: the error")
        op.get_by_label("Yes: they see your referral").check()
        op.get_by_role("button", name="Accept the handover").click()
        expect(op.locator("body")).to_contain_text("Handover accepted")
        expect(op.locator("#handovers")).to_contain_text("handed over by Northgate School")
        assert_accessible(op, "the council's new case")
        handover = Handover.objects.get(pack=pack)
        assert handover.state == HandoverState.ACCEPTED
        their_case = handover.accepted_case
        assert their_case.organisation == omar.organisation

        # The NRM referral: only what the school could not know is asked.
        with op.expect_navigation():
            op.get_by_role(
                "button", name="Prepare National Referral Mechanism (NRM) referral"
            ).click()
        assert_accessible(op, "the council's NRM referral")
        asked = complete_recording(op, {}, {})
        assert not asked & NEVER_ASKED_AGAIN, asked & NEVER_ASKED_AGAIN
        expect(op.get_by_text("Nothing is missing.")).to_be_visible()
        nrm = Referral.objects.get(case=their_case, kind="nrm")
        # Nor does any section page, complete or not, leave one of them for the lead to fill:
        # the record answers it, or the school's answer is already in the box.
        op.goto(f"{url}/referrals/{nrm.pk}/")
        blank = left_blank_on_sections(op)
        assert not blank & NEVER_ASKED_AGAIN, blank & NEVER_ASKED_AGAIN
        # What the school saw is shown beside the questions about what happened (the form has
        # no single "what happened" box to paste it into any more).
        op.goto(f"{url}/referrals/{nrm.pk}/section/the-exploitation/")
        expect(op.locator(".govuk-inset-text", has_text="What the concern says")).to_contain_text(
            SAW
        )
        assert_accessible(op, "the council's exploitation section with the school's account")
        op.goto(f"{url}/referrals/{nrm.pk}/")
        op.get_by_role("link", name="Open the printable answer sheet").click()
        sheet = op.locator("body")
        expect(sheet).to_contain_text(LA_NAME)
        # The First Responder is the council's own lead, from their details, never retyped.
        expect(sheet).to_contain_text(omar.phone)
        expect(sheet).to_contain_text(omar.job_title)
        op.goto(f"{url}/referrals/{nrm.pk}/sent/")
        op.get_by_label("Date sent").fill("5 1 2026")
        op.get_by_label("The online form or portal").check()
        op.get_by_label("Their reference (optional)").fill("NRM-2026-4242")
        op.get_by_role("button", name="Save").click()
        op.get_by_role("link", name="Record a decision").click()
        op.get_by_label("Date of the Reasonable Grounds decision").fill("9 1 2026")
        op.locator('input[name="rg_outcome"][value="positive"]').check()
        op.get_by_role("button", name="Save").click()
        expect(op.locator("body")).to_contain_text("Decisions recorded")
        op.goto(f"{url}/referrals/handovers/{handover.pk}/")
        expect(op.locator("body")).to_contain_text("You tell Northgate School what comes back")
        assert_accessible(op, "the council's view of an accepted handover")
        with op.expect_navigation():
            op.get_by_role("link", name="Change this").click()
        assert_accessible(op, "what you tell the school")
        # The council's chronology of its own case: the NRM referral prepared, sent and decided.
        op.goto(f"{url}/cases/{their_case.pk}/chronology/")
        expect(op.locator("h1")).to_have_text("Chronology")
        nrm_name = f"National Referral Mechanism (NRM) referral {nrm.reference}"
        expect(chronology_line(op, f"Prepared: {nrm_name}")).to_have_count(1)
        sent = chronology_line(op, f"Sent: {nrm_name}")
        expect(sent).to_have_count(1)
        expect(sent).to_contain_text("Sent on 5 January 2026")
        expect(sent).to_contain_text("Their reference: NRM-2026-4242")
        decided = chronology_line(op, f"Decision came back: {nrm_name}")
        expect(decided).to_have_count(1)
        expect(decided).to_contain_text("Reasonable grounds decision: Positive")
        assert_accessible(op, "the council's chronology")
    finally:
        omar_context.close()

    # The school's case: accepted, and what came back, with the council's lawful basis.
    page.goto(f"{url}/cases/{case.pk}/")
    expect(page.locator("#handovers")).to_be_visible()
    body = page.locator("body")
    expect(body).to_contain_text("To Riverside Council")
    expect(body).to_contain_text("Accepted")
    expect(body).to_contain_text("NRM-2026-4242")
    expect(body).to_contain_text("5 January 2026")
    expect(body).to_contain_text("Positive, 9 January 2026")
    expect(body).to_contain_text("Shared by Riverside Council under")
    # The school's pathway: the handover did the first step; the council's referral the NRM.
    for step in (
        "Pass the referral to a first responder organisation",
        "Make a National Referral Mechanism (NRM) referral",
    ):
        expect(pathway_step(page, step)).to_have_count(1)
        expect(pathway_step(page, step).locator(".govuk-tag")).to_have_text("Done")
    assert_accessible(page, "the school's case with what came back")
    # The school's chronology: handed over, accepted, and what came back shared with it.
    page.goto(f"{url}/cases/{case.pk}/chronology/")
    expect(page.locator("h1")).to_have_text("Chronology")
    for line in (
        "Case handed over to another organisation",
        "Handover accepted",
        "Outcome shared back with the organisation that handed over",
    ):
        expect(chronology_line(page, line).first).to_be_visible()
    assert_accessible(page, "the school's chronology")
    page.goto(f"{url}/cases/{case.pk}/")
    page.get_by_role("link", name="See what was handed over").click()
    expect(page.locator("h1")).to_have_text("Handover to Riverside Council")
    assert_accessible(page, "the school's view of its handover")
    # The school never reaches the council's own case or referral.
    assert page.goto(f"{url}/cases/{their_case.pk}/").status == 404
    assert page.goto(f"{url}/referrals/{nrm.pk}/").status == 404


def test_the_council_declines_and_the_school_sees_why(
    page: Page, browser, live_server, live_cast
) -> None:
    lee, priya, omar = (live_cast.people[k] for k in ("lee", "priya", "omar"))
    url = live_server.url
    case = school_case(lee, priya)
    sign_in_as(page.context, url, lee)
    pack = hand_over(page, url, case)
    omar_context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    omar_context.set_default_timeout(10_000)
    try:
        op = council(omar_context, url, omar)
        # By keyboard alone: Tab to each control, Enter to follow or submit.
        tab_to(op, op.get_by_role("link", name="Decline it"))
        op.keyboard.press("Enter")
        expect(op.locator("h1")).to_contain_text("Why are you declining this handover?")
        assert_accessible(op, "decline: the form")
        tab_to(op, op.get_by_role("button", name="Decline the handover"))
        op.keyboard.press("Enter")
        expect(op.locator(".govuk-error-summary")).to_contain_text(
            "Enter why you are declining the handover"
        )
        assert_accessible(op, "decline: the error")
        tab_to(op, op.get_by_label("Why are you declining this handover?"))
        op.keyboard.type("He lives in Eastfield: their council is the one to refer")
        tab_to(op, op.get_by_role("button", name="Decline the handover"))
        op.keyboard.press("Enter")
        expect(op.locator("body")).to_contain_text("Handover declined")
        expect(op.locator("#incoming-handovers")).to_have_count(0)
    finally:
        omar_context.close()
    page.goto(f"{url}/cases/{case.pk}/")
    expect(page.locator("#handovers")).to_be_visible()
    expect(page.locator("body")).to_contain_text("Declined")
    expect(page.locator("body")).to_contain_text("their council is the one to refer")
    assert_accessible(page, "the school's case with the decline")
    page.goto(f"{url}/referrals/{pack.pk}/")
    expect(page.locator("#handover")).to_contain_text("declined it")
    expect(page.get_by_role("link", name="Who will make the referral")).to_be_visible()
    assert not Case.objects.filter(organisation=omar.organisation).exists()
