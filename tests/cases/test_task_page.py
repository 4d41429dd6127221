"""A task given to a practitioner opens on its own page, with only what they need, and is
marked done with a note the lead then sees (issue 15 item 5)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from cases import services
from cases.chronology import case_chronology
from cases.selectors import case_access
from notices.models import Notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(case, lee, priya):
    return services.task_add(
        case=case,
        title="Ask the form tutor about Monday",
        working_days=2,
        assigned_to=priya,
        by=lee,
    )


def _url(task) -> str:
    return reverse("cases:task", kwargs={"task_pk": task.pk})


def test_the_notice_to_a_practitioner_links_to_the_task_page_they_can_open(
    task, priya, as_user
) -> None:
    notice = Notice.objects.get(recipient=priya, kind="case-task-assigned")
    assert notice.path == _url(task)
    response = as_user(priya).get(notice.path)
    assert response.status_code == 200
    # The case itself is still closed to them.
    assert as_user(priya).get(reverse("cases:detail", kwargs={"pk": task.case.pk})).status_code in (
        403,
        404,
    )


def test_the_task_page_shows_the_task_and_nothing_else_of_the_case(
    task, case, priya, lee, as_user
) -> None:
    services.note_add(case=case, text="Private words about the family", by=lee)
    html = as_user(priya).get(_url(task)).content.decode()
    assert "Ask the form tutor about Monday" in html
    assert case.reference in html
    assert f"{task.due_on:%-d %B %Y}" in html
    assert "Private words about the family" not in html
    if case.person_name:
        assert case.person_name not in html
    assert reverse("cases:detail", kwargs={"pk": case.pk}) not in html


def test_opening_the_task_page_is_audited_against_the_case(task, priya, as_user) -> None:
    as_user(priya).get(_url(task))
    event = AuditEvent.objects.filter(kind="case-viewed", actor=priya).latest("id")
    assert event.target_id == str(task.case.pk) and event.detail == {"page": "task"}


def test_the_practitioner_marks_it_done_with_a_note_and_the_lead_sees_both(
    task, case, priya, lee, as_user
) -> None:
    response = as_user(priya).post(_url(task), {"note": "Tutor says she was absent on Monday"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.done_by == priya and task.done_note == "Tutor says she was absent on Monday"
    page = as_user(lee).get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    assert "Tutor says she was absent on Monday" in page
    line = [
        e
        for e in case_chronology(case, access=case_access(lee, case))
        if e.kind == "case-task-done"
    ]
    assert line[0].text == "Tutor says she was absent on Monday"
    assert line[0].who == priya.full_name
    event = AuditEvent.objects.get(kind="case-task-done", target_id=str(case.pk))
    assert event.detail == {"task": str(task.pk), "with_note": True}
    assert "absent" not in str(event.detail)


def test_a_note_that_is_too_long_is_refused_and_kept(task, priya, as_user) -> None:
    words = "x" * 2001
    response = as_user(priya).post(_url(task), {"note": words})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Note must be 2000 characters or fewer" in html and words in html
    task.refresh_from_db()
    assert task.done_at is None


def test_another_practitioner_cannot_open_or_complete_the_task(
    task, make_person, northgate, as_user
) -> None:
    other = make_person(northgate, "practitioner")
    client = as_user(other)
    assert client.get(_url(task)).status_code == 404
    assert client.post(_url(task), {"note": "x"}).status_code == 404
    with pytest.raises(services.NotAllowed):
        services.task_complete(task=task, by=other)
    task.refresh_from_db()
    assert task.done_at is None


def test_another_organisations_people_get_404(task, omar, make_person, riverside, as_user) -> None:
    assert as_user(omar).get(_url(task)).status_code == 404
    outsider = make_person(riverside, "practitioner")
    assert as_user(outsider).get(_url(task)).status_code == 404


def test_a_lead_of_the_organisation_may_open_it_too(task, lee, as_user) -> None:
    assert as_user(lee).get(_url(task)).status_code == 200


def test_a_reminder_of_a_practitioners_task_links_to_the_task_page(task, priya) -> None:
    from datetime import timedelta

    services.send_task_reminders(today=task.due_on + timedelta(days=1))
    notice = Notice.objects.filter(recipient=priya, kind="case-task-overdue").get()
    assert notice.path == _url(task)


def test_the_practitioners_home_page_lists_their_open_tasks(task, priya, lee, as_user) -> None:
    html = as_user(priya).get("/").content.decode()
    assert "Tasks given to you" in html and _url(task) in html
    services.task_complete(task=task, by=priya)
    assert _url(task) not in as_user(priya).get("/").content.decode()
    assert "Tasks given to you" not in as_user(lee).get("/").content.decode()
