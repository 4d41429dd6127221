from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from audit.models import AuditEvent
from learning.models import ActionItem, ReflectionSession
from learning.services import action_item_create, action_item_set_status

pytestmark = pytest.mark.django_db

SESSION_FORM = {
    "held_on_0": "2",
    "held_on_1": "3",
    "held_on_2": "2026",
    "team": "Pastoral team",
    "questions": ["where-we-meet", "who-to-tell"],
    "findings": "Not everyone knew who the lead was.",
}


def test_a_lead_records_a_reflection_session(lee, priya, as_user) -> None:
    data = {**SESSION_FORM, "participants": [str(lee.pk), str(priya.pk)]}
    response = as_user(lee).post(reverse("learning:session-new"), data)
    assert response.status_code == 302
    session = ReflectionSession.objects.get()
    assert response["Location"] == reverse("learning:session", args=[session.pk])
    assert session.held_on == date(2026, 3, 2)
    assert set(session.participants.all()) == {lee, priya}
    assert session.questions == ["where-we-meet", "who-to-tell"]
    event = AuditEvent.objects.get(kind="reflection-session-created")
    assert "Not everyone" not in str(event.detail)


def test_a_session_form_with_mistakes_shows_govuk_errors_and_keeps_answers(lee, as_user) -> None:
    data = {**SESSION_FORM, "held_on_0": "31", "held_on_1": "2", "team": ""}
    response = as_user(lee).post(reverse("learning:session-new"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "The date of the session must be a real date" in page
    assert "Enter the team or group" in page
    assert "Select at least one person who took part" in page
    assert 'href="#id_held_on"' in page
    assert 'value="31"' in page
    assert "Not everyone knew who the lead was." in page


def test_a_partial_date_says_what_is_missing(lee, as_user) -> None:
    data = {**SESSION_FORM, "held_on_1": "", "held_on_2": ""}
    response = as_user(lee).post(reverse("learning:session-new"), data)
    assert "The date of the session must include a month and a year" in response.content.decode()


def test_someone_from_another_organisation_cannot_take_part(lee, omar, as_user) -> None:
    data = {**SESSION_FORM, "participants": [str(omar.pk)]}
    response = as_user(lee).post(reverse("learning:session-new"), data)
    assert response.status_code == 400
    assert not ReflectionSession.objects.exists()


def test_practitioners_and_analysts_cannot_record_or_change_sessions(
    cast, northgate_session, as_user
) -> None:
    for key in ("priya", "ana"):
        client = as_user(cast.people[key])
        assert client.get(reverse("learning:session-new")).status_code == 403
        edit = reverse("learning:session-edit", args=[northgate_session.pk])
        assert client.post(edit, SESSION_FORM).status_code == 403
        new_action = reverse("learning:action-new", args=[northgate_session.pk])
        assert client.get(new_action).status_code == 403


def test_the_organisations_staff_see_its_sessions_and_plans(
    cast, northgate_session, priyas_action, as_user
) -> None:
    for key in ("priya", "lee", "ada"):
        client = as_user(cast.people[key])
        page = client.get(reverse("learning:session", args=[northgate_session.pk]))
        assert page.status_code == 200
        assert "Put the helpline number in the staff handbook" in page.content.decode()
        assert "Pastoral team" in client.get(reverse("learning:sessions")).content.decode()


def test_another_organisation_gets_not_found(
    omar, northgate_session, priyas_action, as_user
) -> None:
    client = as_user(omar)
    for name in ("learning:session", "learning:session-print", "learning:session-edit"):
        assert client.get(reverse(name, args=[northgate_session.pk])).status_code == 404
    assert client.get(reverse("learning:action-edit", args=[priyas_action.pk])).status_code == 404
    status = reverse("learning:action-status", args=[priyas_action.pk])
    assert client.post(status, {"status": "done"}).status_code == 404
    assert "Pastoral team" not in client.get(reverse("learning:sessions")).content.decode()


def test_a_lead_changes_the_session(lee, ada, northgate_session, as_user) -> None:
    url = reverse("learning:session-edit", args=[northgate_session.pk])
    page = as_user(lee).get(url).content.decode()
    assert 'value="2026"' in page and "Half the team" in page
    data = {**SESSION_FORM, "team": "Year 9 team", "participants": [str(ada.pk)]}
    assert as_user(lee).post(url, data).status_code == 302
    northgate_session.refresh_from_db()
    assert northgate_session.team == "Year 9 team"
    assert list(northgate_session.participants.all()) == [ada]
    assert AuditEvent.objects.filter(kind="reflection-session-updated").count() == 1


def test_a_lead_adds_an_action_with_an_owner_and_a_due_date(
    lee, priya, northgate_session, as_user
) -> None:
    url = reverse("learning:action-new", args=[northgate_session.pk])
    data = {
        "description": "Add the helpline to the handbook",
        "owner": str(priya.pk),
        "due_date_0": "30",
        "due_date_1": "4",
        "due_date_2": "2026",
    }
    assert as_user(lee).post(url, data).status_code == 302
    action = ActionItem.objects.get()
    assert (action.owner, action.due_date, action.status) == (priya, date(2026, 4, 30), "todo")
    assert AuditEvent.objects.filter(kind="action-item-created", target_id=str(action.pk)).exists()


def test_an_action_form_with_mistakes_shows_govuk_errors(lee, omar, northgate_session, as_user):
    url = reverse("learning:action-new", args=[northgate_session.pk])
    response = as_user(lee).post(url, {"owner": str(omar.pk)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter the action" in page
    assert "Enter the due date" in page
    assert "Select a valid choice" in page or "Select who owns the action" in page


def test_a_lead_changes_an_action_and_completes_it(lee, ada, priyas_action, as_user) -> None:
    url = reverse("learning:action-edit", args=[priyas_action.pk])
    data = {
        "description": "Updated",
        "owner": str(ada.pk),
        "due_date_0": "1",
        "due_date_1": "5",
        "due_date_2": "2026",
        "status": "done",
    }
    assert as_user(lee).post(url, data).status_code == 302
    priyas_action.refresh_from_db()
    assert priyas_action.owner == ada and priyas_action.status == "done"
    assert priyas_action.completed_at is not None


def test_the_owner_marks_their_action_in_progress_then_done(priya, priyas_action, as_user):
    client = as_user(priya)
    url = reverse("learning:action-status", args=[priyas_action.pk])
    assert client.post(url, {"status": "in-progress"}).status_code == 302
    priyas_action.refresh_from_db()
    assert priyas_action.status == "in-progress" and priyas_action.completed_at is None
    response = client.post(url, {"status": "done", "back": "mine"})
    assert response["Location"] == reverse("learning:my-actions")
    priyas_action.refresh_from_db()
    assert priyas_action.status == "done" and priyas_action.completed_at is not None
    events = AuditEvent.objects.filter(kind="action-item-status-changed")
    assert [e.detail for e in events] == [
        {"from": "todo", "to": "in-progress"},
        {"from": "in-progress", "to": "done"},
    ]


def test_someone_who_is_not_the_owner_cannot_mark_it_done(ana, priyas_action, as_user) -> None:
    url = reverse("learning:action-status", args=[priyas_action.pk])
    assert as_user(ana).post(url, {"status": "done"}).status_code == 403
    with pytest.raises(PermissionDenied):
        action_item_set_status(action=priyas_action, by=ana, status="done")
    priyas_action.refresh_from_db()
    assert priyas_action.status == "todo"


def test_the_status_button_only_accepts_a_post_with_a_known_status(
    priya, priyas_action, as_user
) -> None:
    url = reverse("learning:action-status", args=[priyas_action.pk])
    assert as_user(priya).get(url).status_code == 405
    assert as_user(priya).post(url, {"status": "finished"}).status_code == 400


def test_the_owner_sees_the_button_and_others_do_not(
    priya, ana, northgate_session, priyas_action, as_user
):
    url = reverse("learning:session", args=[northgate_session.pk])
    assert "Mark as done" in as_user(priya).get(url).content.decode()
    assert "Mark as done" not in as_user(ana).get(url).content.decode()


def test_an_action_cannot_be_given_to_someone_in_another_organisation(
    lee, omar, northgate_session
) -> None:
    with pytest.raises(PermissionDenied):
        action_item_create(
            session=northgate_session,
            by=lee,
            description="x",
            owner=omar,
            due_date=date(2026, 4, 1),
        )


def test_the_printable_plan_hides_menus_and_buttons_when_printed(
    priya, northgate_session, priyas_action, as_user
) -> None:
    page = as_user(priya).get(reverse("learning:session-print", args=[northgate_session.pk]))
    text = page.content.decode()
    assert "Action plan: Pastoral team" in text
    assert "Put the helpline number in the staff handbook" in text
    assert "signpost-no-print" in text
    assert "Mark as done" not in text


def test_your_actions_lists_only_your_open_actions(priya, lee, priyas_action, as_user) -> None:
    page = as_user(priya).get(reverse("learning:my-actions")).content.decode()
    assert "Put the helpline number in the staff handbook" in page
    assert (
        "helpline number in the staff handbook"
        not in as_user(lee).get(reverse("learning:my-actions")).content.decode()
    )


@pytest.mark.django_db
def test_analysts_cannot_read_team_sessions_and_views_are_audited(as_user, ana, lee, priya) -> None:
    from audit.models import AuditEvent
    from learning.models import ReflectionSession

    record = ReflectionSession.objects.create(
        organisation=lee.organisation,
        held_on="2026-11-01",
        team="Pastoral",
        findings="Notes",
        created_by=lee,
    )
    assert as_user(ana).get(f"/learning/sessions/{record.pk}/").status_code == 403
    assert as_user(ana).get("/learning/sessions/").status_code == 403
    assert as_user(priya).get(f"/learning/sessions/{record.pk}/").status_code == 200
    assert AuditEvent.objects.filter(
        kind="reflection-session-viewed", target_id=str(record.pk), actor=priya
    ).exists()
