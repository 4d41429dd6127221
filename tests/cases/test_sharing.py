from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from cases import services
from cases.models import ShareDecision
from notices.models import Notice

pytestmark = pytest.mark.django_db


def _share(case, org, by, **kwargs):
    values = {
        "reason": "The council is the first responder",
        "parts": ["summary", "concerns", "screening", "pathway", "chronology"],
        "may_add": False,
    }
    values.update(kwargs)
    return services.case_share(case=case, organisation=org, by=by, **values)


def test_another_organisations_lead_gets_404_until_shared_and_after_revoked(
    as_user, lee, omar, riverside, case
) -> None:
    url = reverse("cases:detail", kwargs={"pk": case.pk})
    chronology = reverse("cases:chronology", kwargs={"pk": case.pk})
    client = as_user(omar)
    assert client.get(url).status_code == 404
    assert client.get(chronology).status_code == 404

    lee_client = as_user(lee)
    response = lee_client.post(
        reverse("cases:share", kwargs={"pk": case.pk}),
        {
            "organisation": str(riverside.pk),
            "reason": "The council is the first responder",
            "parts": ["summary", "chronology"],
            "may_add": "no",
        },
    )
    assert response.status_code == 302
    assert client.get(url).status_code == 200
    assert client.get(chronology).status_code == 200

    share = case.shares.get()
    response = lee_client.post(
        reverse("cases:share-revoke", kwargs={"pk": case.pk, "share_pk": share.pk}),
        {"reason": "The council has finished its enquiries"},
    )
    assert response.status_code == 302
    assert client.get(url).status_code == 404
    assert client.get(chronology).status_code == 404
    share.refresh_from_db()
    assert share.revoked_by == lee
    assert AuditEvent.objects.filter(kind="case-share-revoked", target_id=str(case.pk)).exists()


def test_the_partner_sees_the_case_in_its_queue_while_shared(as_user, lee, omar, riverside, case):
    share = _share(case, riverside, lee)
    page = as_user(omar).get(reverse("cases:queue") + "?tab=shared").content.decode()
    assert case.reference in page
    assert "From Northgate School" in page
    services.share_revoke(share=share, reason="Done", by=lee)
    page = as_user(omar).get(reverse("cases:queue") + "?tab=shared").content.decode()
    assert case.reference not in page


def test_the_partners_leads_are_told_with_a_link_only(lee, omar, riverside, case) -> None:
    _share(case, riverside, lee)
    notice = Notice.objects.get(recipient=omar)
    assert notice.text == "A case has been shared with your organisation"
    assert notice.path == f"/cases/{case.pk}/"


def test_a_partner_reads_only_what_was_shared(as_user, lee, omar, riverside, case) -> None:
    _share(case, riverside, lee, parts=["summary"])
    page = as_user(omar).get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    assert "Dana Petrov" in page
    assert case.links.get().concern.reference not in page  # the concerns were not shared
    assert "Who has seen this record" not in page
    chronology = reverse("cases:chronology", kwargs={"pk": case.pk})
    assert as_user(omar).get(chronology).status_code == 404


def test_a_partner_cannot_change_the_case(as_user, lee, omar, riverside, case) -> None:
    _share(case, riverside, lee, may_add=True)
    client = as_user(omar)
    for name in ("edit", "assign", "decide", "task-add", "share", "no-share"):
        assert client.get(reverse(f"cases:{name}", kwargs={"pk": case.pk})).status_code == 404


def test_a_partner_may_add_notes_only_when_the_share_allows(
    as_user, lee, omar, riverside, case
) -> None:
    url = reverse("cases:note-add", kwargs={"pk": case.pk})
    share = _share(case, riverside, lee)
    assert as_user(omar).post(url, {"text": "We visited"}).status_code == 404
    services.share_revoke(share=share, reason="Changing the terms", by=lee)
    _share(case, riverside, lee, may_add=True)
    assert as_user(omar).post(url, {"text": "We visited"}).status_code == 302
    note = case.notes.get()
    assert (note.by, note.organisation) == (omar, riverside)


def test_a_decision_not_to_share_is_recorded_with_its_reason(as_user, lee, case) -> None:
    response = as_user(lee).post(
        reverse("cases:no-share", kwargs={"pk": case.pk}),
        {"organisation": "", "organisation_name": "Mill Street Car Wash", "reason": "Risk"},
    )
    assert response.status_code == 302
    decision = ShareDecision.objects.get(case=case)
    assert (decision.who, decision.reason, decision.by) == ("Mill Street Car Wash", "Risk", lee)
    event = AuditEvent.objects.get(kind="case-share-declined", target_id=str(case.pk))
    assert "Mill" not in str(event.detail)


def test_a_decision_not_to_share_needs_someone_named(as_user, lee, case) -> None:
    response = as_user(lee).post(
        reverse("cases:no-share", kwargs={"pk": case.pk}),
        {"organisation": "", "organisation_name": "", "reason": "Risk"},
    )
    assert response.status_code == 400
    assert "Select or name the organisation" in response.content.decode()


def test_a_case_cannot_be_shared_twice_with_the_same_organisation(lee, riverside, case) -> None:
    _share(case, riverside, lee)
    with pytest.raises(services.NotAllowed):
        _share(case, riverside, lee)


def test_sharing_needs_a_reason_and_what_is_shared(as_user, lee, riverside, case) -> None:
    response = as_user(lee).post(
        reverse("cases:share", kwargs={"pk": case.pk}),
        {"organisation": str(riverside.pk), "reason": "", "may_add": "no"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter why you are sharing the case" in page
    assert "Select what they will see" in page
