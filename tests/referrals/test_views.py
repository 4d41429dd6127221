"""The referral pages, through their URLs: access, preparing, the step-up exports."""

import csv
import io

import pytest

from audit.models import AuditEvent
from referrals.models import Kind, Referral
from tests.cases.factories import child_fields, open_case
from tests.conftest import PASSWORD
from tests.referrals.factories import make_referral

pytestmark = pytest.mark.django_db


def test_the_case_page_offers_the_pathways_referrals_and_prepares_one(lee, priya, as_user):
    case = open_case(lee, priya, **child_fields())
    client = as_user(lee)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Referrals" in page
    assert f"/referrals/case/{case.pk}/prepare/pass-to-first-responder/" in page
    assert "/prepare/nrm/" not in page  # a school is not a first responder
    response = client.post(f"/referrals/case/{case.pk}/prepare/pass-to-first-responder/")
    referral = Referral.objects.get(case=case)
    assert response["Location"] == f"/referrals/{referral.pk}/"
    assert client.get(f"/referrals/case/{case.pk}/prepare/ictg/").status_code == 405


def test_only_the_cases_own_leads_see_a_referral(lee, priya, omar, as_user):
    referral = make_referral(lee, Kind.PASS_TO_FIRST_RESPONDER)
    assert as_user(lee).get(f"/referrals/{referral.pk}/").status_code == 200
    assert as_user(priya).get(f"/referrals/{referral.pk}/").status_code == 403
    assert as_user(omar).get(f"/referrals/{referral.pk}/").status_code == 404
    assert as_user(omar).get(f"/referrals/{referral.pk}/sheet/").status_code == 404


def test_the_download_needs_the_password_and_is_audited(omar, as_user):
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    client = as_user(omar)
    url = f"/referrals/{referral.pk}/download/"
    assert 'type="password"' in client.get(url).content.decode()
    wrong = client.post(url, {"format": "pdf", "confirm_password": "not it"})
    assert wrong.status_code == 400
    assert not AuditEvent.objects.filter(kind="export").exists()
    response = client.post(url, {"format": "pdf", "confirm_password": PASSWORD})
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == 'attachment; filename="nrm-answer-sheet.pdf"'
    assert referral.reference not in response["Content-Disposition"]
    event = AuditEvent.objects.get(kind="export")
    assert event.detail == {"what": "nrm-answer-sheet", "format": "pdf"}


def test_the_spreadsheet_is_safe_from_formula_injection(omar, as_user):
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    Referral.objects.filter(pk=referral.pk).update(answers={"birthplace": "=HYPERLINK(1)"})
    response = as_user(omar).post(
        f"/referrals/{referral.pk}/download/", {"format": "csv", "confirm_password": PASSWORD}
    )
    assert response["Content-Disposition"] == 'attachment; filename="nrm-answer-sheet.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    birthplace = next(r for r in rows if r[1] == "birthplace")
    assert birthplace[2] == "'=HYPERLINK(1)"


def test_the_printable_sheet_follows_the_form_and_highlights_what_is_missing(omar, as_user):
    referral = make_referral(omar, Kind.DUTY_TO_NOTIFY, person_name="Dana Petrov")
    page = as_user(omar).get(f"/referrals/{referral.pk}/sheet/").content.decode()
    assert page.index("/fr-location") < page.index("/refuse-nrm")
    assert "Missing" in page
    assert "Petrov" not in page  # anonymous without co-operation


def test_a_section_asks_only_what_is_missing_and_keeps_answers_on_error(omar, as_user):
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    client = as_user(omar)
    url = f"/referrals/{referral.pk}/section/about-the-person/"
    page = client.get(url).content.decode()
    assert 'name="pv-gender"' not in page  # the case holds it
    assert 'name="does-pv-have-children"' in page
    response = client.post(
        url,
        {
            "version": referral.version,
            "who-contact": "potential-victim",
            # Not one of the form's own nationalities: refused, with a clear message.
            "pv-nationality-second": "Narnian",
        },
    )
    assert response.status_code == 400
    assert "from the list" in response.content.decode()
    assert 'value="potential-victim" checked' in response.content.decode()


def test_mark_sent_and_record_a_decision(omar, as_user):
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    client = as_user(omar)
    response = client.post(
        f"/referrals/{referral.pk}/sent/",
        {
            "sent_on": "5 1 2026",
            "sent_how": "online-form",
            "their_reference": "X1",
            "version": referral.version,
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    response = client.post(
        f"/referrals/{referral.pk}/decisions/",
        {"rg_decision_on": "12 1 2026", "rg_outcome": "negative", "version": referral.version},
    )
    assert response.status_code == 302
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Last day to ask for reconsideration" in page
