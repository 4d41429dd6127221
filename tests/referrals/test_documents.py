"""A document for every kind without an answer sheet: it says only what the record holds
("Not recorded" otherwise, and lists what is still needed), asks the lead once for the facts the
case lacks, and downloads as a PDF marked OFFICIAL-SENSITIVE behind the password, audited,
under a fixed file name."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from audit.models import AuditEvent
from cases.models import Case
from referrals import kinds, services
from referrals.documents import NOT_RECORDED
from referrals.models import Kind, Referral
from referrals.presenters import document_of
from tests.cases.factories import child_fields, open_case
from tests.conftest import PASSWORD
from tests.referrals.factories import adult_case

pytestmark = pytest.mark.django_db

DOCUMENT_KINDS = [k for k, s in kinds.REGISTRY.items() if s.document is not None]


def referral_of(kind: str, omar) -> Referral:
    omar.organisation.ictg_available = True
    omar.organisation.save(update_fields=["ictg_available"])
    if kind == Kind.ADULT_SAFEGUARDING:
        case = adult_case(omar, consent_to_nrm="yes")
        Case.objects.filter(pk=case.pk).update(care_and_support_needs="yes")
        case.refresh_from_db()
        services.case_services.pathway_sync(case=case, by=omar)
    else:
        case = open_case(
            omar, omar, **child_fields(), their_words="He said he owes them for the phone."
        )
    return services.referral_create(case=case, kind=kind, by=omar)


def rows(document) -> dict[str, str]:
    return {r.label: r.value for p in document.parts for r in p.rows}


def pdf_text(content: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())  # lines wrap where the page is full


@pytest.mark.parametrize("kind", DOCUMENT_KINDS)
def test_a_document_says_not_recorded_and_lists_what_is_still_needed(kind, omar) -> None:
    referral = referral_of(kind, omar)
    document = document_of(referral)
    found = rows(document)
    assert found["Address"] == NOT_RECORDED
    assert found["On what lawful basis are you sharing this?"] == NOT_RECORDED
    assert "Where do they live?" in document.still_needed
    assert found["Signpost reference"] == referral.reference
    if referral.case.treated_as_child:
        assert found["Parents and carers"] == NOT_RECORDED
        assert "Who are their parents or carers?" in document.still_needed
        assert (
            "He said he owes them for the phone."
            in found["What the person said, in their own words"]
        )
    else:
        assert "Parents and carers" not in found


def test_the_lead_answers_once_and_every_document_of_the_case_has_it(omar, as_user) -> None:
    referral = referral_of(Kind.CHILDRENS_SOCIAL_CARE, omar)
    client = as_user(omar)
    url = f"/referrals/{referral.pk}/section/where-they-live/"
    page = client.get(url).content.decode()
    assert 'name="address"' in page and 'name="school_or_setting"' in page
    response = client.post(
        url,
        {
            "version": referral.version,
            "address": "12 Mill Street, Northgate",
            "parents_and_carers": "Mother, Jo Kerr",
            "school_or_setting": "",
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert "where-they-live" in referral.completed_sections
    case = Case.objects.get(pk=referral.case_id)
    assert case.address == "12 Mill Street, Northgate"
    found = rows(document_of(referral))
    assert found["Address"] == "12 Mill Street, Northgate"
    assert found["School, college or other setting"] == NOT_RECORDED
    # The police referral on the same case does not ask again.
    police = services.referral_create(case=case, kind=Kind.POLICE, by=omar)
    document = document_of(police)
    assert rows(document)["Parents and carers"] == "Mother, Jo Kerr"
    assert "Where do they live?" not in document.still_needed
    assert "Which school, college or other setting do they attend?" in document.still_needed
    # Only keys are audited, never what was typed.
    event = AuditEvent.objects.filter(kind="referral-answered").latest("at")
    assert "Mill Street" not in str(event.detail)


def test_a_kinds_own_answers_stay_on_the_referral_and_choices_are_checked(omar, as_user) -> None:
    referral = referral_of(Kind.CHILDRENS_SOCIAL_CARE, omar)
    url = f"/referrals/{referral.pk}/section/for-childrens-social-care/"
    client = as_user(omar)
    bad = client.post(url, {"version": referral.version, "parents_know": "perhaps"})
    assert bad.status_code == 400
    ok = client.post(
        url,
        {
            "version": referral.version,
            "parents_know": "no",
            "parents_know_why_not": "Telling them could put him at risk.",
            "lawful_basis": "safeguarding",
        },
    )
    assert ok.status_code == 302
    referral.refresh_from_db()
    assert referral.details["parents_know"] == "no"
    found = rows(document_of(referral))
    assert found["Do the child's parents or carers know about this referral?"] == "No"
    assert found["On what lawful basis are you sharing this?"].startswith("To safeguard")
    assert found["What has been done so far to keep them safe?"] == NOT_RECORDED


@pytest.mark.parametrize("kind", DOCUMENT_KINDS)
def test_each_kinds_pdf_downloads_behind_the_password_marked_and_audited(
    kind, omar, as_user
) -> None:
    referral = referral_of(kind, omar)
    client = as_user(omar)
    url = f"/referrals/{referral.pk}/download/"
    page = client.get(url).content.decode()
    assert 'type="password"' in page and 'name="format"' not in page
    assert client.post(url, {"confirm_password": "not it"}).status_code == 400
    assert not AuditEvent.objects.filter(kind="export").exists()
    response = client.post(url, {"confirm_password": PASSWORD})
    assert response["Content-Type"] == "application/pdf"
    stem = kinds.spec(kind).file_stem
    assert response["Content-Disposition"] == f'attachment; filename="{stem}.pdf"'
    text = pdf_text(response.content)
    assert "OFFICIAL-SENSITIVE" in text
    assert document_of(referral).title in text
    assert referral.reference in text
    assert "Not recorded" in text
    assert f"For {document_of(referral).to}" in text
    assert AuditEvent.objects.get(kind="export").detail == {"what": stem, "format": "pdf"}


def test_the_document_page_is_for_the_cases_own_leads_only(omar, lee, priya, as_user) -> None:
    referral = referral_of(Kind.POLICE, omar)
    url = f"/referrals/{referral.pk}/document/"
    page = as_user(omar).get(url)
    assert page.status_code == 200
    assert "Still needed" in page.content.decode()
    assert as_user(lee).get(url).status_code == 404
    assert as_user(priya).get(url).status_code == 403
    sheet_kind = services.referral_create(
        case=adult_case(omar, consent_to_nrm="yes"), kind=Kind.NRM, by=omar
    )
    assert as_user(omar).get(f"/referrals/{sheet_kind.pk}/document/").status_code == 404


def test_a_childrens_decision_is_recorded_on_the_referral(omar, as_user) -> None:
    referral = referral_of(Kind.CHILDRENS_SOCIAL_CARE, omar)
    client = as_user(omar)
    early = client.post(
        f"/referrals/{referral.pk}/decisions/",
        {"version": referral.version, "decision": "assessment", "decision_on": "3 11 2026"},
    )
    assert "record the referral as sent first" in early.content.decode()
    Referral.objects.filter(pk=referral.pk).update(status="sent", sent_on="2026-11-02")
    referral.refresh_from_db()
    url = f"/referrals/{referral.pk}/decisions/"
    page = client.get(url).content.decode()
    assert "Working Together to Safeguard Children 2023" in page
    missing = client.post(url, {"version": referral.version})
    assert "Select what they decided" in missing.content.decode()
    response = client.post(
        url,
        {"version": referral.version, "decision": "assessment", "decision_on": "3 11 2026"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.decision == "assessment"
    detail = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "An assessment of the child&#x27;s needs" in detail


@pytest.mark.parametrize(
    ("kind", "nation", "to"),
    [
        (Kind.ICTG, "england", "the Independent Child Trafficking Guardian service"),
        (Kind.ICTG, "scotland", "the Scottish Guardianship Service"),
        (Kind.ICTG, "northern-ireland", "the Independent Guardian Service"),
        (Kind.CHILDRENS_SOCIAL_CARE, "northern-ireland", "Health and Social Care Trust"),
        (Kind.POLICE, "scotland", "Police Scotland"),
    ],
)
def test_each_document_is_addressed_in_the_nations_own_words(omar, kind, nation, to) -> None:
    referral = referral_of(kind, omar)
    Case.objects.filter(pk=referral.case_id).update(nation=nation)
    referral = Referral.objects.select_related("case").get(pk=referral.pk)
    assert to in document_of(referral).to


def test_why_the_parents_do_not_know_is_not_needed_once_they_know(omar) -> None:
    referral = referral_of(Kind.CHILDRENS_SOCIAL_CARE, omar)
    assert "If they do not know, why not?" in document_of(referral).still_needed
    Referral.objects.filter(pk=referral.pk).update(details={"parents_know": "yes"})
    referral.refresh_from_db()
    document = document_of(referral)
    assert "If they do not know, why not?" not in document.still_needed
    assert "If they do not know, why not?" not in rows(document)
    # The person's facts are with the person, not repeated among the lead's answers.
    labels = [r.label for p in document.parts for r in p.rows]
    assert labels.count("Address") == 1 and "Where do they live?" not in labels
