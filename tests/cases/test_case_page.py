from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from cases import services
from guidance.catalogue import get_catalogue

pytestmark = pytest.mark.django_db


def _url(case) -> str:
    return reverse("cases:detail", kwargs={"pk": case.pk})


def test_the_case_page_shows_the_person_concerns_screening_and_pathway(as_user, lee, case):
    page = as_user(lee).get(_url(case)).content.decode()
    concern = case.links.get().concern
    assert "Dana Petrov" in page
    assert f"Concern {concern.reference}" in page
    assert f"catalogue version {get_catalogue().version}" in page
    assert "Ask for their informed consent to an NRM referral" in page
    assert "Who has seen this record" in page


def test_every_view_of_the_case_is_audited_and_listed(as_user, lee, lee2, case) -> None:
    as_user(lee2).get(_url(case))
    page = as_user(lee).get(_url(case)).content.decode()
    assert AuditEvent.objects.filter(kind="case-viewed", target_id=str(case.pk)).count() == 2
    assert "Kim Adeyemi" in page
    assert "Lee Morgan" in page


def test_other_roles_get_403_and_other_organisations_404(as_user, priya, ada, ana, omar, case):
    for person in (priya, ada, ana):
        assert as_user(person).get(_url(case)).status_code == 403
    assert as_user(omar).get(_url(case)).status_code == 404


def test_marking_a_pathway_action_done_needs_the_date(as_user, lee, case) -> None:
    url = reverse("cases:pathway-item", kwargs={"pk": case.pk, "action": "seek-informed-consent"})
    client = as_user(lee)
    response = client.post(url, {"state": "done", "done_on": "", "note": ""})
    assert response.status_code == 400
    assert "Enter the date it was done" in response.content.decode()
    response = client.post(url, {"state": "not-needed", "note": ""})
    assert "Enter why this action is not needed" in response.content.decode()
    response = client.post(url, {"state": "done", "done_on": "2 3 2026", "note": "Asked"})
    assert response.status_code == 302
    item = case.pathway_items.get(action="seek-informed-consent")
    assert (item.state, item.done_on.isoformat(), item.note) == ("done", "2026-03-02", "Asked")


def test_an_action_not_on_the_case_is_404(as_user, lee, case) -> None:
    url = reverse("cases:pathway-item", kwargs={"pk": case.pk, "action": "call-999"})
    assert as_user(lee).get(url).status_code == 404


def test_changing_the_facts_on_the_page_recomputes_the_pathway(as_user, lee, case) -> None:
    from tests.cases.test_locking import _details

    client = as_user(lee)
    response = client.post(
        reverse("cases:edit", kwargs={"pk": case.pk}), _details(case, consent_to_nrm="yes")
    )
    assert response.status_code == 302
    page = client.get(_url(case)).content.decode()
    assert "The pathway has changed" in page
    assert "Make a National Referral Mechanism (NRM) referral" in page
    assert "No longer on the pathway" in page


def test_a_task_is_added_with_a_working_day_due_date_and_marked_done(as_user, lee, case):
    client = as_user(lee)
    response = client.post(
        reverse("cases:task-add", kwargs={"pk": case.pk}),
        {"title": "Ring the council", "working_days": "3", "assigned_to": str(lee.pk)},
    )
    assert response.status_code == 302
    task = case.tasks.get()
    url = reverse("cases:task-done", kwargs={"pk": case.pk, "task_pk": task.pk})
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    task.refresh_from_db()
    assert task.done_by == lee


def test_a_lead_is_assigned_from_the_case_page(as_user, lee, lee2, case) -> None:
    response = as_user(lee).post(
        reverse("cases:assign", kwargs={"pk": case.pk}),
        {"version": case.version, "lead": str(lee2.pk)},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assigned_lead == lee2


def test_a_lead_cannot_be_someone_from_another_organisation(as_user, lee, omar, case) -> None:
    response = as_user(lee).post(
        reverse("cases:assign", kwargs={"pk": case.pk}),
        {"version": case.version, "lead": str(omar.pk)},
    )
    assert response.status_code == 400


def test_notes_appear_on_the_case(as_user, lee, case) -> None:
    services.note_add(case=case, text="Spoke to her manager", by=lee)
    assert "Spoke to her manager" in as_user(lee).get(_url(case)).content.decode()
