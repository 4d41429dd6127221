from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone

from audit.models import AuditEvent

if TYPE_CHECKING:  # types only: audit sits below accounts (docs/conventions.md)
    from accounts.models import User


def audit_events_of(user: User) -> QuerySet[AuditEvent]:
    """The audit events an organisation admin may search: their own organisation's only."""
    return AuditEvent.objects.filter(organisation_id=user.organisation_id).order_by("-id")


def filter_events(
    events: QuerySet[AuditEvent],
    *,
    actor: User | None = None,
    kind: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    if actor is not None:
        events = events.filter(actor_id=actor.pk)
    if kind:
        events = events.filter(kind=kind)
    tz = timezone.get_current_timezone()
    if date_from:
        events = events.filter(at__gte=datetime.combine(date_from, time.min, tzinfo=tz))
    if date_to:
        events = events.filter(at__lte=datetime.combine(date_to, time.max, tzinfo=tz))
    return events
