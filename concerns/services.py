"""Every change to drafts and concerns, one function each (architecture.md, "Where logic goes").

Each saves inside transaction.atomic(), writes its audit event in the same transaction (ids and
codes only, never what anyone typed) and queues its e-mail in that same transaction, as a link
only (docs/conventions.md: the change and its e-mail commit together or not at all).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.selectors import leads_of
from audit.services import audit_record
from concerns import counting, journey
from concerns.models import Concern, Draft, FollowUp
from core.references import new_reference as core_reference
from core.tasks import send_link_email

# Crockford-style alphabet without 0/O, 1/I/L and U: easy to read out over the phone.
DRAFT_LIFETIME = timedelta(days=30)  # the issue: drafts untouched for 30 days are deleted
DRAFT_REMINDER_AFTER = DRAFT_LIFETIME - timedelta(days=7)  # ...with a reminder 7 days before

# The answers a draft may hold: every field of every page, plus what the pages derive.
ANSWER_KEYS = frozenset(
    name for page in journey.PAGES.values() for name in page.form.base_fields
) | {"date_of_birth", "something_else"}


def new_reference() -> str:
    """Like SP-7K3F-9QXD: 30^8 (about 6.6 x 10^11) possibilities, random, no personal data."""
    return core_reference("SP")


def _allowed(answers: dict[str, Any]) -> dict[str, Any]:
    return {
        k: v
        for k, v in answers.items()
        if k in ANSWER_KEYS or k.startswith(("signs_", journey.HINT_PREFIX))
    }


# ------------------------------------------------------------------------------ drafts


def draft_start(
    *,
    by: User,
    answers: dict[str, Any] | None = None,
    replace: bool = False,
    request: HttpRequest | None = None,
) -> Draft:
    """Start a new draft, optionally with answers carried over from the guide. If the person
    already has one, it is kept unless `replace` says to start again."""
    try:
        with transaction.atomic():
            existing = Draft.objects.select_for_update().filter(author=by).first()
            if existing is not None and not replace:
                return existing
            if existing is not None:
                draft_delete(draft=existing, by=by, request=request, why="started-again")
            draft = Draft.objects.create(author=by, page="danger", answers=_allowed(answers or {}))
            audit_record(
                request=request,
                kind="concern-draft-started",
                actor=by,
                target=draft,
                detail={"carried_over": sorted(draft.answers)},
            )
    except IntegrityError:
        # A double click on "Start now": the other request made the draft (one per author).
        return Draft.objects.get(author=by)
    return draft


def draft_save_page(*, draft: Draft, page: str, answers: dict[str, Any], complete: bool) -> Draft:
    """Save one page's answers. `complete` is False when the page had an error: what was typed
    is still kept, but the page is not counted as answered."""
    with transaction.atomic():
        # Merge into the row as it is now, locked: an autosave racing this page save (the blur
        # that comes with pressing Continue) must not put back older answers.
        fresh = Draft.objects.select_for_update().get(pk=draft.pk)
        fresh.answers = {**fresh.answers, **_allowed(answers)}
        completed = [s for s in fresh.completed if s != page]
        if complete:
            completed.append(page)
        fresh.completed = completed
        fresh.page = page
        fresh.reminded_at = None
        fresh.save(update_fields=["answers", "completed", "page", "reminded_at", "updated_at"])
    _refresh(draft, fresh)
    return draft


def _refresh(draft: Draft, fresh: Draft) -> None:
    """Give the caller's object what was saved, so the view goes on from the saved state."""
    for name in ("answers", "completed", "page", "reminded_at", "updated_at"):
        setattr(draft, name, getattr(fresh, name))


def draft_autosave(*, draft: Draft, page: str, values: dict[str, str]) -> Draft:
    """Save text while it is typed (static/js/autosave.js). Only the page's long text fields."""
    allowed = set(journey.PAGES[page].autosave_fields)
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"not an autosaved field of {page}: {sorted(unknown)}")
    with transaction.atomic():
        fresh = Draft.objects.select_for_update().get(pk=draft.pk)
        fresh.answers = {**fresh.answers, **values}
        fresh.page = page
        fresh.reminded_at = None
        fresh.save(update_fields=["answers", "page", "reminded_at", "updated_at"])
    _refresh(draft, fresh)
    return draft


def draft_autosave_signs(*, draft: Draft, answers: dict[str, Any]) -> Draft:
    """Save the signs page's ticks and its yes/no answers to the signs found in the text as
    they are made (static/js/signs-autosave.js). `answers` comes from a checked SignsForm:
    only its groups of signs and hints. The page is not marked answered until Continue."""
    unknown = [k for k in answers if not k.startswith(("signs_", journey.HINT_PREFIX))]
    if unknown:
        raise ValueError(f"not a sign or hint answer: {sorted(unknown)}")
    with transaction.atomic():
        fresh = Draft.objects.select_for_update().get(pk=draft.pk)
        fresh.answers = {**fresh.answers, **answers}
        fresh.page = "signs"
        fresh.reminded_at = None
        fresh.save(update_fields=["answers", "page", "reminded_at", "updated_at"])
    _refresh(draft, fresh)
    return draft


def draft_visit(*, draft: Draft, page: str) -> None:
    """Remember where the person is, so signing in again resumes at the same page."""
    if draft.page != page or draft.reminded_at is not None:
        draft.page = page
        draft.reminded_at = None
        draft.save(update_fields=["page", "reminded_at", "updated_at"])


def draft_delete(
    *, draft: Draft, by: User | None, request: HttpRequest | None = None, why: str = "deleted"
) -> None:
    with transaction.atomic():
        audit_record(
            request=request,
            kind="concern-draft-deleted",
            actor=by,
            organisation=draft.author.organisation,
            target=draft,
            detail={"why": why},
        )
        draft.delete()


@dataclass(frozen=True)
class PurgeResult:
    deleted: int
    reminded: int


def drafts_purge(*, now: datetime | None = None) -> PurgeResult:
    """Delete drafts untouched for 30 days; remind (once, link only) those untouched for 23."""
    now = now or timezone.now()
    deleted = 0
    for draft in Draft.objects.filter(updated_at__lt=now - DRAFT_LIFETIME).select_related(
        "author__organisation"
    ):
        draft_delete(draft=draft, by=None, why="untouched-30-days")
        deleted += 1
    reminded = 0
    due = Draft.objects.filter(
        updated_at__lt=now - DRAFT_REMINDER_AFTER, reminded_at__isnull=True
    ).select_related("author__organisation")
    for draft in due:
        with transaction.atomic():
            # update(), not save(): a reminder must not count as touching the draft.
            if not Draft.objects.filter(pk=draft.pk, reminded_at__isnull=True).update(
                reminded_at=now
            ):
                continue
            audit_record(
                kind="concern-draft-reminder-sent",
                actor=None,
                organisation=draft.author.organisation,
                target=draft,
            )
            # Queued in this transaction: the reminder mark and its e-mail stand or fall together.
            send_link_email.enqueue(
                to=draft.author.email,
                subject="You have an unfinished concern in Signpost",
                intro="You started recording a concern in Signpost and have not finished "
                "it. It will be deleted in 7 days unless you carry on with it. If you no "
                "longer need it, you can ignore this message.",
                path=reverse("concerns:tasks"),
                kind="draft-reminder",
            )
        reminded += 1
    return PurgeResult(deleted=deleted, reminded=reminded)


def drafts_purge_daily(*, today: date) -> int:
    """The daily housekeeping job (core/scheduling.py): drafts deleted and reminded as of
    `today`, at the present time of day (so the worker's run, dated today, purges as of now;
    `run_daily_jobs --today` another day purges as that day would have)."""
    now = timezone.localtime()
    if today != now.date():
        now = timezone.make_aware(datetime.combine(today, now.time()))
    result = drafts_purge(now=now)
    return result.deleted + result.reminded


# ------------------------------------------------------------------------------ concerns


class NotReady(Exception):
    """The draft is missing answers a concern cannot be sent without."""


def _concern_fields(answers: dict[str, Any]) -> dict[str, Any]:
    text_fields = (
        "person_name",
        "person_description",
        "gender",
        "nationality",
        "languages",
        "interpreter_needed",
        "location",
        "something_else",
        "happened_when",
        "happened_where",
        "their_words",
        "what_you_saw",
        "others_present",
        "exploiters",
        "others_exploited",
        "how_it_started",
        "what_they_do",
        "living_conditions",
        "treatment",
        "birthplace",
        "family",
        "education",
        "work_history",
        "someone_answered_for_them",
        "others_at_risk",
        "children_at_risk",
        "already_in_nrm",
        "age_disputed",
        "told_anyone",
        "told_who",
        "spoken_to_person",
        "consent_to_nrm",
    )
    values: dict[str, Any] = {name: (answers.get(name) or "") for name in text_fields}
    values["immediate_danger"] = answers.get("immediate_danger") or "not-sure"
    values["age_group"] = answers.get("age_group") or "not-sure"
    age = answers.get("age_years")
    values["age_years"] = int(age) if isinstance(age, int | str) and str(age).isdigit() else None
    values["date_of_birth"] = answers.get("date_of_birth") or None
    return _fit_model(values)


def _fit_model(values: dict[str, Any]) -> dict[str, Any]:
    """Drop what the database would refuse. A page left with an error keeps its typed text in
    the draft, but an unchecked value (too long, not one of the choices) is not sent."""
    for name, value in values.items():
        if not isinstance(value, str) or not value:
            continue
        field = Concern._meta.get_field(name)
        if not isinstance(field, models.Field):  # a relation's reverse side holds no typed text
            continue
        choices = {str(c[0]) for c in field.choices or ()}
        too_long = field.max_length is not None and len(value) > field.max_length
        if too_long or (choices and value not in choices):
            values[name] = "" if field.blank else field.get_default()
    return values


def leads_to_tell(concern: Concern) -> int:
    """How many leads, other than the author, were told of this concern by e-mail."""
    return len(_lead_emails(concern, except_user=concern.author))


def _lead_emails(concern: Concern, *, except_user: User) -> list[str]:
    return [lead.email for lead in leads_of(concern.organisation_id) if lead.pk != except_user.pk]


def _notify_leads(concern: Concern, *, by: User, subject: str, intro: str, kind: str) -> int:
    """Queue the leads' e-mails in the caller's transaction (the task table is in the same
    database): the concern and its e-mails are committed together or not at all."""
    emails = _lead_emails(concern, except_user=by)
    path = reverse("concerns:lead-detail", kwargs={"pk": concern.pk})
    for email in emails:
        send_link_email.enqueue(to=email, subject=subject, intro=intro, path=path, kind=kind)
    return len(emails)


def concern_submit(
    *, draft: Draft, by: User, request: HttpRequest | None = None
) -> tuple[Concern, bool]:
    """Send a draft as a concern, exactly once: (concern, created).

    The draft's one-time submission token has a unique constraint on Concern, so a double
    click, a resubmitted page, two tabs or a retried request all get the one concern the first
    of them created (security-targets.md, Reliability: "One submission, once").
    """
    token: uuid.UUID = draft.submission_token
    existing = Concern.objects.filter(submission_token=token).first()
    if existing is not None:
        return existing, False
    missing = journey.missing_required(draft.completed)
    if missing:
        raise NotReady(", ".join(p.slug for p in missing))
    answers = dict(draft.answers)
    screening = journey.screening_for(answers)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                concern = Concern(
                    reference=new_reference(),
                    organisation=by.organisation,
                    author=by,
                    submission_token=token,
                    submitted_at=timezone.now(),
                    indicator_ids=list(screening.observed),
                    screening=screening.to_dict(),
                    signs_from_text=journey.signs_from_text(answers),
                    **_concern_fields(answers),
                )
                concern.save(force_insert=True)
                Draft.objects.filter(pk=draft.pk).delete()
                counting.concern_added(concern)
                audit_record(
                    request=request,
                    kind="concern-submitted",
                    actor=by,
                    target=concern,
                    detail={
                        "reference": concern.reference,
                        "catalogue_version": screening.catalogue_version,
                        "indicators": len(screening.observed),
                        "confirmed_from_text": len(concern.signs_from_text),
                    },
                )
                told = _notify_leads(
                    concern,
                    by=by,
                    subject="A new concern has been recorded",
                    intro="Someone in your organisation has recorded a concern about a person "
                    "who may be trafficked or exploited. Sign in to read it today.",
                    kind="concern-submitted",
                )
                audit_record(
                    request=request,
                    kind="concern-leads-notified",
                    actor=by,
                    target=concern,
                    detail={"leads": told},
                )
            return concern, True
        except IntegrityError:
            winner = Concern.objects.filter(submission_token=token).first()
            if winner is not None:
                return winner, False
            # Otherwise the random reference collided with another: try a new one.
    raise RuntimeError("could not find a free concern reference")


def concern_add_information(
    *,
    concern: Concern,
    by: User,
    text: str,
    token: uuid.UUID | None = None,
    request: HttpRequest | None = None,
) -> FollowUp:
    """Add information to a sent concern, once per form token. What was sent is never changed."""
    if token is not None:
        existing = FollowUp.objects.filter(submission_token=token, concern=concern).first()
        if existing is not None:
            return existing
    try:
        return _add_information(concern=concern, by=by, text=text, token=token, request=request)
    except IntegrityError:
        # The same form sent twice at the same instant: the other request added it.
        return FollowUp.objects.get(submission_token=token, concern=concern)


def _add_information(
    *, concern: Concern, by: User, text: str, token: uuid.UUID | None, request: HttpRequest | None
) -> FollowUp:
    with transaction.atomic():
        follow_up = FollowUp.objects.create(
            concern=concern, author=by, text=text, submission_token=token
        )
        audit_record(
            request=request,
            kind="concern-information-added",
            actor=by,
            target=concern,
            detail={"follow_up": str(follow_up.pk)},
        )
        _notify_leads(
            concern,
            by=by,
            subject="More information has been added to a concern",
            intro="Someone in your organisation has added information to a concern. Sign in "
            "to read it.",
            kind="concern-information-added",
        )
    return follow_up
