from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from cases.models import Case
from concerns.models import Status
from tests.cases.factories import make_concern, open_case

pytestmark = pytest.mark.django_db


def _url(concern) -> str:
    return reverse("cases:triage", kwargs={"pk": concern.pk})


def test_triage_opens_a_new_case_with_the_chosen_lead(as_user, lee, lee2, concern) -> None:
    response = as_user(lee).post(_url(concern), {"choice": "new", "lead": str(lee2.pk)})
    case = Case.objects.get(links__concern=concern)
    assert response["Location"] == reverse("cases:detail", kwargs={"pk": case.pk})
    assert case.assigned_lead == lee2


def test_triage_suggests_a_likely_case_and_adds_the_concern_to_it(as_user, lee, priya) -> None:
    case = open_case(lee, priya)
    concern = make_concern(priya)
    client = as_user(lee)
    page = client.get(_url(concern)).content.decode()
    assert f"Add it to case {case.reference}" in page
    assert "Same name" in page
    response = client.post(_url(concern), {"choice": str(case.pk), "lead": str(lee.pk)})
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.status == Status.BEING_LOOKED_AT
    assert concern.case_link.case == case


def test_triage_without_a_choice_shows_errors(as_user, lee, concern) -> None:
    response = as_user(lee).post(_url(concern), {})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select whether to open a new case or add it to a case" in page
    assert "Select the safeguarding lead for the case" in page


def test_a_triaged_concern_leads_to_its_case(as_user, lee, case) -> None:
    concern = case.links.get().concern
    response = as_user(lee).get(_url(concern))
    assert response["Location"] == reverse("cases:detail", kwargs={"pk": case.pk})


def test_reading_a_concern_for_triage_is_audited(as_user, lee, concern) -> None:
    as_user(lee).get(_url(concern))
    assert AuditEvent.objects.filter(kind="concern-viewed", target_id=str(concern.pk)).exists()


def test_another_organisations_lead_gets_404(as_user, omar, concern) -> None:
    assert as_user(omar).get(_url(concern)).status_code == 404
    assert as_user(omar).post(_url(concern), {"choice": "new"}).status_code == 404


def test_a_case_of_another_organisation_cannot_be_chosen(as_user, lee, omar, priya) -> None:
    theirs = open_case(omar, omar)
    concern = make_concern(priya)
    response = as_user(lee).post(_url(concern), {"choice": str(theirs.pk), "lead": str(lee.pk)})
    assert response.status_code == 400
    assert theirs.links.count() == 1


def test_triage_adds_the_concern_to_a_case_named_by_its_reference(as_user, lee, priya) -> None:
    case = open_case(lee, priya, person_name="Sam Kerr", person_description="Boy, station")
    concern = make_concern(priya, person_name="", person_description="Girl at the bus stop")
    client = as_user(lee)
    data = {"choice": "other", "case_reference": "", "lead": str(lee.pk)}
    response = client.post(_url(concern), data)
    assert response.status_code == 400
    assert "Enter the reference of the case" in response.content.decode()
    response = client.post(_url(concern), {**data, "case_reference": "CS-NOPE-NOPE"})
    assert "Enter the reference of an open case of your organisation" in response.content.decode()
    response = client.post(_url(concern), {**data, "case_reference": case.reference.lower()})
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.case_link.case == case


def test_a_case_of_another_organisation_cannot_be_named_by_reference(as_user, lee, omar, priya):
    theirs = open_case(omar, omar)
    concern = make_concern(priya)
    response = as_user(lee).post(
        _url(concern), {"choice": "other", "case_reference": theirs.reference, "lead": str(lee.pk)}
    )
    assert response.status_code == 400
