"""Reminders with fixed dates. 2026: Good Friday 3 April, Easter Monday 6 April (England)."""

from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditEvent
from learning.models import ActionItem
from learning.services import action_item_create, action_reminders_send, actions_needing_reminder

pytestmark = pytest.mark.django_db(transaction=True)

THURSDAY = date(2026, 3, 12)
FRIDAY = date(2026, 3, 13)
MONDAY = date(2026, 3, 16)


def _action(session, lee, owner, due: date) -> ActionItem:
    return action_item_create(
        session=session, by=lee, description="Secret team detail", owner=owner, due_date=due
    )


def test_an_action_due_tomorrow_reminds_its_owner_with_a_link_only(
    northgate_session, lee, priya
) -> None:
    _action(northgate_session, lee, priya, FRIDAY)
    assert action_reminders_send(today=THURSDAY) == 1
    (message,) = mail.outbox
    assert message.to == [priya.email]
    assert "/learning/actions/" in message.body
    assert "Secret team detail" not in message.body + message.subject
    assert "Pastoral team" not in message.body + message.subject
    event = AuditEvent.objects.get(kind="action-reminder-sent")
    assert event.actor is None and "Secret" not in str(event.detail)


def test_an_action_due_next_week_is_not_yet_reminded(northgate_session, lee, priya) -> None:
    _action(northgate_session, lee, priya, date(2026, 3, 18))
    assert action_reminders_send(today=THURSDAY) == 0
    assert mail.outbox == []


def test_on_a_friday_an_action_due_on_monday_is_one_working_day_away(
    northgate_session, lee, priya
) -> None:
    _action(northgate_session, lee, priya, MONDAY)
    _action(northgate_session, lee, priya, date(2026, 3, 17))
    assert [a.due_date for a in actions_needing_reminder(FRIDAY)] == [MONDAY]


def test_bank_holidays_do_not_count_as_working_days(northgate_session, lee, priya) -> None:
    # Thursday 2 April 2026: Good Friday and Easter Monday are holidays, so Tuesday is next.
    _action(northgate_session, lee, priya, date(2026, 4, 7))
    assert len(actions_needing_reminder(date(2026, 4, 2))) == 1
    assert len(actions_needing_reminder(date(2026, 4, 1))) == 0


def test_overdue_actions_are_reminded_and_done_ones_are_not(
    northgate_session, lee, priya, ada
) -> None:
    _action(northgate_session, lee, priya, date(2026, 3, 1))
    done = _action(northgate_session, lee, ada, date(2026, 3, 1))
    ActionItem.objects.filter(pk=done.pk).update(status="done", completed_at="2026-03-02T10:00Z")
    assert action_reminders_send(today=THURSDAY) == 1
    assert [m.to for m in mail.outbox] == [[priya.email]]


def test_an_owner_is_reminded_at_most_once_a_day_per_action(northgate_session, lee, priya) -> None:
    action = _action(northgate_session, lee, priya, FRIDAY)
    assert action_reminders_send(today=THURSDAY) == 1
    assert action_reminders_send(today=THURSDAY) == 0
    assert action_reminders_send(today=FRIDAY) == 1
    action.refresh_from_db()
    assert action.last_reminded_on == FRIDAY
    assert len(mail.outbox) == 2


def test_the_command_sends_reminders_for_the_given_day(northgate_session, lee, priya) -> None:
    _action(northgate_session, lee, priya, FRIDAY)
    out = StringIO()
    call_command("send_action_reminders", "--date", "2026-03-12", stdout=out)
    assert out.getvalue().strip() == "Sent 1 reminder."
    assert len(mail.outbox) == 1
    with pytest.raises(CommandError):
        call_command("send_action_reminders", "--date", "12/03/2026")


def test_the_home_page_lists_actions_due_now(northgate_session, lee, priya, as_user) -> None:
    from django.utils import timezone

    _action(northgate_session, lee, priya, timezone.localdate())
    page = as_user(priya).get("/").content.decode()
    assert "1 open, 1 due now or overdue" in page
    home = as_user(priya).get("/learning/").content.decode()
    assert "Secret team detail" in home


def test_an_action_reminder_queues_its_email_in_the_reminders_transaction(
    northgate_session, lee, priya
) -> None:
    from django.db import transaction
    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    from tests.core.mail_helpers import DB_TASKS

    _action(northgate_session, lee, priya, FRIDAY)
    with override_settings(TASKS=DB_TASKS), transaction.atomic():
        assert action_reminders_send(today=THURSDAY) == 1
        (queued,) = DBTaskResult.objects.filter(task_path="core.tasks.send_link_email")
    assert queued.args_kwargs["kwargs"]["kind"] == "action-reminder"
