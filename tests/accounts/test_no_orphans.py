"""No orphans (issue 15 item 6): a lead with open cases or tasks keeps the lead role, and
stays active, until the admin names another lead to take the work over; done in one service
function, audited, refused with a clear error when there is no other lead."""

from __future__ import annotations

import pytest

from accounts import services
from accounts.models import User
from audit.models import AuditEvent
from cases import services as case_services
from cases.models import Case, Task
from notices.models import Notice
from tests.cases.factories import open_case
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def kim(make_person, northgate) -> User:
    return make_person(northgate, "lead", full_name="Kim Adeyemi")


@pytest.fixture
def work(lee, priya) -> tuple[Case, Task]:
    case = open_case(lee, priya)
    case.refresh_from_db()
    task = case_services.task_add(
        case=case, title="Ring the council", working_days=2, assigned_to=lee, by=lee
    )
    return case, task


def test_removing_the_lead_role_without_a_new_lead_is_refused_and_changes_nothing(
    work, lee, ada, kim
) -> None:
    with pytest.raises(services.OpenWorkNotReassigned, match="1 open case and 1 open task"):
        services.person_set_roles(person=lee, roles=["practitioner"], by=ada)
    lee._role_cache = None
    assert "lead" in lee.role_set()
    assert not AuditEvent.objects.filter(kind="roles-changed").exists()


def test_removing_the_lead_role_gives_the_work_to_the_named_lead_in_one_go(
    work, lee, ada, kim
) -> None:
    case, task = work
    services.person_set_roles(person=lee, roles=["practitioner"], by=ada, reassign_to=kim)
    case.refresh_from_db()
    task.refresh_from_db()
    assert case.assigned_lead == kim and task.assigned_to == kim
    event = AuditEvent.objects.get(kind="lead-work-reassigned")
    assert event.detail == {
        "to": str(kim.pk),
        "cases": 1,
        "tasks": 1,
        "then": "lead-role-removed",
    }
    assert event.actor == ada and event.target_id == str(lee.pk)
    assert AuditEvent.objects.filter(kind="case-task-reassigned", target_id=str(case.pk)).exists()
    assigned = AuditEvent.objects.filter(kind="case-assigned", target_id=str(case.pk)).latest("id")
    assert assigned.detail["reassigned_from"] == str(lee.pk)
    assert Notice.objects.filter(recipient=kim, kind="case-assigned").exists()
    assert "lead" not in User.objects.get(pk=lee.pk).role_set()


def test_the_work_cannot_go_to_someone_who_is_not_another_lead(work, lee, ada, priya, omar):
    for wrong in (priya, omar, lee):
        with pytest.raises(services.OpenWorkNotReassigned):
            services.person_set_roles(person=lee, roles=[], by=ada, reassign_to=wrong)
    assert Case.objects.get(pk=work[0].pk).assigned_lead == lee


def test_with_no_other_lead_the_admin_is_told_what_to_do(work, lee, ada) -> None:
    with pytest.raises(services.OpenWorkNotReassigned, match="Give someone else the safeguarding"):
        services.person_deactivate(person=lee, by=ada)
    lee.refresh_from_db()
    assert lee.is_active


def test_deactivating_a_lead_reassigns_first(work, lee, ada, kim) -> None:
    services.person_deactivate(person=lee, by=ada, reassign_to=kim)
    lee.refresh_from_db()
    assert not lee.is_active
    assert Case.objects.get(pk=work[0].pk).assigned_lead == kim
    assert AuditEvent.objects.get(kind="lead-work-reassigned").detail["then"] == "deactivated"


def test_a_lead_without_open_work_loses_the_role_without_questions(lee, ada) -> None:
    services.person_set_roles(person=lee, roles=["practitioner"], by=ada)
    assert not AuditEvent.objects.filter(kind="lead-work-reassigned").exists()


def test_the_roles_page_asks_for_the_new_lead_and_keeps_what_was_chosen(
    work, lee, ada, kim, as_user
) -> None:
    client = as_user(ada)
    url = f"/people/{lee.pk}/roles/"
    page = client.get(url).content.decode()
    assert "has 1 open case and 1 open task" in page
    assert "Kim Adeyemi" in page
    refused = client.post(url, {"roles": ["practitioner"], "confirm_password": PASSWORD})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Choose the lead who takes them over" in html
    assert 'value="practitioner" checked' in html
    done = client.post(
        url,
        {"roles": ["practitioner"], "reassign_to": str(kim.pk), "confirm_password": PASSWORD},
    )
    assert done.status_code == 302
    assert Case.objects.get(pk=work[0].pk).assigned_lead == kim


def test_the_deactivate_page_refuses_clearly_when_no_other_lead_exists(
    work, lee, ada, as_user
) -> None:
    response = as_user(ada).post(f"/people/{lee.pk}/access/", {"confirm_password": PASSWORD})
    assert response.status_code == 400
    assert "no other safeguarding lead" in response.content.decode()
    lee.refresh_from_db()
    assert lee.is_active


def test_the_case_chronology_says_who_took_the_work_over(work, lee, ada, kim) -> None:
    from cases.chronology import case_chronology
    from cases.selectors import case_access

    case, _task = work
    services.person_set_roles(person=lee, roles=["practitioner"], by=ada, reassign_to=kim)
    lines = {e.title: e for e in case_chronology(case, access=case_access(kim, case))}
    assert "Taken over from Lee" in lines["Assigned to Kim Adeyemi"].extra
    assert "Task given to Kim Adeyemi: Ring the council" in lines
