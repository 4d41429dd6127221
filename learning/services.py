"""Every change of state in the learning app: one function each, audited in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.services import audit_record
from core.access import Role
from core.csv import csv_text
from core.tasks import send_link_email
from core.workdays import add_working_days
from guidance.catalogue import get_catalogue
from learning import knowledge_check
from learning.models import ActionItem, KnowledgeCheckResult, ReflectionSession
from learning.selectors import learning_report

Status = ActionItem.Status

# ------------------------------------------------------------------ knowledge check


def knowledge_check_submit(
    *, person: User, answers: Mapping[str, str], request: HttpRequest | None = None
) -> KnowledgeCheckResult:
    """Mark the answers against the pathway engine and record the result for the person."""
    marking = knowledge_check.mark(answers)
    known = {q.id for q in knowledge_check.QUESTIONS}
    with transaction.atomic():
        result = KnowledgeCheckResult.objects.create(
            person=person,
            completed_at=timezone.now(),
            score=marking.score,
            total=marking.total,
            passed=marking.passed,
            answers={key: str(value) for key, value in answers.items() if key in known},
            check_version=knowledge_check.check_version(),
            catalogue_version=get_catalogue().version,
        )
        audit_record(
            kind="knowledge-check-completed",
            request=request,
            actor=person,
            target=result,
            detail={"score": result.score, "total": result.total, "passed": result.passed},
        )
    return result


# ------------------------------------------------------------------ the admin's report


def learning_report_csv(rows: Sequence[Sequence[object]]) -> str:
    """The rows (the first is the header) as formula-safe CSV (core.csv, CWE-1236)."""
    return csv_text([str(cell) for cell in rows[0]], rows[1:]) if rows else ""


REPORT_HEADER = ("Name", "Email address", "Status", "Last passed", "Score", "Refresher due")


def learning_report_export(*, by: User, request: HttpRequest | None = None) -> str:
    """The organisation's knowledge-check report as CSV text, for an organisation admin."""
    if not by.has_role(Role.ADMIN):
        raise PermissionDenied
    report = learning_report(by)
    rows: list[tuple[object, ...]] = [REPORT_HEADER]
    for row in report:
        last = row.status.last_passed
        rows.append(
            (
                row.person.full_name,
                row.person.email,
                row.status.label,
                last.completed_on.isoformat() if last else "",
                f"{last.score}/{last.total}" if last else "",
                row.status.refresher_due.isoformat() if row.status.refresher_due else "",
            )
        )
    with transaction.atomic():
        audit_record(
            kind="learning-report-exported",
            request=request,
            actor=by,
            target=by.organisation,
            detail={"rows": len(report)},
        )
    return learning_report_csv(rows)


# ------------------------------------------------------------------ reflection sessions


def _may_manage_plans(user: User) -> bool:
    return user.has_any_role((Role.LEAD, Role.ADMIN))


def _check_same_organisation(organisation_id: object, people: Iterable[User]) -> None:
    for person in people:
        if person.organisation_id != organisation_id:
            raise PermissionDenied("people must belong to the session's organisation")


def reflection_session_create(
    *,
    by: User,
    held_on: date,
    team: str,
    participants: Iterable[User],
    questions: Iterable[str],
    findings: str,
    request: HttpRequest | None = None,
) -> ReflectionSession:
    if not _may_manage_plans(by):
        raise PermissionDenied
    participants = list(participants)
    _check_same_organisation(by.organisation_id, participants)
    with transaction.atomic():
        session = ReflectionSession.objects.create(
            organisation=by.organisation,
            held_on=held_on,
            team=team,
            questions=list(questions),
            findings=findings,
            created_by=by,
        )
        session.participants.set(participants)
        audit_record(
            kind="reflection-session-created",
            request=request,
            actor=by,
            target=session,
            detail={"participants": len(participants), "questions": session.questions},
        )
    return session


def reflection_session_update(
    *,
    session: ReflectionSession,
    by: User,
    held_on: date,
    team: str,
    participants: Iterable[User],
    questions: Iterable[str],
    findings: str,
    request: HttpRequest | None = None,
) -> ReflectionSession:
    if not _may_manage_plans(by) or by.organisation_id != session.organisation_id:
        raise PermissionDenied
    participants = list(participants)
    _check_same_organisation(session.organisation_id, participants)
    with transaction.atomic():
        session.held_on = held_on
        session.team = team
        session.questions = list(questions)
        session.findings = findings
        session.save()
        session.participants.set(participants)
        audit_record(
            kind="reflection-session-updated",
            request=request,
            actor=by,
            target=session,
            detail={"participants": len(participants), "questions": session.questions},
        )
    return session


# ------------------------------------------------------------------ action plan items


def _apply_status(action: ActionItem, status: str) -> None:
    if status not in Status.values:
        raise ValueError(f"unknown status {status!r}")
    if status == Status.DONE and action.status != Status.DONE:
        action.completed_at = timezone.now()
    elif status != Status.DONE:
        action.completed_at = None
    action.status = status


def action_item_create(
    *,
    session: ReflectionSession,
    by: User,
    description: str,
    owner: User,
    due_date: date,
    request: HttpRequest | None = None,
) -> ActionItem:
    if not _may_manage_plans(by) or by.organisation_id != session.organisation_id:
        raise PermissionDenied
    _check_same_organisation(session.organisation_id, [owner])
    with transaction.atomic():
        action = ActionItem.objects.create(
            session=session, description=description, owner=owner, due_date=due_date
        )
        audit_record(
            kind="action-item-created",
            request=request,
            actor=by,
            target=action,
            detail={"session": str(session.pk), "owner": str(owner.pk)},
        )
    return action


def action_item_update(
    *,
    action: ActionItem,
    by: User,
    description: str,
    owner: User,
    due_date: date,
    status: str,
    request: HttpRequest | None = None,
) -> ActionItem:
    if not _may_manage_plans(by) or by.organisation_id != action.session.organisation_id:
        raise PermissionDenied
    _check_same_organisation(action.session.organisation_id, [owner])
    with transaction.atomic():
        if owner.pk != action.owner_id or due_date != action.due_date:
            action.last_reminded_on = None  # a new owner or date deserves its own reminder
        action.description = description
        action.owner = owner
        action.due_date = due_date
        _apply_status(action, status)
        action.save()
        audit_record(
            kind="action-item-updated",
            request=request,
            actor=by,
            target=action,
            detail={"owner": str(owner.pk), "status": action.status},
        )
    return action


def may_set_status(user: User, action: ActionItem) -> bool:
    """The owner, or a lead or admin of the same organisation."""
    if user.organisation_id != action.session.organisation_id:
        return False
    return action.owner_id == user.pk or _may_manage_plans(user)


def action_item_set_status(
    *, action: ActionItem, by: User, status: str, request: HttpRequest | None = None
) -> ActionItem:
    if not may_set_status(by, action):
        raise PermissionDenied
    with transaction.atomic():
        before = action.status
        _apply_status(action, status)
        action.save(update_fields=["status", "completed_at", "updated_at"])
        audit_record(
            kind="action-item-status-changed",
            request=request,
            actor=by,
            target=action,
            detail={"from": before, "to": action.status},
        )
    return action


# ------------------------------------------------------------------ reminders

# One working day after any day is at most five calendar days away (a Thursday before Good
# Friday and Easter Monday); the database narrows to a week, add_working_days decides exactly.
_LOOKAHEAD = timedelta(days=7)

REMINDER_SUBJECT = "An action on your Signpost action plan is due"
REMINDER_INTRO = (
    "An action you own on your team's action plan is due soon or overdue. Sign in to see it "
    "and mark it done when it is finished."
)


def actions_needing_reminder(today: date) -> list[ActionItem]:
    """Open actions due within one working day (in their organisation's nation) or overdue,
    whose owner has not already been reminded today."""
    candidates = (
        ActionItem.objects.exclude(status=Status.DONE)
        .filter(owner__is_active=True, due_date__lte=today + _LOOKAHEAD)
        .select_related("owner", "session__organisation")
    )
    due = []
    for action in candidates:
        if action.last_reminded_on is not None and action.last_reminded_on >= today:
            continue
        horizon = add_working_days(today, 1, action.session.organisation.nation)
        if action.due_date <= horizon:
            due.append(action)
    return due


def action_reminders_send(*, today: date) -> int:
    """E-mail each owner a link (no details) for each action falling due as of `today`; once a
    day at most (a daily job)."""
    sent = 0
    path = reverse("learning:my-actions")
    for action in actions_needing_reminder(today):
        with transaction.atomic():
            # Re-read under the transaction so two runs on the same day cannot both send.
            updated = (
                ActionItem.objects.filter(pk=action.pk)
                .exclude(last_reminded_on__gte=today)
                .update(last_reminded_on=today)
            )
            if not updated:
                continue
            audit_record(
                kind="action-reminder-sent",
                actor=None,
                organisation=action.session.organisation,
                target=action,
                detail={"owner": str(action.owner_id), "due": action.due_date.isoformat()},
            )
            # Queued in this transaction: the reminder mark and its e-mail stand or fall together.
            send_link_email.enqueue(
                to=action.owner.email,
                subject=REMINDER_SUBJECT,
                intro=REMINDER_INTRO,
                path=path,
                kind="action-reminder",
            )
        sent += 1
    return sent
