"""What the lead's case pages show: their contexts, tables and choices, built from the acting
person and the records the view looked up.

Nothing here changes state or writes an audit event (the views do, through services); every
read of case data goes through a selector that takes the person or the access they have. The
views (cases/views.py) bind forms, call services and render what these return, under the same
context keys the templates read.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone

from accounts.models import Organisation, User
from accounts.selectors import leads_of
from cases import panels, services
from cases import selectors as sel
from cases.chronology import GROUPS, case_chronology
from cases.forms import CaseDetailsForm, QueueFilterForm, QueueSearchForm
from cases.models import Case, ItemState, PathwayItem, SharePart
from cases.selectors import CaseAccess
from cases.services import EDITABLE_FIELDS
from core.access import Role
from guidance.pathways import ACTIONS, FACT_QUESTIONS

PAGE_SIZE = 25

# ------------------------------------------------------------------------------ the queue


def queue_tab(asked: str | None) -> str:
    """The tab asked for in the address, or "new" for none or one that does not exist."""
    return asked if asked in sel.TABS else "new"


def queue_filters(form: QueueFilterForm, term: str) -> sel.QueueFilters:
    """The queue's filters from the (bound) filter form, with the search term."""
    if not form.is_valid():
        return sel.QueueFilters(q=term)
    data = form.cleaned_data
    return sel.QueueFilters(
        stage=data["stage"],
        age=data["age"],
        type=data["type"],
        due=data["due"],
        lead=data["lead"],
        q=term,
    )


def tab_count_text(count: int) -> str:
    """A tab's count as it shows: "1,234", or "1,000+" beyond the cap."""
    return f"{sel.TAB_COUNT_CAP:,}+" if count > sel.TAB_COUNT_CAP else f"{count:,}"


def queue_tabs(user: User, tab: str) -> list[dict[str, str]]:
    """The tabs with their counts. "Shared with us" only when something is, or it is open."""
    counts = sel.tab_counts(user)
    return [
        {"key": key, "title": sel.TAB_TITLES[key], "count": tab_count_text(counts[key])}
        for key in sel.TABS
        if key != "shared" or counts["shared"] or tab == "shared"
    ]


def queue_page(
    user: User,
    *,
    tab: str,
    term: str,
    form: QueueFilterForm,
    search_form: QueueSearchForm,
    query: str,
    page_number: str | None,
) -> dict[str, Any]:
    """The queue's context: one page of the tab's concerns or cases, filtered and searched.

    `query` is the address's query without the page and any name (the filters, for links)."""
    filters = queue_filters(form, term)
    today = timezone.localdate()
    items: QuerySet[Any] = (
        sel.queue_concerns(user, filters)
        if tab == "new"
        else sel.queue_cases(user, tab, filters, today)
    )
    paginator = sel.CappedPaginator(
        items, PAGE_SIZE, cap=sel.SEARCH_COUNT_CAP if term else sel.PAGE_COUNT_CAP
    )
    page: Page[Any] = paginator.get_page(page_number)
    if tab != "new":
        page.object_list = sel.mark_overdue(list(page.object_list), today)
    tab_query = QueryDict(query, mutable=True)
    tab_query.pop("tab", None)
    filtering = any(getattr(filters, f) for f in ("stage", "age", "type", "due", "lead"))
    return {
        "tab": tab,
        "tab_title": sel.TAB_TITLES[tab],
        "tabs": queue_tabs(user, tab),
        "form": form,
        "search_form": search_form,
        "error_form": search_form if search_form.errors else form,
        "searching": bool(term),
        "page": page,
        "query": query,
        "tab_query": tab_query.urlencode(),
        "filtering": filtering,
        "queue_panels": panels.fill_queue(user),  # the prompts other apps fill (cases/panels.py)
        "capped": paginator.capped,
        "status": queue_status(
            tab=tab,
            count=paginator.count,
            capped=paginator.capped,
            filtering=filtering,
            searching=bool(term),
        ),
        "today": today,
    }


def queue_status(*, tab: str, count: int, capped: bool, filtering: bool, searching: bool) -> str:
    """The sentence above the queue's table saying how many concerns or cases it lists (read
    out as a status when the list changes)."""
    noun = "concern" if tab == "new" else "case"
    narrowed_by = "search and filters" if searching and filtering else "search"
    if not searching:
        narrowed_by = "filters"
    if capped:
        return f"More than {count} {noun}s: use the filters or search to narrow them."
    if count:
        sentence = f"{count} {noun}{'' if count == 1 else 's'}"
        if filtering or searching:
            sentence += f" match{'es' if count == 1 else ''} your {narrowed_by}"
        return sentence + "."
    if filtering or searching:
        return f"Nothing matches your {narrowed_by}."
    if tab == "new":
        return "No new concerns are waiting to be triaged."
    return "There are no cases here."


# ------------------------------------------------------------------------------ choices


def lead_chosen(organisation_id: Any, value: str) -> User | None:
    """The organisation's lead whose id was chosen in a form, or None (nobody, or not a lead)."""
    if not value:
        return None
    return next((p for p in leads_of(organisation_id) if str(p.pk) == value), None)


def task_people(case: Case) -> list[User]:
    """Whom a task on the case may be given to: its organisation's active leads and
    practitioners, by name."""
    return list(
        User.objects.filter(organisation_id=case.organisation_id, is_active=True)
        .filter(roles__role__in=(Role.LEAD, Role.PRACTITIONER))
        .distinct()
        .order_by("full_name")
    )


def partners(case: Case) -> list[Organisation]:
    """Every other organisation, by name: those the case could be shared with."""
    return list(Organisation.objects.exclude(pk=case.organisation_id).order_by("name"))


def share_choices(case: Case) -> list[Organisation]:
    """The organisations the case is not shared with now."""
    shared_with = set(
        case.shares.filter(revoked_at=None).values_list("with_organisation_id", flat=True)
    )
    return [o for o in partners(case) if o.pk not in shared_with]


# ------------------------------------------------------------------------------ the case


def case_page(user: User, case: Case, access: CaseAccess) -> dict[str, Any]:
    """The case page: the pathway and what stands under each step, concerns, tasks, decisions,
    notes and the panels other apps fill, as far as `access` lets the person see them; and for
    the case's own organisation, its shares and who has seen it."""
    pathway = services.pathway_for(case)
    reasons = dict(pathway.reasons)
    # The parts other apps fill (the case's referrals and handovers), built in one call.
    filled = panels.fill(user, case, access)
    items = [
        {
            "item": item,
            "title": ACTIONS.get(item.action, item.action),
            "reason": reasons.get(item.action, ""),
            "records": filled.for_step(item.action),
        }
        for item in sel.pathway_items_of(case)
    ]
    concerns = (
        list(sel.concerns_of_case(case))
        if access.sees("concerns") or access.sees("screening")
        else []
    )
    decisions = list(sel.decisions_of(case)) if access.sees("chronology") else []
    # A decision's referral reference links to that referral when the person may open it.
    links = panels.record_links(user, case) if any(d.referral_ref for d in decisions) else {}
    context: dict[str, Any] = {
        "case": case,
        "access": access,
        "pathway": pathway,
        "items": items,
        "concerns": concerns,
        "tasks": list(sel.tasks_of(case)) if access.sees("pathway") else [],
        "decisions": decisions,
        "record_links": links,
        "panels": filled.sections,
        "side_panels": filled.side,
        "notes": sel.notes_seen_by(access),
        "types": list(case.types.order_by("type").values_list("type", flat=True)),
        "today": timezone.localdate(),
        "missing_facts": [FACT_QUESTIONS.get(k, k) for k in pathway.missing_facts],
        "sees": {part: access.sees(part) for part in SharePart.values},
        "person_rows": person_rows(case),
    }
    if access.owner:
        context.update(
            shares=list(sel.shares_of(case)),
            share_decisions=list(case.share_decisions.select_related("organisation", "by")),
            viewers=sel.who_has_seen(case),
            decision_kinds=services.decisions_allowed(case),
        )
    return context


def display(value: Any, choices: dict[Any, Any]) -> str:
    """A detail as the page says it: "Not known", "3 March 2011", or the choice's label."""
    if value in (None, ""):
        return "Not known"
    if hasattr(value, "strftime"):
        return str(value.strftime("%-d %B %Y"))
    return str(choices.get(value, value))


def _choices_of(form: CaseDetailsForm, name: str) -> dict[Any, Any]:
    return dict(getattr(form.fields[name], "choices", []) or [])


def person_rows(case: Case) -> list[tuple[str, str]]:
    """The person's details on the case, labelled as the details form labels them."""
    form = CaseDetailsForm()
    return [
        (str(form.fields[name].label), display(getattr(case, name), _choices_of(form, name)))
        for name in EDITABLE_FIELDS
    ]


def conflict_rows(form: CaseDetailsForm, current: Case) -> list[dict[str, str]]:
    """The other person's values next to yours, for the fields where they differ."""
    rows = []
    for name in EDITABLE_FIELDS:
        theirs = getattr(current, name)
        yours = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
        if (theirs or None) == (yours or None):
            continue
        choices = _choices_of(form, name)
        rows.append(
            {
                "label": str(form.fields[name].label),
                "theirs": display(theirs, choices),
                "yours": display(yours, choices),
            }
        )
    return rows


def details_conflict(form: CaseDetailsForm, case: Case, current: Case) -> dict[str, Any]:
    """What the details page shows when someone else saved first: the fields that differ and
    the change that made them differ."""
    return {"rows": conflict_rows(form, current), "change": sel.last_change(case)}


def conflict(case: Case, current: Case) -> dict[str, Any]:
    """What the assign and decide pages show when someone else saved first."""
    return {"current": current, "change": sel.last_change(case)}


def pathway_item_initial(item: PathwayItem) -> dict[str, Any]:
    """The step's form as it stands ("No longer needed" is the pathway's to say, not asked)."""
    return {
        "state": item.state if item.state != ItemState.NO_LONGER_NEEDED else "",
        "done_on": item.done_on.strftime("%-d %-m %Y") if item.done_on else "",
        "note": item.note,
    }


def pathway_item_page(case: Case, item: PathwayItem, form: Any) -> dict[str, Any]:
    return {
        "case": case,
        "item": item,
        "title": ACTIONS.get(item.action, item.action),
        "reason": dict(services.pathway_for(case).reasons).get(item.action, ""),
        "form": form,
    }


def chronology_group(asked: str) -> str:
    """The kind of entry asked for in the address, or "" (all) for one that does not exist."""
    return asked if asked in GROUPS else ""


def chronology_page(case: Case, access: CaseAccess, group: str) -> dict[str, Any]:
    return {
        "case": case,
        "access": access,
        "entries": case_chronology(case, access=access, group=group),
        "groups": GROUPS,
        "group": group,
        "group_title": GROUPS.get(group, ""),
    }
