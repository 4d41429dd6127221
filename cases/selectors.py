"""Every read of cases goes through here, and takes the acting person (architecture.md).

A safeguarding lead sees their own organisation's cases, and the cases another organisation has
shared with theirs while the share lasts. Nobody else sees any case: practitioners, admins and
analysts get nothing, and another organisation's case is simply not found (404).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.utils.functional import cached_property

from accounts.models import User
from audit.models import AuditEvent
from cases.matching import SUGGEST_AT, Match, Sketch, match_score, name_tokens
from cases.models import (
    TYPE_BITS,
    Case,
    CaseConcern,
    CaseNote,
    CaseStatus,
    CaseType,
    Decision,
    PathwayItem,
    Share,
    Task,
    bits_with,
)
from concerns.models import Concern, Status
from concerns.selectors import concerns_for_leads
from core.access import Role

CASE_TYPE = "cases.case"
REFERRAL_TYPE = "referrals.referral"
CONCERN_TYPE = "concerns.concern"


def _is_lead(user: User) -> bool:
    return bool(user.is_authenticated and user.has_role(Role.LEAD))


def active_shares_to(user: User) -> QuerySet[Share]:
    return Share.objects.filter(with_organisation_id=user.organisation_id, revoked_at=None)


def cases_owned_by(user: User) -> QuerySet[Case]:
    """The cases of the lead's own organisation: the ones they may change."""
    if not _is_lead(user):
        return Case.objects.none()
    return Case.objects.filter(organisation_id=user.organisation_id)


def cases_shared_with(user: User) -> QuerySet[Case]:
    """Cases another organisation has shared with the lead's organisation, while shared."""
    if not _is_lead(user):
        return Case.objects.none()
    return Case.objects.filter(
        Exists(active_shares_to(user).filter(case_id=OuterRef("pk")))
    ).exclude(organisation_id=user.organisation_id)


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Own organisation's cases and those shared with it (for a lookup by id, not for lists:
    the queue lists the two separately, which keeps each list on its own index)."""
    if not _is_lead(user):
        return Case.objects.none()
    return Case.objects.filter(
        Q(organisation_id=user.organisation_id)
        | Exists(active_shares_to(user).filter(case_id=OuterRef("pk")))
    )


@dataclass(frozen=True)
class CaseAccess:
    """What one person may do with one case."""

    case: Case
    owner: bool  # a lead of the case's own organisation: may change everything
    share: Share | None  # the active share that lets a partner organisation see it

    def sees(self, part: str) -> bool:
        return self.owner or (self.share is not None and self.share.includes(part))

    @property
    def may_add_notes(self) -> bool:
        return self.owner or (self.share is not None and self.share.may_add)


def case_access(user: User, case: Case) -> CaseAccess:
    if case.organisation_id == user.organisation_id:
        return CaseAccess(case=case, owner=True, share=None)
    share = active_shares_to(user).filter(case=case).first()
    return CaseAccess(case=case, owner=False, share=share)


def received_concerns(user: User) -> QuerySet[Concern]:
    """New concerns in the lead's organisation that nobody has triaged yet."""
    return concerns_for_leads(user).filter(status=Status.RECEIVED)


def concerns_of_case(case: Case) -> QuerySet[Concern]:
    """The concerns of a case already fetched through one of the selectors above."""
    return (
        Concern.objects.filter(case_link__case=case)
        .select_related("author")
        .prefetch_related("follow_ups__author")
        .order_by("submitted_at")
    )


def case_for_page(queryset: QuerySet[Case]) -> QuerySet[Case]:
    return queryset.select_related("organisation", "assigned_lead")


def pathway_items_of(case: Case) -> QuerySet[PathwayItem]:
    return case.pathway_items.select_related("by")


def tasks_given_to(user: User) -> QuerySet[Task]:
    """The tasks the task page may show this person: those given to them in their own
    organisation (they may not be able to open the case itself, issue 15 item 5), and for a
    lead every task of the organisation's cases, which they can open anyway."""
    tasks = Task.objects.filter(case__organisation_id=user.organisation_id)
    if not user.has_role(Role.LEAD):
        tasks = tasks.filter(assigned_to_id=user.pk)
    return tasks.select_related("case", "done_by")


def tasks_of(case: Case) -> QuerySet[Task]:
    return case.tasks.select_related("assigned_to", "done_by")


def decisions_of(case: Case) -> QuerySet[Decision]:
    return case.decisions.select_related("by")


def notes_of(case: Case) -> QuerySet[CaseNote]:
    return case.notes.select_related("by", "organisation")


def notes_seen_by(access: CaseAccess) -> list[CaseNote]:
    """All the notes for the case's own organisation and a partner given "notes"; otherwise
    only the notes the partner's own organisation added."""
    if access.sees("notes"):
        return list(notes_of(access.case))
    if access.share is None:
        return []
    return list(notes_of(access.case).filter(organisation_id=access.share.with_organisation_id))


def shares_of(case: Case) -> QuerySet[Share]:
    return case.shares.select_related("with_organisation", "created_by", "revoked_by")


@dataclass(frozen=True)
class Viewer:
    name: str
    organisation: str
    last_seen: datetime
    times: int


def who_has_seen(case: Case) -> list[Viewer]:
    """People who opened this case, most recent first (security-targets.md, Audit)."""
    # Opening one of the case's referrals (its pages, answer sheet or PDF) is seeing the
    # person's record too. The referrals app sits above this one, so it is reached through the
    # case's reverse relation and the events' target type, not an import.
    referral_ids = [str(pk) for pk in case.referrals.values_list("pk", flat=True)]
    rows = (
        AuditEvent.objects.filter(
            Q(
                target_type=CASE_TYPE,
                target_id=str(case.pk),
                # Platform support's views under a support grant count as seeing the record too.
                kind__in=["case-viewed", "support-access-used"],
            )
            | Q(target_type=REFERRAL_TYPE, target_id__in=referral_ids, kind="referral-viewed")
        )
        .exclude(actor=None)
        .values("actor")
        .annotate(last_seen=Max("at"), times=Count("id"))
        .order_by("-last_seen")
    )
    people = {
        u.pk: u
        for u in User.objects.filter(pk__in=[r["actor"] for r in rows]).select_related(
            "organisation"
        )
    }
    return [
        Viewer(
            name=people[r["actor"]].full_name,
            organisation=people[r["actor"]].organisation.name,
            last_seen=r["last_seen"],
            times=r["times"],
        )
        for r in rows
        if r["actor"] in people
    ]


def last_change(case: Case) -> AuditEvent | None:
    """The most recent change to the case's own details, for the conflict message."""
    return (
        AuditEvent.objects.filter(
            target_type=CASE_TYPE,
            target_id=str(case.pk),
            kind__in=(
                "case-updated",
                "case-assigned",
                "case-decision-recorded",
                "case-concern-added",
            ),
        )
        .select_related("actor")
        .order_by("-id")
        .first()
    )


# ------------------------------------------------------------------------------ the queue

TABS = ("new", "mine", "open", "shared", "closed")
TAB_TITLES = {
    "new": "New concerns",
    "mine": "My cases",
    "open": "All open cases",
    "shared": "Shared with your organisation",
    "closed": "Closed",
}


@dataclass(frozen=True)
class QueueFilters:
    stage: str = ""
    age: str = ""  # "child" or "adult"
    type: str = ""
    due: str = ""  # "overdue" or "due-soon"
    lead: str = ""  # a user id
    q: str = ""


def _tab_base(user: User, tab: str) -> QuerySet[Case]:
    if tab == "mine":
        return cases_owned_by(user).filter(assigned_lead=user, status=CaseStatus.OPEN)
    if tab == "open":
        return cases_owned_by(user).filter(status=CaseStatus.OPEN)
    if tab == "closed":
        return cases_owned_by(user).filter(status=CaseStatus.CLOSED)
    if tab == "shared":
        return cases_shared_with(user)
    raise ValueError(tab)


# Counting every row of a big list costs more than showing a page of it: tabs count up to
# TAB_COUNT_CAP ("1,000+"), and the queue pages through at most PAGE_COUNT_CAP rows (the
# filters narrow the rest).
TAB_COUNT_CAP = 1_000
PAGE_COUNT_CAP = 10_000
# A search counts less far: past a thousand matches the lead narrows it rather than pages
# through, and counting every match of a common name grows with the whole caseload (issue 16).
SEARCH_COUNT_CAP = 1_000


def capped_count(queryset: QuerySet[Any], cap: int) -> int:
    """How many rows, counting no further than cap + 1 (so "more than cap" can be said)."""
    return queryset.order_by().values("pk")[: cap + 1].count()


def tab_counts(user: User) -> dict[str, int]:
    """Each tab's count, at most TAB_COUNT_CAP + 1."""
    return {
        "new": capped_count(received_concerns(user), TAB_COUNT_CAP),
        "mine": capped_count(_tab_base(user, "mine"), TAB_COUNT_CAP),
        "open": capped_count(_tab_base(user, "open"), TAB_COUNT_CAP),
        "shared": capped_count(_tab_base(user, "shared"), TAB_COUNT_CAP),
        "closed": capped_count(_tab_base(user, "closed"), TAB_COUNT_CAP),
    }


class CappedPaginator(Paginator):
    """A paginator of a QuerySet that counts at most `cap` rows (PAGE_COUNT_CAP unless given);
    `capped` says there were more. A list is counted in full."""

    capped = False

    def __init__(self, *args: Any, cap: int = PAGE_COUNT_CAP, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        found = capped_count(rows, self.cap) if isinstance(rows, QuerySet) else len(rows)
        self.capped = found > self.cap
        return min(found, self.cap)


def queue_cases(user: User, tab: str, filters: QueueFilters, today: date) -> QuerySet[Case]:
    cases = _tab_base(user, tab)
    if filters.stage:
        cases = cases.filter(stage=filters.stage)
    if filters.age:
        cases = cases.filter(treated_as_child=filters.age == "child")
    if filters.type in TYPE_BITS:
        # Through the case's own type_bits, not an EXISTS on CaseType: the tab's organisation
        # and status, these few bit values and child/adult are all in one index
        # (case_org_status_types), so counting the filtered list reads only the matching
        # entries instead of checking every open case's types.
        cases = cases.filter(type_bits__in=bits_with(filters.type))
    elif filters.type:
        cases = cases.filter(
            Exists(CaseType.objects.filter(case_id=OuterRef("pk"), type=filters.type))
        )
    if filters.due:
        open_tasks = Task.objects.filter(case_id=OuterRef("pk"), done_at=None)
        if filters.due == "overdue":
            open_tasks = open_tasks.filter(due_on__lt=today)
        else:
            open_tasks = open_tasks.filter(due_on__gte=today, due_on__lte=today + timedelta(7))
        cases = cases.filter(Exists(open_tasks))
    if filters.lead:
        cases = cases.filter(assigned_lead_id=uuid.UUID(filters.lead))
    if filters.q:
        cases = cases.filter(_case_search(filters.q))
    return (
        cases.select_related("assigned_lead", "organisation")
        .prefetch_related(Prefetch("types", queryset=CaseType.objects.order_by("type")))
        .order_by("-opened_at")
    )


def mark_overdue(cases: list[Case], today: date) -> list[Case]:
    """Set `has_overdue` on one page of the queue: whether the case has a task past its due
    date. Asked for the page's cases only, so it costs the same however many tasks are overdue
    across the organisation (an annotation on the whole list grew with them: issue 16)."""
    ids = {c.pk for c in cases}
    overdue = set(
        Task.objects.filter(case_id__in=ids, done_at=None, due_on__lt=today).values_list(
            "case_id", flat=True
        )
    )
    for case in cases:
        case.has_overdue = case.pk in overdue  # type: ignore[attr-defined]
    return cases


def _looks_like_reference(term: str) -> bool:
    return term.upper().startswith(("SP-", "CS-"))


def _case_search(q: str) -> Q:
    term = q.strip()
    if _looks_like_reference(term):
        # References are stored in capitals: an exact match uses the unique indexes, and a
        # concern's reference finds its case through the one-to-one link.
        ref = term.upper()
        return Q(reference=ref) | Q(
            pk__in=CaseConcern.objects.filter(concern__reference=ref).values("case_id")
        )
    return Q(person_name__icontains=term) | Q(person_description__icontains=term)


def queue_concerns(user: User, filters: QueueFilters) -> QuerySet[Concern]:
    concerns = received_concerns(user)
    if filters.age == "adult":
        concerns = concerns.filter(age_group="18-or-over")
    elif filters.age == "child":
        concerns = concerns.exclude(age_group="18-or-over")
    if filters.q:
        term = filters.q.strip()
        if _looks_like_reference(term):
            concerns = concerns.filter(reference=term.upper())
        else:
            concerns = concerns.filter(
                Q(person_name__icontains=term) | Q(person_description__icontains=term)
            )
    return concerns.order_by("-submitted_at")


# ------------------------------------------------------------------------------ triage

SUGGESTION_LIMIT = 5
RECENT_CANDIDATES = 200


def suggest_cases(user: User, concern: Concern) -> list[tuple[Case, Match]]:
    """Open cases of the lead's organisation that may be about the same person, likeliest
    first. Candidates: the same name or date of birth (indexed look-ups), a shared part of the
    name, and the most recent open cases (for descriptions alike)."""
    open_cases = cases_owned_by(user).filter(status=CaseStatus.OPEN)
    near = Q(pk__in=[])
    if concern.person_name.strip():
        near |= Q(person_name__iexact=concern.person_name.strip())
        for token in name_tokens(concern.person_name):
            if len(token) >= 3:
                near |= Q(person_name__icontains=token)
    if concern.date_of_birth:
        near |= Q(date_of_birth=concern.date_of_birth)
    candidates = {c.pk: c for c in open_cases.filter(near)[:RECENT_CANDIDATES]}
    for case in open_cases.order_by("-opened_at")[:RECENT_CANDIDATES]:
        candidates.setdefault(case.pk, case)
    sketch = Sketch(
        name=concern.person_name,
        date_of_birth=concern.date_of_birth,
        description=concern.person_description,
    )
    scored = []
    for case in candidates.values():
        match = match_score(
            sketch,
            Sketch(
                name=case.person_name,
                date_of_birth=case.date_of_birth,
                description=case.person_description,
            ),
        )
        if match.score >= SUGGEST_AT:
            scored.append((case, match))
    scored.sort(key=lambda pair: (-pair[1].score, -pair[0].opened_at.timestamp()))
    return scored[:SUGGESTION_LIMIT]
