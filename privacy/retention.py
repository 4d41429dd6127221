"""Retention: delete what is due, keep what is held, log every deletion, keep the chain whole.

What is deleted
---------------
Only **closed** cases. An open case is still being worked on and is never deleted, however old.
A closed case is due when its organisation's rule (privacy.models.RetentionRule, or the default
in privacy.models.PERIODS) says so:

- a case about an adult: `period` years after the day it was closed (default 6);
- a case about a child (the case is treated as a child, or the person was under 18 during the
  exploitation): on the person's `period`th birthday (default 25), and never sooner than the
  adult period after closure. If the date of birth is not known we cannot know the birthday, so
  we count the age from the day the case was opened, as if the person had been born that day:
  a conservative fallback that can only keep the record longer than the rule, never shorter;
- a case with a legal hold in force is kept, whatever is due.

Deleting a case deletes, in one transaction per case: the case row (which cascades to its links
to concerns, exploitation types, pathway checklist, tasks, decisions, notes, shares, decisions
not to share, lifted legal holds and support grants), then its concerns (which cascade to their
follow-ups). The concerns go second because CaseConcern protects them. If anything else still
points at the case or a concern (PROTECT), that case is rolled back, reported as blocked and kept.

Drafts: concerns.services.drafts_purge already deletes every draft untouched for 30 days. An
organisation may set a shorter period (at most 30 days); apply_retention deletes that
organisation's older drafts through concerns.services.draft_delete (which audits each one).

The audit chain
---------------
Each deletion writes an event ("record-deleted": record type, id, rule and period; no field
contents), in the same transaction as the deletion.

Audit events are never updated or deleted: on PostgreSQL a trigger refuses it, and each event's
hash covers its fields, so a changed row breaks `audit_verify`. We therefore redact nothing in
the audit log, and need not: by design (audit.services.audit_record) events hold no field
contents about the person: only the kind of action, opaque record ids (UUIDs, which after
deletion point at nothing), the acting staff member, their organisation, and the staff member's
IP address. None of that is personal data about the person the case was about; the staff IP
addresses are kept as part of the accountability record. Redacting them would need the chain to
hash a salted digest of the IP instead of the IP itself (a change to audit/chain.py for the
audit app's owner), so that the IP column could later be blanked without breaking the chain; on
PostgreSQL that would still need the UPDATE trigger relaxed for that one column. Not done here.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, QuerySet, RestrictedError
from django.utils import timezone

from audit.services import audit_record
from cases.counting import CASES
from cases.models import Case, CaseConcern, CaseStatus
from concerns.counting import CONCERNS
from concerns.models import Concern, Draft
from counting import store
from privacy.models import PERIODS, LegalHold, RecordType
from privacy.selectors import rule_periods

logger = logging.getLogger(__name__)
UK = ZoneInfo("Europe/London")
DRAFT_PURGE_DAYS = int(PERIODS[RecordType.DRAFT]["max"])
# The shortest period after closure any rule allows: nothing closed more recently is ever due.
MIN_YEARS_AFTER_CLOSURE = int(PERIODS[RecordType.CLOSED_ADULT_CASE]["min"])


@dataclass(frozen=True)
class DueCase:
    case_id: str
    organisation_id: str
    record_type: str  # RecordType value
    period: int
    rule: str  # "default" or "organisation"
    delete_on: date


@dataclass
class RetentionReport:
    today: date
    dry_run: bool
    due: list[DueCase] = field(default_factory=list)
    deleted: list[DueCase] = field(default_factory=list)
    held: list[DueCase] = field(default_factory=list)
    blocked: list[tuple[DueCase, str]] = field(default_factory=list)
    drafts_deleted: int = 0


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 1 March in a year that has none."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def _local(moment: datetime) -> date:
    return timezone.localtime(moment, UK).date()


def is_child_case(case: Case) -> bool:
    return bool(case.treated_as_child or case.under_18_during_exploitation == "yes")


def assess(case: Case, periods: dict[str, tuple[int, bool]]) -> DueCase | None:
    """When this closed case may be deleted under its organisation's rules (None: open)."""
    if case.status != CaseStatus.CLOSED or case.closed_at is None:
        return None
    closed_on = _local(case.closed_at)
    adult_years, adult_set = periods[RecordType.CLOSED_ADULT_CASE]
    after_closure = add_years(closed_on, adult_years)
    if is_child_case(case):
        age, set_by_org = periods[RecordType.CHILD_CASE]
        born = case.date_of_birth or _local(case.opened_at)  # fallback: see the module doc
        delete_on = max(add_years(born, age), after_closure)
        record_type, period, rule = RecordType.CHILD_CASE, age, set_by_org
    else:
        delete_on = after_closure
        record_type, period, rule = RecordType.CLOSED_ADULT_CASE, adult_years, adult_set
    return DueCase(
        case_id=str(case.pk),
        organisation_id=str(case.organisation_id),
        record_type=str(record_type),
        period=period,
        rule="organisation" if rule else "default",
        delete_on=delete_on,
    )


def _candidates(today: date, organisation_id: uuid.UUID | None = None) -> QuerySet[Case]:
    latest_closure = datetime.combine(
        add_years(today, -MIN_YEARS_AFTER_CLOSURE) + timedelta(days=1), time.min, tzinfo=UK
    )
    cases = Case.objects.filter(status=CaseStatus.CLOSED, closed_at__lt=latest_closure)
    if organisation_id is not None:
        cases = cases.filter(organisation_id=organisation_id)
    return cases.only(
        "id",
        "organisation_id",
        "status",
        "closed_at",
        "opened_at",
        "date_of_birth",
        "treated_as_child",
        "under_18_during_exploitation",
    ).order_by("closed_at")


def _sort(
    today: date, organisation_id: uuid.UUID | None = None
) -> tuple[list[DueCase], list[DueCase]]:
    """(due and free to delete, due but on legal hold)."""
    periods_by_org: dict[str, dict[str, tuple[int, bool]]] = {}
    due: list[DueCase] = []
    for case in _candidates(today, organisation_id).iterator(chunk_size=500):
        org = str(case.organisation_id)
        if org not in periods_by_org:
            periods_by_org[org] = rule_periods(case.organisation_id)
        verdict = assess(case, periods_by_org[org])
        if verdict is not None and verdict.delete_on <= today:
            due.append(verdict)
    held_ids = {
        str(pk)
        for pk in LegalHold.objects.filter(
            case_id__in=[d.case_id for d in due], lifted_at=None
        ).values_list("case_id", flat=True)
    }
    return (
        [d for d in due if d.case_id not in held_ids],
        [d for d in due if d.case_id in held_ids],
    )


def due_for_deletion(today: date, organisation_id: uuid.UUID | None = None) -> list[DueCase]:
    """The closed cases whose retention period has ended on `today` and that no hold keeps
    (of one organisation, if given)."""
    return _sort(today, organisation_id)[0]


def _delete_case(due: DueCase, today: date) -> str:
    """Delete one case and everything under it in one transaction. Returns "deleted", "held"
    or "gone" (someone else deleted it, or it no longer qualifies)."""
    with transaction.atomic():
        case = Case.objects.select_for_update().filter(pk=due.case_id).first()
        if case is None:
            return "gone"
        if LegalHold.objects.filter(case_id=case.pk, lifted_at=None).exists():
            return "held"
        again = assess(case, rule_periods(case.organisation_id))
        if again is None or again.delete_on > today:
            return "gone"
        concern_ids = list(
            CaseConcern.objects.filter(case=case).values_list("concern_id", flat=True)
        )
        submitted = list(
            Concern.objects.filter(pk__in=concern_ids).values_list("submitted_at", flat=True)
        )
        organisation = case.organisation
        case_id, opened_at = case.pk, case.opened_at
        case.delete()
        Concern.objects.filter(pk__in=concern_ids).delete()
        # The organisation's figures no longer count what was deleted. Recounting takes the
        # months' locks before the audit log's, in the same order as every other service.
        store.recount_months(organisation.pk, CASES, [opened_at])
        store.recount_months(organisation.pk, CONCERNS, submitted)
        detail = {
            "record_type": due.record_type,
            "rule": due.rule,
            "period": due.period,
            "delete_on": due.delete_on.isoformat(),
        }
        audit_record(
            kind="record-deleted",
            organisation=organisation,
            target_type="cases.case",
            target_id=str(case_id),
            detail={**detail, "concerns": [str(c) for c in concern_ids]},
        )
        for concern_id in concern_ids:
            audit_record(
                kind="record-deleted",
                organisation=organisation,
                target_type="concerns.concern",
                target_id=str(concern_id),
                detail={**detail, "case": str(case_id)},
            )
    return "deleted"


def _drafts(today: date, dry_run: bool) -> int:
    """Drafts of organisations whose rule is shorter than the 30 days of drafts_purge."""
    from concerns.services import draft_delete
    from privacy.models import RetentionRule

    count = 0
    start_of_today = datetime.combine(today, time.min, tzinfo=UK)
    rules = RetentionRule.objects.filter(
        record_type=RecordType.DRAFT, period__lt=DRAFT_PURGE_DAYS
    ).select_related("organisation")
    for rule in rules:
        cutoff = start_of_today - timedelta(days=rule.period)
        drafts = Draft.objects.filter(
            author__organisation=rule.organisation, updated_at__lt=cutoff
        ).select_related("author__organisation")
        if dry_run:
            count += drafts.count()
            continue
        for draft in drafts:
            draft_delete(draft=draft, by=None, why=f"retention-rule-{rule.period}-days")
            count += 1
    return count


def apply_retention(*, today: date, dry_run: bool = False) -> RetentionReport:
    """Delete every closed case that is due and not on hold; report what was done."""
    due, held = _sort(today)
    report = RetentionReport(today=today, dry_run=dry_run, due=due, held=held)
    if not dry_run:
        for item in due:
            try:
                outcome = _delete_case(item, today)
            except (ProtectedError, RestrictedError, IntegrityError) as error:
                # Another record still needs this case (a PROTECT link): keep it, say so.
                report.blocked.append((item, type(error).__name__))
                logger.warning("Retention could not delete case %s: %s", item.case_id, error)
                continue
            if outcome == "deleted":
                report.deleted.append(item)
            elif outcome == "held":
                report.held.append(item)
    report.drafts_deleted = _drafts(today, dry_run)
    return report


def apply_retention_daily(*, today: date) -> int:
    """The daily job (settings.SIGNPOST_DAILY_JOBS): records deleted."""
    report = apply_retention(today=today)
    return len(report.deleted) + report.drafts_deleted
