"""Issue 14: a First Responder's own details and the organisation's referral details, asked once
and remembered, each change audited (field names only)."""

from __future__ import annotations

import pytest

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_person_gives_their_job_title_and_phone_once(omar, as_user) -> None:
    client = as_user(omar)
    assert client.get("/account/details/").status_code == 200
    response = client.post(
        "/account/details/", {"job_title": " Safeguarding officer ", "phone": "01632 960 114"}
    )
    assert response.status_code == 302
    omar.refresh_from_db()
    assert (omar.job_title, omar.phone) == ("Safeguarding officer", "01632 960 114")
    event = AuditEvent.objects.filter(kind="user-details-changed").latest("at")
    assert "Safeguarding" not in str(event.detail)
    assert "Safeguarding officer" in client.get("/account/").content.decode()


def test_a_bad_phone_number_is_refused_and_kept(omar, as_user) -> None:
    response = as_user(omar).post("/account/details/", {"job_title": "X", "phone": "call me"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a phone number" in page
    assert 'value="call me"' in page


def test_next_goes_back_only_to_this_site(omar, as_user) -> None:
    client = as_user(omar)
    ok = client.post("/account/details/", {"job_title": "X", "next": "/referrals/deadlines/"})
    assert ok["Location"] == "/referrals/deadlines/"
    away = client.post("/account/details/", {"job_title": "X", "next": "https://evil.example/"})
    assert away["Location"] == "/account/"


def test_an_admin_sets_the_organisations_referral_details(ada, as_user) -> None:
    client = as_user(ada)
    page = client.get("/referrals/organisation-details/").content.decode()
    assert "data-signpost-autocomplete" in page
    assert "Kirklees Council" in page
    response = client.post(
        "/referrals/organisation-details/",
        {"nrm_organisation": "Leeds City Council", "team_inbox": "Safeguarding@Northgate.example"},
    )
    assert response.status_code == 302
    ada.organisation.refresh_from_db()
    assert ada.organisation.nrm_organisation == "Leeds City Council"
    assert ada.organisation.team_inbox == "safeguarding@northgate.example"
    assert AuditEvent.objects.filter(kind="organisation-referral-details-changed").exists()


def test_only_the_forms_own_organisations_are_accepted(ada, as_user) -> None:
    response = as_user(ada).post(
        "/referrals/organisation-details/",
        {"nrm_organisation": "Northgate School", "team_inbox": ""},
    )
    assert response.status_code == 400
    ada.organisation.refresh_from_db()
    assert ada.organisation.nrm_organisation == ""


def test_only_admins_set_the_organisations_details(omar, as_user) -> None:
    assert as_user(omar).get("/referrals/organisation-details/").status_code == 403
