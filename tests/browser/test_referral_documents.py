"""In a real browser: a lead refers a child to children's social care from the case's pathway,
adds only what the case does not hold, reads and downloads the document (a PDF marked
OFFICIAL-SENSITIVE), marks it sent, and sees the pathway step follow, the overdue decision
prompt and the decision itself. Each kind's PDF downloads and reads right. axe on every page."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from cases.models import Case
from referrals import kinds, services
from referrals.models import Kind, Referral
from referrals.presenters import document_of
from tests.browser.conftest import assert_accessible, sign_in_as, tab_to
from tests.cases.factories import child_fields, open_case
from tests.conftest import PASSWORD
from tests.referrals.factories import adult_case

pytestmark = pytest.mark.browser


def pdf_text(path: Path) -> str:
    text = " ".join(p.extract_text() for p in PdfReader(str(path)).pages)
    return " ".join(text.split())


def download(page: Page, link_name: str) -> tuple[str, str]:
    """Follow the download link, confirm the password, and return (file name, its text)."""
    with page.expect_navigation():
        page.get_by_role("link", name=link_name).click()
    assert_accessible(page, "download step-up")
    page.get_by_label("Your password").fill(PASSWORD)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download").click()
    got = info.value
    return got.suggested_filename, pdf_text(Path(got.path()))


def test_a_lead_refers_a_child_to_childrens_social_care_end_to_end(
    page: Page, live_server, live_cast
):
    omar = live_cast.people["omar"]
    case = open_case(omar, omar, **child_fields(), their_words="I owe them for the phone.")
    url = live_server.url
    sign_in_as(page.context, url, omar)

    page.goto(f"{url}/cases/{case.pk}/")
    assert_accessible(page, "case page")
    button = page.get_by_role("button", name="Prepare Referral to children's social care")
    tab_to(page, button)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Referral to children's social care")
    assert_accessible(page, "task list")
    referral = Referral.objects.get(case=case, kind=Kind.CHILDRENS_SOCIAL_CARE)

    with page.expect_navigation():
        page.get_by_role("link", name="Where they live, and who looks after them").click()
    assert_accessible(page, "where they live")
    page.get_by_label("Where do they live?").fill("12 Mill Street, Northgate")
    page.get_by_label("Who are their parents or carers?").fill("Mother, Jo Kerr")
    page.get_by_role("button", name="Save and continue").click()

    with page.expect_navigation():
        page.get_by_role("link", name="What children's social care needs to know").click()
    assert_accessible(page, "what children's social care needs to know")
    page.get_by_role("group", name="Do the child's parents or carers know").get_by_label(
        "No", exact=True
    ).check()
    page.get_by_label("If they do not know, why not?").fill("It could put him at risk.")
    page.get_by_label("To safeguard a child or an adult at risk", exact=False).check()
    page.get_by_role("button", name="Save and continue").click()

    with page.expect_navigation():
        page.get_by_role("link", name="What the case holds").click()
    assert_accessible(page, "what the case holds")
    expect(page.locator("main")).to_contain_text("I owe them for the phone.")
    page.get_by_role("button", name="Mark as checked").click()

    with page.expect_navigation():
        page.get_by_role("link", name="Read the document").click()
    assert_accessible(page, "the document")
    main = page.locator("main")
    expect(main).to_contain_text("12 Mill Street, Northgate")
    expect(main).to_contain_text("OFFICIAL-SENSITIVE")
    # Never a fact the record does not hold: the school is not recorded, and it says so.
    expect(main.locator("li", has_text="Which school, college or other setting")).to_be_visible()
    name, text = download(page, "Download this document (PDF)")
    assert name == "childrens-social-care-referral.pdf"
    assert "OFFICIAL-SENSITIVE" in text
    assert "Referral to children's social care" in text
    assert "12 Mill Street, Northgate" in text and "Mother, Jo Kerr" in text
    assert "I owe them for the phone." in text
    assert "School, college or other setting Not recorded" in text

    page.goto(f"{url}/referrals/{referral.pk}/")
    page.get_by_role("link", name="Mark as sent").click()
    sent_on = timezone.localdate() - timedelta(days=7)
    page.get_by_label("Date sent").fill(sent_on.strftime("%-d %-m %Y"))
    page.get_by_label("Phone").check()
    page.get_by_label("Their reference (optional)").fill("MASH-77")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("Their decision is overdue")
    assert_accessible(page, "sent referral with an overdue decision")

    page.goto(f"{url}/cases/")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(referral.reference)
    assert_accessible(page, "queue with the overdue prompt")

    page.goto(f"{url}/cases/{case.pk}/")
    step = page.locator("#pathway + p + ol > li, #pathway ~ ol > li").filter(
        has_text="Refer to children's social care"
    )
    expect(step.first).to_contain_text("Done")
    expect(step.first).to_contain_text("MASH-77")
    expect(
        page.get_by_role("button", name="Prepare Referral to children's social care")
    ).to_have_count(0)
    assert_accessible(page, "case page after sending")

    page.goto(f"{url}/referrals/{referral.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Record their decision").click()
    assert_accessible(page, "record their decision")
    page.get_by_label("An assessment of the child's needs").check()
    page.get_by_label("Date of the decision").fill(timezone.localdate().strftime("%-d %-m %Y"))
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    page.goto(f"{url}/cases/{case.pk}/")
    expect(step.first).to_contain_text("Their decision: An assessment of the child's needs")
    assert Case.objects.get(pk=case.pk).address == "12 Mill Street, Northgate"


def _referral(kind: str, omar, lee) -> Referral:
    if kind == Kind.PASS_TO_FIRST_RESPONDER:
        case = open_case(lee, lee, **child_fields())
        return services.referral_create(case=case, kind=kind, by=lee)
    omar.organisation.ictg_available = True
    omar.organisation.save(update_fields=["ictg_available"])
    if kind == Kind.ADULT_SAFEGUARDING:
        case = adult_case(omar, consent_to_nrm="yes")
        Case.objects.filter(pk=case.pk).update(care_and_support_needs="yes")
        case.refresh_from_db()
        services.case_services.pathway_sync(case=case, by=omar)
    else:
        case = open_case(omar, omar, **child_fields())
    return services.referral_create(case=case, kind=kind, by=omar)


@pytest.mark.parametrize(
    "kind",
    [k for k, s in kinds.REGISTRY.items() if s.document is not None]
    + [Kind.PASS_TO_FIRST_RESPONDER],
)
def test_each_kinds_pdf_downloads_and_reads_right(page: Page, live_server, live_cast, kind):
    omar, lee = live_cast.people["omar"], live_cast.people["lee"]
    referral = _referral(kind, omar, lee)
    lead = referral.case.assigned_lead
    sign_in_as(page.context, live_server.url, lead)
    page.goto(f"{live_server.url}/referrals/{referral.pk}/")
    assert_accessible(page, f"{kind} task list")
    spec = kinds.spec(kind)
    if spec.has_sheet:
        name, text = download(page, "Download the handover pack (PDF, JSON or spreadsheet)")
        assert referral.reference in text
        assert "Handover pack: NRM referral" in text
    else:
        with page.expect_navigation():
            page.get_by_role("link", name="Read the document").click()
        assert_accessible(page, f"{kind} document")
        name, text = download(page, "Download this document (PDF)")
        assert referral.reference in text
        assert "Not recorded" in text
        assert document_of(referral).title in text
    assert name == f"{spec.file_stem}.pdf"
    assert "OFFICIAL-SENSITIVE" in text
