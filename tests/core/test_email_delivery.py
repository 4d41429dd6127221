"""Each e-mail is sent at most once, retried with backoff, and given up on visibly (issue 16)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.models import EmailDelivery
from core.tasks import retry_delay, send_link_email
from core.worker import reclaim_stale_tasks
from notices.models import Notice
from notices.services import notify
from tests.core.mail_helpers import DB_TASKS, DOWN
from tests.core.worker_helpers import run_worker

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("db_tasks")]
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def db_tasks():
    with override_settings(TASKS=DB_TASKS):
        yield


def queue_email(lee) -> DBTaskResult:
    result = send_link_email.enqueue(
        to=lee.email, subject="Signpost: a case", intro="Look", path="/cases/x/", kind="assigned"
    )
    return DBTaskResult.objects.get(pk=result.id)


def make_due_now() -> None:
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def test_running_the_same_email_task_twice_sends_one_email(lee) -> None:
    row = queue_email(lee)
    run_worker()
    assert len(mail.outbox) == 1
    # As if the worker died after sending and the task were run again.
    DBTaskResult.objects.filter(pk=row.pk).update(status="READY")
    run_worker()
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert (row.status, row.return_value) == ("SUCCESSFUL", "skipped")
    delivery = EmailDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.recipient) == ("sent", 1, lee)


def test_each_message_carries_its_deliverys_own_message_id(lee) -> None:
    queue_email(lee)
    run_worker()
    delivery = EmailDelivery.objects.get()
    assert mail.outbox[0].extra_headers["Message-ID"] == f"<{delivery.pk}.signpost@localhost>"


def test_a_task_left_running_by_a_dead_worker_is_reclaimed_and_sends_once(lee) -> None:
    row = queue_email(lee)
    DBTaskResult.objects.filter(pk=row.pk).update(
        status="RUNNING",
        started_at=timezone.now() - timedelta(minutes=11),
        worker_ids=["killed-worker"],
    )
    run_worker()
    assert mail.outbox == []  # RUNNING: no worker picks it up by itself
    assert reclaim_stale_tasks() == 1
    run_worker()
    run_worker()
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL"
    assert row.worker_ids == ["killed-worker", "test-worker"]


@override_settings(SIGNPOST_TASK_RECLAIM_AFTER=600)
def test_a_task_running_for_less_than_the_limit_is_left_alone(lee) -> None:
    row = queue_email(lee)
    DBTaskResult.objects.filter(pk=row.pk).update(
        status="RUNNING", started_at=timezone.now() - timedelta(minutes=9), worker_ids=["w"]
    )
    assert reclaim_stale_tasks() == 0


def test_a_long_task_on_a_worker_with_a_fresh_heartbeat_is_left_alone(lee) -> None:
    from core.models import WorkerHeartbeat

    row = queue_email(lee)
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id="busy-worker", started_at=now - timedelta(hours=2), beat_at=now
    )
    DBTaskResult.objects.filter(pk=row.pk).update(
        status="RUNNING", started_at=now - timedelta(hours=1), worker_ids=["busy-worker"]
    )
    assert reclaim_stale_tasks() == 0
    WorkerHeartbeat.objects.filter(pk="busy-worker").update(beat_at=now - timedelta(minutes=5))
    assert reclaim_stale_tasks() == 1


def test_when_the_mail_server_is_down_the_send_is_tried_again_later(lee) -> None:
    row = queue_email(lee)
    with override_settings(EMAIL_BACKEND=DOWN):
        before = timezone.now()
        run_worker()
    assert mail.outbox == []
    delivery = EmailDelivery.objects.get()
    assert delivery.status == "pending"
    assert delivery.attempts == 1
    assert delivery.last_error_class == "builtins.ConnectionRefusedError"
    assert delivery.next_attempt_at >= before + timedelta(seconds=30)
    retry = DBTaskResult.objects.get(task_path="core.tasks.deliver_email")
    assert retry.status == "READY"
    assert retry.run_after == delivery.next_attempt_at
    assert retry.args_kwargs["kwargs"] == {"delivery_id": str(delivery.pk)}
    row.refresh_from_db()
    assert row.return_value == "retry"
    run_worker()
    assert mail.outbox == []  # not due yet
    # The mail server is back and the wait has passed.
    make_due_now()
    with override_settings(EMAIL_BACKEND=LOCMEM):
        run_worker()
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 2)


def test_the_wait_between_attempts_doubles_up_to_a_limit() -> None:
    with override_settings(SIGNPOST_EMAIL_RETRY_BASE=30, SIGNPOST_EMAIL_RETRY_MAX_DELAY=3600):
        waits = [retry_delay(n).total_seconds() for n in (1, 2, 3, 4, 10)]
    assert waits == [30, 60, 120, 240, 3600]


@override_settings(EMAIL_BACKEND=DOWN, SIGNPOST_EMAIL_MAX_ATTEMPTS=3)
def test_after_the_last_attempt_the_send_gives_up_and_stops_retrying(lee) -> None:
    queue_email(lee)
    for _attempt in range(5):
        make_due_now()
        run_worker()
    delivery = EmailDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 3)
    assert delivery.failed_at is not None
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert DBTaskResult.objects.filter(task_path="core.tasks.deliver_email").count() == 2


def test_a_sent_email_is_not_sent_again_by_a_late_retry(lee) -> None:
    from core.tasks import deliver

    queue_email(lee)
    run_worker()
    assert deliver(str(EmailDelivery.objects.get().pk)) == "skipped"
    assert len(mail.outbox) == 1


def test_a_send_already_under_way_elsewhere_is_not_started_twice(lee) -> None:
    from core.tasks import deliver

    queue_email(lee)
    run_worker()
    delivery = EmailDelivery.objects.get()
    EmailDelivery.objects.filter(pk=delivery.pk).update(status="sending", claimed_at=timezone.now())
    assert deliver(str(delivery.pk)) == "skipped"
    # A claim far older than any send can take belongs to a run that died: send it.
    EmailDelivery.objects.filter(pk=delivery.pk).update(
        claimed_at=timezone.now() - timedelta(hours=1)
    )
    assert deliver(str(delivery.pk)) == "sent"
    assert len(mail.outbox) == 2


IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@override_settings(TASKS=IMMEDIATE, EMAIL_BACKEND=DOWN)
def test_a_lead_whose_email_could_not_be_sent_still_has_the_in_app_notice(lee) -> None:
    notify(recipients=[lee], kind="assigned", path="/cases/x/", text="A case for you")
    assert Notice.objects.filter(recipient=lee, kind="assigned", read_at=None).count() == 1
    delivery = EmailDelivery.objects.get(recipient=lee)
    assert delivery.status == "pending"
    assert delivery.last_error_class == "builtins.ConnectionRefusedError"
    assert mail.outbox == []


def test_a_task_of_a_worker_restarted_under_the_same_id_is_reclaimed(lee) -> None:
    from core.models import WorkerHeartbeat

    row = queue_email(lee)
    now = timezone.now()
    DBTaskResult.objects.filter(pk=row.pk).update(
        status="RUNNING", started_at=now - timedelta(hours=1), worker_ids=["fixed-id"]
    )
    # The same id beats again, but from a process that started after the task did.
    WorkerHeartbeat.objects.create(
        worker_id="fixed-id", started_at=now - timedelta(minutes=1), beat_at=now
    )
    assert reclaim_stale_tasks() == 1


def test_a_send_claimed_by_a_run_that_may_have_died_is_looked_at_again_later(lee) -> None:
    from core.tasks import deliver, sending_stale_after

    queue_email(lee)
    run_worker()
    delivery = EmailDelivery.objects.get()
    claimed = timezone.now()
    # As if a worker were killed mid-send, and its task reclaimed before the claim went stale.
    EmailDelivery.objects.filter(pk=delivery.pk).update(status="sending", claimed_at=claimed)
    assert deliver(str(delivery.pk)) == "skipped"
    later = DBTaskResult.objects.get(task_path="core.tasks.deliver_email", status="READY")
    assert later.run_after == claimed + sending_stale_after() + timedelta(seconds=1)
    make_due_now()
    EmailDelivery.objects.filter(pk=delivery.pk).update(claimed_at=claimed - timedelta(hours=1))
    run_worker()
    delivery.refresh_from_db()
    assert delivery.status == "sent"
    assert len(mail.outbox) == 2  # the first send, then the one the killed run never made
