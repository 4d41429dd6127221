"""In-app notices and their e-mails. Text and e-mail carry no personal data: a link only."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import User
from audit.services import audit_record
from core.models import EmailDelivery
from core.tasks import schedule_delivery, send_link_email
from notices.models import Notice


def notify(*, recipients: Iterable[User], kind: str, path: str, text: str) -> list[Notice]:
    """Tell each active recipient in the app and by e-mail, in the caller's transaction.

    The e-mail task is queued in the same transaction as the notice (the task table is in the
    same database), so both are kept or neither: a crash after commit cannot drop the e-mail,
    and if the e-mail cannot be sent the in-app notice is still there.
    `text` must name no person and quote no case content ("A case has been assigned to you").
    """
    people = [r for r in recipients if r.is_active]
    with transaction.atomic():
        notices = Notice.objects.bulk_create(
            [Notice(recipient=p, kind=kind, path=path, text=text) for p in people]
        )
        for person in people:
            send_link_email.enqueue(
                to=person.email,
                subject=f"Signpost: {text}",
                intro=f"{text}. Sign in to Signpost to see it:",
                path=path,
                kind=kind,
            )
    return notices


def notice_open(*, notice: Notice, by: User, request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        if notice.read_at is None:
            notice.read_at = timezone.now()
            notice.save(update_fields=["read_at", "updated_at"])
        audit_record(request=request, kind="notice-opened", actor=by, target=notice)


def notices_mark_all_read(*, by: User, request: HttpRequest | None = None) -> int:
    with transaction.atomic():
        count = Notice.objects.filter(recipient=by, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        audit_record(request=request, kind="notices-read", actor=by, detail={"count": count})
    return count


def email_delivery_retry(
    *, delivery: EmailDelivery, by: User, request: HttpRequest | None = None
) -> bool:
    """Try again an e-mail that was given up on, with a fresh set of attempts. False if it was
    no longer given up (sent meanwhile, or already queued again by someone else)."""
    with transaction.atomic():
        delivery = EmailDelivery.objects.select_for_update().get(pk=delivery.pk)
        if delivery.status != EmailDelivery.Status.FAILED:
            return False
        attempts_before = delivery.attempts
        delivery.status = EmailDelivery.Status.PENDING
        delivery.attempts = 0
        delivery.failed_at = None
        delivery.next_attempt_at = None
        delivery.save()
        audit_record(
            request=request,
            kind="email-delivery-retried",
            actor=by,
            target=delivery,
            detail={"kind": delivery.kind, "attempts_before": attempts_before},
        )
        # In this transaction, like every e-mail: the retry and its task stand or fall together.
        schedule_delivery(delivery)
    return True
