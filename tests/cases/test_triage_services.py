from __future__ import annotations

import pytest

from audit.models import AuditEvent
from cases import services
from cases.models import CaseStatus, ItemState
from concerns.models import Status
from notices.models import Notice
from tests.cases.factories import make_concern

pytestmark = pytest.mark.django_db


def test_opening_a_case_copies_the_person_and_takes_the_concern(lee, priya, lee2) -> None:
    concern = make_concern(priya, date_of_birth=None)
    case = services.case_open(concern=concern, lead=lee2, by=lee)
    concern.refresh_from_db()
    assert concern.status == Status.BEING_LOOKED_AT
    assert case.links.get().concern == concern
    assert case.person_name == "Dana Petrov"
    assert case.organisation == priya.organisation
    assert case.nation == "england"
    assert case.status == CaseStatus.OPEN
    assert case.assigned_lead == lee2
    assert case.reference.startswith("CS-")
    assert set(case.types.values_list("type", flat=True)) == {"labour"}
    assert not case.treated_as_child


def test_opening_a_case_builds_the_pathway_checklist(lee, priya) -> None:
    case = services.case_open(concern=make_concern(priya), lead=lee, by=lee)
    items = {i.action: i for i in case.pathway_items.all()}
    # An adult not yet asked about consent, at a school (not a first responder).
    assert "seek-informed-consent" in items
    assert items["seek-informed-consent"].state == ItemState.PENDING
    assert items["tell-safeguarding-lead"].state == ItemState.DONE
    assert case.pathway_items.first().action == "tell-safeguarding-lead"


def test_the_assigned_lead_gets_a_notice_without_personal_data(lee, priya, lee2) -> None:
    case = services.case_open(concern=make_concern(priya), lead=lee2, by=lee)
    notice = Notice.objects.get(recipient=lee2)
    assert notice.kind == "case-assigned"
    assert notice.text == "A case has been assigned to you"
    assert notice.path == f"/cases/{case.pk}/"
    assert "Dana" not in notice.text
    assert not Notice.objects.filter(recipient=lee).exists()


def test_triage_is_audited_on_the_case_and_the_concern(lee, priya) -> None:
    concern = make_concern(priya)
    case = services.case_open(concern=concern, lead=lee, by=lee)
    assert AuditEvent.objects.filter(kind="case-opened", target_id=str(case.pk)).exists()
    event = AuditEvent.objects.get(kind="concern-triaged", target_id=str(concern.pk))
    assert event.detail == {"case": str(case.pk), "how": "new-case"}


def test_a_concern_can_be_triaged_only_once(lee, priya, lee2) -> None:
    concern = make_concern(priya)
    services.case_open(concern=concern, lead=lee, by=lee)
    with pytest.raises(services.AlreadyTriaged):
        services.case_open(concern=concern, lead=lee2, by=lee2)


def test_adding_a_concern_to_a_case_joins_it_and_fills_the_gaps(lee, priya, case) -> None:
    second = make_concern(
        priya,
        indicators=("household-servant",),
        nationality="Romanian",
        immediate_danger="yes",
    )
    services.case_add_concern(case=case, concern=second, by=lee)
    case.refresh_from_db()
    second.refresh_from_db()
    assert second.status == Status.BEING_LOOKED_AT
    assert case.links.count() == 2
    assert set(case.types.values_list("type", flat=True)) == {"labour", "domestic-servitude"}
    assert case.immediate_danger == "yes"
    assert case.pathway_items.filter(action="call-999", state=ItemState.PENDING).exists()
    assert case.version == 2


def test_a_concern_cannot_join_another_organisations_case(lee, omar, make_person, case) -> None:
    from accounts.models import Organisation

    riverside_worker = make_person(Organisation.objects.get(name="Riverside Council"), "lead")
    other = make_concern(riverside_worker)
    with pytest.raises(services.NotAllowed):
        services.case_add_concern(case=case, concern=other, by=omar)
