"""Background work. E-mails carry a link only, never case data (security-targets.md).

Queue an e-mail inside the transaction of the change that causes it:
`send_link_email.enqueue(to=..., subject=..., intro=..., path=..., kind=...)`. The task table
is in the same database, so the e-mail and the change commit together or not at all.

Each e-mail is an `EmailDelivery` keyed by the task's own id. The task checks the record before
sending and marks it after, so a task run twice (reclaimed from a dead worker) sends once. A
send that fails is tried again later by `deliver_email`, with a growing wait and a bounded number
of attempts; then it shows on the organisation admin's page and in /health/.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, TypeVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import InterfaceError, OperationalError, close_old_connections, transaction
from django.db import connection as db_connection
from django.utils import timezone
from django_tasks import TaskContext, task

from core.models import EmailDelivery

if TYPE_CHECKING:  # types only: core sits below accounts (docs/conventions.md)
    from accounts.models import User

logger = logging.getLogger(__name__)
T = TypeVar("T")
Status = EmailDelivery.Status

# How long a database write after a send keeps trying while PostgreSQL restarts (seconds).
DB_RETRY_FOR = 60.0


def with_db_retry(fn: Callable[[], T], *, give_up_after: float = DB_RETRY_FOR) -> T:
    """Run `fn` (its own transaction), again after a lost connection, for a bounded time.

    A PostgreSQL restart drops every connection for a few seconds; a send that succeeded must
    still be marked as sent, or a later run would send it again.
    """
    deadline = time.monotonic() + give_up_after
    delay = 0.2
    while True:
        try:
            return fn()
        except (OperationalError, InterfaceError):
            # Inside a caller's transaction (tests, the immediate backend) a retry cannot help.
            if db_connection.in_atomic_block or time.monotonic() + delay > deadline:
                raise
            logger.warning("Database unavailable; trying again in %.1f s", delay)
            db_connection.close()
            time.sleep(delay)
            delay = min(delay * 2, 5.0)
            close_old_connections()


def retry_delay(attempts: int) -> timedelta:
    """Wait before attempt `attempts + 1`: BASE, 2 x BASE, 4 x BASE... at most MAX_DELAY."""
    seconds = settings.SIGNPOST_EMAIL_RETRY_BASE * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.SIGNPOST_EMAIL_RETRY_MAX_DELAY))


def sending_stale_after() -> timedelta:
    """A claim older than this belongs to a run that died: the send never finished."""
    return timedelta(seconds=settings.EMAIL_TIMEOUT * 3)


# Links that must never be stored (a set-password link holds a live token) are built when each
# attempt is sent, by a builder the owning app registers for its e-mail kind (accounts does, in
# accounts/tasks.py). The delivery then stores no path at all, and a retry gets a fresh link.
LinkBuilder = Callable[[EmailDelivery], "str | None"]
_LINK_BUILDERS: dict[str, LinkBuilder] = {}


def register_link_builder(kind: str, builder: LinkBuilder) -> None:
    _LINK_BUILDERS[kind] = builder


def _link_path(delivery: EmailDelivery) -> str | None:
    builder = _LINK_BUILDERS.get(delivery.kind)
    return builder(delivery) if builder is not None else delivery.path


def _message(delivery: EmailDelivery) -> EmailMessage:
    path = _link_path(delivery)
    if path is None:
        raise LinkGone(delivery.kind)
    body = (
        f"{delivery.intro}\n\n{settings.SIGNPOST_BASE_URL}{path}\n\n"
        "This message comes from Signpost. It contains no details about anyone: sign in to see "
        "more.\n"
    )
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "signpost"
    message = EmailMessage(
        subject=delivery.subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.to],
        # One Message-ID per delivery: should a send ever repeat (the mail server took it but
        # the database died before it was marked), the copies are recognisably one message.
        headers={"Message-ID": f"<{delivery.pk}.signpost@{domain}>"},
    )
    # The parts on their own, for a template service (GOV.UK Notify, core/notify.py).
    message.signpost_parts = {  # type: ignore[attr-defined]
        "kind": delivery.kind,
        "intro": delivery.intro,
        "link": f"{settings.SIGNPOST_BASE_URL}{path}",
        "reference": str(delivery.pk),
    }
    return message


def _claim(delivery_id: str) -> EmailDelivery | None:
    """Mark the delivery as being sent by this run, or None if it must not be sent now."""
    with transaction.atomic():
        delivery = EmailDelivery.objects.select_for_update().get(pk=delivery_id)
        now = timezone.now()
        stale = sending_stale_after()
        if delivery.status in (Status.SENT, Status.FAILED):
            return None
        claimed_at = delivery.claimed_at
        if delivery.status == Status.SENDING and claimed_at and claimed_at > now - stale:
            # Another run claimed it moments ago. It may be sending now, or it may have been
            # killed mid-send: look again once its claim has gone stale, so it is never lost.
            schedule_delivery(delivery, run_after=claimed_at + stale + timedelta(seconds=1))
            return None
        delivery.status = Status.SENDING
        delivery.claimed_at = now
        delivery.attempts += 1
        delivery.save(update_fields=["status", "claimed_at", "attempts", "updated_at"])
        return delivery


def _mark_sent(delivery_id: str) -> None:
    with transaction.atomic():
        EmailDelivery.objects.filter(pk=delivery_id).update(
            status=Status.SENT, sent_at=timezone.now(), updated_at=timezone.now()
        )


def _mark_failed(delivery_id: str, exc: BaseException) -> str:
    """Record the failure; queue the next attempt (same transaction) or give up."""
    with transaction.atomic():
        delivery = EmailDelivery.objects.select_for_update().get(pk=delivery_id)
        now = timezone.now()
        # A backend may name the error itself (core/notify.py: "Notify 400 BadRequestError").
        error = getattr(exc, "error_label", None) or (
            f"{type(exc).__module__}.{type(exc).__qualname__}"
        )
        delivery.last_error_class = error[:200]
        # An error that says trying again cannot help (Notify's 400) is shown as failed at once.
        if getattr(exc, "permanent", False) or (
            delivery.attempts >= settings.SIGNPOST_EMAIL_MAX_ATTEMPTS
        ):
            delivery.status = Status.FAILED
            delivery.failed_at = now
            delivery.next_attempt_at = None
            outcome = "failed"
        else:
            delivery.status = Status.PENDING
            delivery.next_attempt_at = now + retry_delay(delivery.attempts)
            outcome = "retry"
            schedule_delivery(delivery, run_after=delivery.next_attempt_at)
        delivery.save()
    logger.warning(
        "E-mail %s (%s) not sent, attempt %d: %s; %s",
        delivery.pk,
        delivery.kind,
        delivery.attempts,
        error,
        outcome,
    )
    return outcome


def schedule_delivery(delivery: EmailDelivery, *, run_after: datetime | None = None) -> None:
    """Queue a run of `deliver_email` for this delivery (in the caller's transaction)."""
    backend = deliver_email.get_backend()
    if run_after is not None and backend.supports_defer:
        deliver_email.using(run_after=run_after).enqueue(delivery_id=str(delivery.pk))
    elif run_after is None:
        deliver_email.enqueue(delivery_id=str(delivery.pk))
    # A backend without deferred runs (the tests' immediate one) would retry at once, in a loop;
    # the delivery stays PENDING with its next_attempt_at instead.


class LinkGone(Exception):
    """The link can no longer be made (the person was deactivated): nothing to send."""


def deliver(delivery_id: str) -> str:
    """Send one delivery at most once: "sent", "retry", "failed" or "skipped"."""
    delivery = with_db_retry(lambda: _claim(delivery_id))
    if delivery is None:
        return "skipped"
    try:
        message = _message(delivery)
    except LinkGone:
        with_db_retry(lambda: _mark_sent(delivery_id))  # nothing to send, and never will be
        return "skipped"
    try:
        message.send(fail_silently=False)
    except Exception as exc:  # any failure to hand over to the mail server is worth a retry
        failure = exc
    else:
        with_db_retry(lambda: _mark_sent(delivery_id))
        return "sent"
    return with_db_retry(lambda: _mark_failed(delivery_id, failure))


@task(takes_context=True)
def send_link_email(
    context: TaskContext, *, to: str, subject: str, intro: str, path: str, kind: str = "link"
) -> str:
    """Record this e-mail's delivery under the task's id (once) and send it."""
    return record_and_deliver(
        key=f"task:{context.task_result.id}",
        to=to,
        subject=subject,
        intro=intro,
        path=path,
        kind=kind,
    )


def record_and_deliver(
    *,
    key: str,
    to: str,
    subject: str,
    intro: str,
    path: str,
    kind: str,
    recipient: User | None = None,
) -> str:
    """Record a delivery under `key` (once; a rerun finds it) and send it at most once."""

    def record() -> EmailDelivery:
        person = recipient or get_user_model().objects.filter(email__iexact=to).first()
        delivery, _ = EmailDelivery.objects.get_or_create(
            key=key,
            defaults={
                "recipient": person,
                "to": to,
                "kind": kind[:40],
                "subject": subject[:200],
                "intro": intro,
                "path": path[:300],
            },
        )
        return delivery

    delivery = with_db_retry(record)
    return deliver(str(delivery.pk))


@task()
def deliver_email(*, delivery_id: str) -> str:
    """A later attempt at a delivery that failed (or an admin's retry)."""
    return deliver(delivery_id)
