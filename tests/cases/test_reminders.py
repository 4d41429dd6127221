from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from cases import services
from cases.models import DecisionKind
from notices.models import Notice

pytestmark = pytest.mark.django_db

THURSDAY = date(2026, 3, 5)
FRIDAY = date(2026, 3, 6)
MONDAY = date(2026, 3, 9)


def _task(case, by, *, due_in: int, start: date, assigned_to=None):
    return services.task_add(
        case=case,
        title="Ring the council",
        working_days=due_in,
        assigned_to=assigned_to,
        by=by,
        today=start,
    )


def test_a_task_due_tomorrow_is_reminded_once(lee, lee2, case) -> None:
    task = _task(case, lee, due_in=1, start=THURSDAY, assigned_to=lee2)
    assert task.due_on == FRIDAY
    assert services.send_task_reminders(today=THURSDAY) == 1
    # As core.scheduling calls its daily jobs: job(today=...). A second run sends nothing.
    assert services.send_task_reminders(today=THURSDAY) == 0
    notice = Notice.objects.get(recipient=lee2, kind="case-task-due")
    assert notice.text == "A task on a case is due tomorrow"


def test_on_friday_a_task_due_on_monday_counts_as_due_tomorrow(lee, case) -> None:
    task = _task(case, lee, due_in=1, start=FRIDAY)
    assert task.due_on == MONDAY
    assert services.send_task_reminders(today=THURSDAY) == 0
    assert services.send_task_reminders(today=FRIDAY) == 1
    # Nobody was given the task: the case's lead is reminded.
    assert Notice.objects.filter(recipient=lee, kind="case-task-due").count() == 1


def test_an_overdue_task_is_reminded_once(lee, case) -> None:
    _task(case, lee, due_in=1, start=THURSDAY)
    services.send_task_reminders(today=THURSDAY)
    assert services.send_task_reminders(today=MONDAY) == 1
    assert services.send_task_reminders(today=date(2026, 3, 10)) == 0
    assert Notice.objects.get(kind="case-task-overdue").text == "A task on a case is overdue"


def test_done_tasks_and_closed_cases_are_not_reminded(lee, priya, case) -> None:
    done = _task(case, lee, due_in=1, start=THURSDAY)
    services.task_complete(task=done, by=lee)
    assert services.send_task_reminders(today=THURSDAY) == 0
    _task(case, lee, due_in=1, start=THURSDAY)
    services.case_decide(
        case=case, kind=DecisionKind.CLOSED, rationale="Safe", version=case.version, by=lee
    )
    assert services.send_task_reminders(today=MONDAY) == 0


def test_the_command_sends_the_days_reminders(lee, case, capsys) -> None:
    _task(case, lee, due_in=1, start=THURSDAY)
    call_command("send_task_reminders", "--today", "2026-03-05")
    assert "Sent 1 task reminder." in capsys.readouterr().out


def test_due_dates_count_working_days_in_the_cases_nation(lee, case) -> None:
    christmas_eve = date(2025, 12, 24)
    assert _task(case, lee, due_in=2, start=christmas_eve).due_on == date(2025, 12, 30)
    new_years_eve = date(2025, 12, 31)
    assert _task(case, lee, due_in=1, start=new_years_eve).due_on == date(2026, 1, 2)
    services.case_update(case=case, values={"nation": "scotland"}, version=case.version, by=lee)
    # 2 January is a bank holiday in Scotland only.
    assert _task(case, lee, due_in=1, start=new_years_eve).due_on == date(2026, 1, 5)
