"""Changes of state for retention rules, legal holds, support access and subject access.

Each is one function that saves inside `transaction.atomic()` and writes its audit event in the
same transaction (docs/conventions.md). Audit details hold ids and codes only.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import Organisation, User
from audit.models import AuditEvent
from audit.services import audit_record
from cases.models import Case
from privacy.models import PERIODS, LegalHold, RecordType, RetentionRule, SupportGrant

MAX_SUPPORT_HOURS = 24


class AlreadyHeld(Exception):
    """The case already has a legal hold in force."""


class NotSupportPerson(Exception):
    """Support access may only be given to a member of the platform's support organisation."""


# ------------------------------------------------------------------------------ retention rules


def retention_rules_set(
    *,
    organisation: Organisation,
    periods: dict[str, int],
    by: User,
    request: HttpRequest | None = None,
) -> list[str]:
    """Set the organisation's periods; returns the record types that changed."""
    changed: list[str] = []
    with transaction.atomic():
        rules = RetentionRule.objects.filter(organisation=organisation)
        current = {r.record_type: r for r in rules}
        for record_type, period in periods.items():
            if record_type not in RecordType.values:
                raise ValueError(record_type)
            bounds = PERIODS[record_type]
            if not (int(bounds["min"]) <= period <= int(bounds["max"])):
                raise ValueError(f"{record_type}: {period}")
            rule = current.get(record_type)
            old = rule.period if rule else int(bounds["default"])
            if rule is None:
                if period == old:
                    continue
                RetentionRule.objects.create(
                    organisation=organisation, record_type=record_type, period=period, changed_by=by
                )
            elif rule.period != period:
                rule.period = period
                rule.changed_by = by
                rule.save(update_fields=["period", "changed_by", "updated_at"])
            else:
                continue
            changed.append(record_type)
            audit_record(
                kind="retention-rule-changed",
                request=request,
                actor=by,
                organisation=organisation,
                target_type="privacy.retentionrule",
                target_id=record_type,
                detail={"record_type": record_type, "from": old, "to": period},
            )
    return changed


# ------------------------------------------------------------------------------ legal holds


def hold_place(
    *, case: Case, reason: str, by: User, request: HttpRequest | None = None
) -> LegalHold:
    """Stop the case being deleted by retention until the hold is lifted."""
    try:
        with transaction.atomic():
            # The same row lock apply_retention takes: a hold and a deletion never cross.
            Case.objects.select_for_update().filter(pk=case.pk).first()
            if LegalHold.objects.filter(case=case, lifted_at=None).exists():
                raise AlreadyHeld
            hold = LegalHold.objects.create(
                case=case, reason=reason, placed_by=by, placed_at=timezone.now()
            )
            audit_record(
                kind="legal-hold-placed",
                request=request,
                actor=by,
                organisation=case.organisation,
                target=case,
                detail={"hold": str(hold.pk)},
            )
    except IntegrityError as error:  # two leads at the same instant: one_active_hold_per_case
        raise AlreadyHeld from error
    return hold


def hold_lift(*, hold: LegalHold, by: User, request: HttpRequest | None = None) -> LegalHold:
    with transaction.atomic():
        updated = LegalHold.objects.filter(pk=hold.pk, lifted_at=None).update(
            lifted_at=timezone.now(), lifted_by=by
        )
        if updated:
            audit_record(
                kind="legal-hold-lifted",
                request=request,
                actor=by,
                organisation=hold.case.organisation,
                target_type="cases.case",
                target_id=str(hold.case_id),
                detail={"hold": str(hold.pk)},
            )
    hold.refresh_from_db()
    return hold


# ------------------------------------------------------------------------------ support access


def support_grant(
    *,
    case: Case,
    support_user: User,
    hours: int,
    reason: str,
    by: User,
    request: HttpRequest | None = None,
) -> SupportGrant:
    """Let one platform support person read a summary of the case for `hours` (at most 24)."""
    from privacy.selectors import is_support_person

    if not is_support_person(support_user):
        raise NotSupportPerson
    if not 1 <= hours <= MAX_SUPPORT_HOURS:
        raise ValueError(hours)
    now = timezone.now()
    with transaction.atomic():
        grant = SupportGrant.objects.create(
            organisation=case.organisation,
            support_user=support_user,
            case=case,
            reason=reason,
            granted_by=by,
            starts_at=now,
            expires_at=now + timedelta(hours=hours),
        )
        audit_record(
            kind="support-access-granted",
            request=request,
            actor=by,
            organisation=case.organisation,
            target=case,
            detail={"grant": str(grant.pk), "to": str(support_user.pk), "hours": hours},
        )
    return grant


def support_revoke(
    *, grant: SupportGrant, by: User, request: HttpRequest | None = None
) -> SupportGrant:
    with transaction.atomic():
        updated = SupportGrant.objects.filter(pk=grant.pk, revoked_at=None).update(
            revoked_at=timezone.now(), revoked_by=by
        )
        if updated:
            audit_record(
                kind="support-access-revoked",
                request=request,
                actor=by,
                organisation=grant.organisation,
                target_type="cases.case",
                target_id=str(grant.case_id),
                detail={"grant": str(grant.pk)},
            )
    grant.refresh_from_db()
    return grant


def support_access_used(*, grant: SupportGrant, request: HttpRequest) -> None:
    """Every page the support person sees is an event the organisation can read."""
    audit_record(
        kind="support-access-used",
        request=request,
        organisation=grant.organisation,
        target_type="cases.case",
        target_id=str(grant.case_id),
        detail={"grant": str(grant.pk)},
    )


def support_access_refused(
    *, case_id: uuid.UUID, organisation_id: uuid.UUID, request: HttpRequest
) -> AuditEvent:
    """A support person asked for a case whose grant has ended (or was revoked)."""
    return audit_record(
        kind="support-access-refused",
        request=request,
        organisation=Organisation.objects.get(pk=organisation_id),
        target_type="cases.case",
        target_id=str(case_id),
    )


# ------------------------------------------------------------------------------ subject access


def subject_access_exported(*, case: Case, request: HttpRequest) -> None:
    audit_record(
        kind="subject-access-export",
        request=request,
        organisation=case.organisation,
        target=case,
        detail={"format": "pdf"},
    )
