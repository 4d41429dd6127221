"""Cases with fixed dates for the retention tests, and the platform's support person."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from accounts.models import Organisation, User
from cases import services
from cases.models import Case
from privacy.selectors import support_organisation_name
from tests.cases.factories import child_fields, make_concern
from tests.factories import UserFactory

UK = ZoneInfo("Europe/London")


def at_noon(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=UK)


def closed_case(
    lead: User,
    author: User,
    *,
    opened: date,
    closed: date | None,
    child: bool = False,
    born: date | None = None,
    **fields: Any,
) -> Case:
    """A case opened and (unless `closed` is None) closed on the given days."""
    values = child_fields(born) if child else {}
    values.update(fields)
    case = services.case_open(concern=make_concern(author, **values), lead=lead, by=lead)
    Case.objects.filter(pk=case.pk).update(
        opened_at=at_noon(opened),
        status="closed" if closed else "open",
        stage="closed" if closed else "being-looked-at",
        closed_at=at_noon(closed) if closed else None,
        date_of_birth=born,
        treated_as_child=child,
    )
    case.refresh_from_db()
    return case


def support_org() -> Organisation:
    org, _ = Organisation.objects.get_or_create(
        name=support_organisation_name(),
        defaults={"nation": "england", "mfa_for_everyone": True},
    )
    return org


def support_person(**kwargs: Any) -> User:
    return UserFactory(organisation=support_org(), **kwargs)
