"""E-mail tasks are queued inside the transaction of the change that causes them (issue 16).

With the database task backend the task row is written in the caller's transaction: it exists
before the commit, and a rolled-back change leaves no e-mail behind.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from concerns.models import Concern, Draft
from concerns.services import concern_submit, drafts_purge
from notices.models import Notice
from notices.services import notify
from tests.concerns.helpers import make_draft
from tests.core.mail_helpers import DB_TASKS

pytestmark = pytest.mark.django_db

EMAIL_TASK = "core.tasks.send_link_email"


class Abandon(Exception):
    pass


def email_tasks() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=EMAIL_TASK))


@override_settings(TASKS=DB_TASKS)
def test_a_notice_and_its_email_task_are_written_in_one_transaction(lee) -> None:
    with transaction.atomic():
        notify(recipients=[lee], kind="assigned", path="/cases/x/", text="A case for you")
        # Before the commit: the task row is already there, in the same transaction.
        (queued,) = email_tasks()
    assert queued.args_kwargs["kwargs"]["to"] == lee.email
    assert queued.args_kwargs["kwargs"]["kind"] == "assigned"


@override_settings(TASKS=DB_TASKS)
def test_a_rolled_back_notice_leaves_no_email_task(lee) -> None:
    with pytest.raises(Abandon), transaction.atomic():
        notify(recipients=[lee], kind="assigned", path="/", text="A case for you")
        raise Abandon
    assert not Notice.objects.exists()
    assert email_tasks() == []


@override_settings(TASKS=DB_TASKS)
def test_a_submitted_concern_queues_the_leads_emails_before_commit(priya, lee) -> None:
    draft = make_draft(priya)
    with transaction.atomic():
        _concern, created = concern_submit(draft=draft, by=priya)
        assert created
        assert [t.args_kwargs["kwargs"]["to"] for t in email_tasks()] == [lee.email]
    assert email_tasks()[0].args_kwargs["kwargs"]["kind"] == "concern-submitted"


@override_settings(TASKS=DB_TASKS)
def test_a_concern_rolled_back_after_submitting_leaves_no_email(priya, lee) -> None:
    draft = make_draft(priya)
    with pytest.raises(Abandon), transaction.atomic():
        concern_submit(draft=draft, by=priya)
        raise Abandon
    assert not Concern.objects.exists()
    assert email_tasks() == []


@override_settings(TASKS=DB_TASKS)
def test_a_draft_reminder_queues_its_email_with_the_reminder_mark(priya) -> None:
    draft = make_draft(priya)
    now = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    Draft.objects.filter(pk=draft.pk).update(updated_at=now - timedelta(days=24))
    with transaction.atomic():
        assert drafts_purge(now=now).reminded == 1
        (queued,) = email_tasks()
    assert queued.args_kwargs["kwargs"]["kind"] == "draft-reminder"
