"""Reads for the privacy pages. Every one takes the acting person (architecture.md)."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from cases.models import Case
from cases.selectors import CASE_TYPE, cases_owned_by
from core.access import Role
from privacy.models import PERIODS, LegalHold, RecordType, RetentionRule, SupportGrant


def support_organisation_name() -> str:
    """The platform's own organisation, whose people may be given support access. A setting,
    so a deployment names its own (accounts' models are not changed for this)."""
    return getattr(settings, "SIGNPOST_SUPPORT_ORGANISATION", "Signpost Support")


def is_support_person(user: User) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.organisation.name == support_organisation_name()
    )


def support_people() -> QuerySet[User]:
    """People who may be given support access: the active members of the platform's
    organisation."""
    return User.objects.filter(
        organisation__name=support_organisation_name(), is_active=True
    ).order_by("full_name")


# ------------------------------------------------------------------------------ retention


def rule_periods(organisation_id: uuid.UUID) -> dict[str, tuple[int, bool]]:
    """{record type: (period, set by the organisation?)}; defaults where no rule is set."""
    periods = {rt: (int(PERIODS[rt]["default"]), False) for rt in RecordType.values}
    for rule in RetentionRule.objects.filter(organisation_id=organisation_id):
        periods[rule.record_type] = (rule.period, True)
    return periods


def rules_of(user: User) -> dict[str, tuple[int, bool]]:
    """The admin's own organisation's retention periods (no case content)."""
    if not user.has_role(Role.ADMIN):
        return {}
    return rule_periods(user.organisation_id)


# ------------------------------------------------------------------------------ legal holds


def active_hold(case: Case) -> LegalHold | None:
    return case.legal_holds.filter(lifted_at=None).select_related("placed_by").first()


def holds_of(case: Case) -> QuerySet[LegalHold]:
    return case.legal_holds.select_related("placed_by", "lifted_by")


def active_holds_owned_by(user: User) -> QuerySet[LegalHold]:
    """Active holds on the cases of the lead's own organisation (for lifting one by id)."""
    return LegalHold.objects.filter(case__in=cases_owned_by(user), lifted_at=None).select_related(
        "case", "placed_by"
    )


# ------------------------------------------------------------------------------ support access


def grants_seen_by(user: User) -> QuerySet[SupportGrant]:
    """The organisation's grants, for its leads and admins (admins see no case content: the
    list shows the case reference, who, when and why)."""
    if not (user.is_authenticated and user.has_any_role((Role.LEAD, Role.ADMIN))):
        return SupportGrant.objects.none()
    return SupportGrant.objects.filter(organisation_id=user.organisation_id).select_related(
        "support_user", "granted_by", "revoked_by", "case"
    )


def grants_revocable_by(user: User) -> QuerySet[SupportGrant]:
    """Grants a lead may end: those on cases of the lead's own organisation."""
    return SupportGrant.objects.filter(case__in=cases_owned_by(user)).select_related(
        "support_user", "case"
    )


def active_grants_of(user: User, now: datetime | None = None) -> QuerySet[SupportGrant]:
    """The support person's own grants that are in force now."""
    now = now or timezone.now()
    if not user.is_authenticated:
        return SupportGrant.objects.none()
    return SupportGrant.objects.filter(
        support_user=user, revoked_at=None, starts_at__lte=now, expires_at__gt=now
    ).select_related("case", "organisation")


def support_grants_of_case(case: Case) -> QuerySet[SupportGrant]:
    return case.support_grants.select_related("support_user", "granted_by", "revoked_by")


def support_requests(grant: SupportGrant) -> QuerySet[AuditEvent]:
    """Every request the support person made about the case since the grant began, allowed or
    refused (audit events, with no field contents)."""
    return AuditEvent.objects.filter(
        Q(kind__startswith="support-access-"),
        actor_id=grant.support_user_id,
        target_type=CASE_TYPE,
        target_id=str(grant.case_id),
        at__gte=grant.starts_at,
    ).order_by("at")
