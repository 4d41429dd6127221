"""The safeguarding lead's pages: the queue, triage, the case and the work on it.

Every view is for leads (403 for other roles) and looks records up through a selector that takes
the acting person, so another organisation's case is a 404 unless it has been shared with theirs.
Only the case's own organisation may change it; a partner organisation reads what was shared,
and adds notes if the share allows.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from accounts.models import Organisation, User
from accounts.selectors import leads_of
from audit.services import audit_record
from cases import panels, services
from cases import selectors as sel
from cases.chronology import GROUPS, case_chronology
from cases.forms import (
    AssignForm,
    CaseDetailsForm,
    DecisionForm,
    NoShareForm,
    NoteForm,
    PathwayItemForm,
    QueueFilterForm,
    QueueSearchForm,
    RevokeShareForm,
    ShareForm,
    TaskForm,
    TriageForm,
)
from cases.models import Case, CaseStatus, ItemState, Share, SharePart, Task
from cases.services import EDITABLE_FIELDS, CaseConflict, NotAllowed
from concerns.models import Status
from core.access import Role, roles_required
from core.forms import posted as _posted
from core.forms import posted_version as _posted_version
from guidance.pathways import ACTIONS, FACT_QUESTIONS

PAGE_SIZE = 25
CONFLICT = "Someone else changed this case while you were editing it"


def _owned(request: HttpRequest, pk: uuid.UUID) -> Case:
    return get_object_or_404(sel.case_for_page(sel.cases_owned_by(request.user)), pk=pk)


def _visible(request: HttpRequest, pk: uuid.UUID) -> Case:
    return get_object_or_404(sel.case_for_page(sel.cases_visible_to(request.user)), pk=pk)


def _lead(organisation_id: Any, value: str) -> User | None:
    if not value:
        return None
    return next((p for p in leads_of(organisation_id) if str(p.pk) == value), None)


# ------------------------------------------------------------------------------ the queue


# The queue's search term lives in the session (kept on the server), never in the address: a
# victim's name in a URL would reach browser history, proxy and server logs (issue 17, and
# architecture.md "No case data in URLs"). Post the search, redirect, read it back (PRG).
QUEUE_SEARCH_KEY = "cases-queue-search"


def search_term_key(term: str) -> str:
    """A keyed hash of what was searched for, for the audit event.

    The term itself is personal data (usually a victim's name), and the audit trail outlives
    the cases it is about, so it is not kept there. The keyed hash answers "who searched for
    this person?" when someone asks it with a name in hand (hash the name and look for it),
    while nobody reading the audit table can read names out of it. Letter case and spacing
    do not matter, as they do not to the search."""
    normal = " ".join(term.casefold().split())
    return salted_hmac("signpost.cases.queue-search", normal).hexdigest()


def _queue_filters_query(request: HttpRequest) -> str:
    """The address's query without the page and without any name (an old bookmark's `q`)."""
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("q", None)
    return query.urlencode()


@roles_required(Role.LEAD)
def queue(request: HttpRequest) -> HttpResponse:
    """New concerns to triage and the cases in hand, with filters, search and pages."""
    user = request.user
    tab = request.GET.get("tab") or "new"
    if tab not in sel.TABS:
        tab = "new"
    base_query = _queue_filters_query(request)
    search_form = QueueSearchForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("action") == "clear":
            request.session.pop(QUEUE_SEARCH_KEY, None)
            return redirect(f"{reverse('cases:queue')}?{base_query}")
        if search_form.is_valid():
            term = search_form.cleaned_data["q"].strip()
            if term:
                request.session[QUEUE_SEARCH_KEY] = term
            else:
                request.session.pop(QUEUE_SEARCH_KEY, None)
            return redirect(f"{reverse('cases:queue')}?{base_query}")
    term = request.session.get(QUEUE_SEARCH_KEY, "")
    if request.method != "POST":
        search_form = QueueSearchForm(initial={"q": term})
    leads = leads_of(user.organisation_id)
    filter_data = request.GET.copy()
    filter_data.pop("q", None)
    form = QueueFilterForm(filter_data or None, leads=leads)
    filters = sel.QueueFilters(q=term)
    if form.is_valid():
        data = form.cleaned_data
        filters = sel.QueueFilters(
            stage=data["stage"],
            age=data["age"],
            type=data["type"],
            due=data["due"],
            lead=data["lead"],
            q=term,
        )
    today = timezone.localdate()
    if tab == "new":
        items = sel.queue_concerns(user, filters)
    else:
        items = sel.queue_cases(user, tab, filters, today)
    paginator = sel.CappedPaginator(
        items, PAGE_SIZE, cap=sel.SEARCH_COUNT_CAP if term else sel.PAGE_COUNT_CAP
    )
    page = paginator.get_page(request.GET.get("page"))
    if tab != "new":
        page.object_list = sel.mark_overdue(list(page.object_list), today)
    if term:
        # A search is a read of the people it finds: record whose records it showed.
        audit_record(
            request=request,
            kind="case-queue-searched",
            detail={
                "tab": tab,
                "page": page.number,
                "shown": [str(obj.pk) for obj in page.object_list],
                "term_key": search_term_key(term),
            },
        )
    tab_query = QueryDict(base_query, mutable=True)
    tab_query.pop("tab", None)
    counts = sel.tab_counts(user)
    tabs = [
        {
            "key": key,
            "title": sel.TAB_TITLES[key],
            "count": (
                f"{sel.TAB_COUNT_CAP:,}+" if counts[key] > sel.TAB_COUNT_CAP else f"{counts[key]:,}"
            ),
        }
        for key in sel.TABS
        if key != "shared" or counts["shared"] or tab == "shared"
    ]
    filtering = any(getattr(filters, f) for f in ("stage", "age", "type", "due", "lead"))
    errors = form.errors or search_form.errors
    return render(
        request,
        "cases/queue.html",
        {
            "tab": tab,
            "tab_title": sel.TAB_TITLES[tab],
            "tabs": tabs,
            "form": form,
            "search_form": search_form,
            "error_form": search_form if search_form.errors else form,
            "searching": bool(term),
            "page": page,
            "query": base_query,
            "tab_query": tab_query.urlencode(),
            "filtering": filtering,
            "capped": paginator.capped,
            "today": today,
            "queue_panels": panels.fill_queue(request.user),  # prompts other apps fill
        },
        status=400 if errors else 200,
    )


# ------------------------------------------------------------------------------ triage


@roles_required(Role.LEAD, object_scoped=True)
def triage(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Open a new case for the concern, or add it to a case about the same person."""
    concern = get_object_or_404(sel.concerns_for_leads(request.user), pk=pk)
    if concern.status != Status.RECEIVED:
        link = getattr(concern, "case_link", None)
        messages.info(request, f"Concern {concern.reference} has already been triaged.")
        if link is not None:
            return redirect("cases:detail", pk=link.case_id)
        return redirect("cases:queue")
    suggestions = sel.suggest_cases(request.user, concern)
    leads = leads_of(request.user.organisation_id)
    form = TriageForm(
        _posted(request),
        suggestions=suggestions,
        leads=leads,
        find_case=lambda ref: (
            sel.cases_owned_by(request.user).filter(status=CaseStatus.OPEN, reference=ref).first()
        ),
        initial={"lead": str(request.user.pk)},
    )
    if request.method == "POST" and form.is_valid():
        lead = _lead(request.user.organisation_id, form.cleaned_data["lead"])
        choice = form.cleaned_data["choice"]
        try:
            if choice == "new":
                case = services.case_open(
                    concern=concern, lead=lead, by=request.user, request=request
                )
                messages.success(request, f"Case {case.reference} opened")
            else:
                case = form.cleaned_data["case"] or get_object_or_404(
                    sel.cases_owned_by(request.user).filter(status=CaseStatus.OPEN), pk=choice
                )
                services.case_add_concern(
                    case=case, concern=concern, lead=lead, by=request.user, request=request
                )
                messages.success(
                    request, f"Concern {concern.reference} added to case {case.reference}"
                )
        except services.AlreadyTriaged:
            messages.info(request, f"Someone else has just triaged concern {concern.reference}.")
            return redirect("cases:queue")
        return redirect("cases:detail", pk=case.pk)
    audit_record(request=request, kind="concern-viewed", target=concern, detail={"page": "triage"})
    return render(
        request,
        "cases/triage.html",
        {"concern": concern, "form": form, "suggestions": suggestions},
        status=400 if form.errors else 200,
    )


# ------------------------------------------------------------------------------ the case


@roles_required(Role.LEAD, object_scoped=True)
def detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    case = _visible(request, pk)
    access = sel.case_access(request.user, case)
    services.case_viewed(case=case, request=request)
    pathway = services.pathway_for(case)
    reasons = dict(pathway.reasons)
    # The parts other apps fill (referrals, handovers, data protection), built in one call.
    filled = panels.fill(request.user, case, access)
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
    links = (
        panels.record_links(request.user, case) if any(d.referral_ref for d in decisions) else {}
    )
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
        "person_rows": _person_rows(case),
    }
    if access.owner:
        context.update(
            shares=list(sel.shares_of(case)),
            share_decisions=list(case.share_decisions.select_related("organisation", "by")),
            viewers=sel.who_has_seen(case),
            decision_kinds=services.decisions_allowed(case),
        )
    return render(request, "cases/detail.html", context)


def _person_rows(case: Case) -> list[tuple[str, str]]:
    form = CaseDetailsForm()
    rows = []
    for name in EDITABLE_FIELDS:
        field = form.fields[name]
        choices = dict(getattr(field, "choices", []) or [])
        rows.append((str(field.label), _display(getattr(case, name), choices)))
    return rows


def _conflict_rows(form: CaseDetailsForm, current: Case) -> list[dict[str, str]]:
    """The other person's values next to yours, for the fields where they differ."""
    rows = []
    for name in EDITABLE_FIELDS:
        field = form.fields[name]
        theirs = getattr(current, name)
        yours = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
        if (theirs or None) == (yours or None):
            continue
        choices = dict(getattr(field, "choices", []) or [])
        rows.append(
            {
                "label": str(field.label),
                "theirs": _display(theirs, choices),
                "yours": _display(yours, choices),
            }
        )
    return rows


def _display(value: Any, choices: dict[Any, Any]) -> str:
    if value in (None, ""):
        return "Not known"
    if hasattr(value, "strftime"):
        return value.strftime("%-d %B %Y")
    return str(choices.get(value, value))


@roles_required(Role.LEAD, object_scoped=True)
def edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Change the person's details and the pathway facts. The pathway follows."""
    case = _owned(request, pk)
    initial = {name: getattr(case, name) for name in EDITABLE_FIELDS}
    version = _posted_version(request) if request.method == "POST" else case.version
    form = CaseDetailsForm(_posted(request), initial=initial)
    conflict: dict[str, Any] | None = None
    status = 200
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in EDITABLE_FIELDS}
        try:
            result = services.case_update(
                case=case,
                values=values,
                version=version,
                by=request.user,
                request=request,
            )
        except CaseConflict as exc:
            # Keep everything typed; take the new version so saving again is a choice made
            # after seeing their change.
            version = exc.current.version
            conflict = {"rows": _conflict_rows(form, exc.current), "change": sel.last_change(case)}
            form.add_error(None, CONFLICT)
            status = 409
        else:
            message = "Details saved"
            if result.added or result.dropped:
                message += ". The pathway has changed: check the actions"
            messages.success(request, message)
            return redirect("cases:detail", pk=case.pk)
    elif form.errors:
        status = 400
    # The form shows the person's details: a read for "who has seen this record" (issue 17).
    services.case_viewed(case=case, request=request, page="details-edit")
    return render(
        request,
        "cases/edit.html",
        {"case": case, "form": form, "conflict": conflict, "version": version},
        status=status,
    )


@roles_required(Role.LEAD, object_scoped=True)
def assign(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    case = _owned(request, pk)
    leads = leads_of(case.organisation_id)
    initial = {"lead": str(case.assigned_lead_id or "")}
    version = _posted_version(request) if request.method == "POST" else case.version
    form = AssignForm(_posted(request), leads=leads, initial=initial)
    conflict = None
    status = 200
    if request.method == "POST" and form.is_valid():
        lead = _lead(case.organisation_id, form.cleaned_data["lead"])
        try:
            services.case_assign(
                case=case,
                lead=lead,
                version=version,
                by=request.user,
                request=request,
            )
        except CaseConflict as exc:
            version = exc.current.version
            form.add_error(None, CONFLICT)
            conflict = {"current": exc.current, "change": sel.last_change(case)}
            status = 409
        else:
            messages.success(
                request,
                f"Case assigned to {lead.full_name}" if lead else "The case has no lead now",
            )
            return redirect("cases:detail", pk=case.pk)
    elif form.errors:
        status = 400
    return render(
        request,
        "cases/assign.html",
        {"case": case, "form": form, "conflict": conflict, "version": version},
        status=status,
    )


@roles_required(Role.LEAD, object_scoped=True)
def pathway_item(request: HttpRequest, pk: uuid.UUID, action: str) -> HttpResponse:
    case = _owned(request, pk)
    item = get_object_or_404(case.pathway_items, action=action)
    initial = {
        "state": item.state if item.state != ItemState.NO_LONGER_NEEDED else "",
        "done_on": item.done_on.strftime("%-d %-m %Y") if item.done_on else "",
        "note": item.note,
    }
    form = PathwayItemForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.pathway_item_update(
            item=item,
            state=form.cleaned_data["state"],
            done_on=form.cleaned_data["done_on"],
            note=form.cleaned_data["note"],
            by=request.user,
            request=request,
        )
        messages.success(request, f"{ACTIONS.get(action, action)}: saved")
        return redirect(f"{case_url(case)}#pathway")
    reason = dict(services.pathway_for(case).reasons).get(action, "")
    return render(
        request,
        "cases/pathway_item.html",
        {
            "case": case,
            "item": item,
            "title": ACTIONS.get(action, action),
            "reason": reason,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


def case_url(case: Case) -> str:
    return services.case_path(case)


@roles_required(Role.LEAD, object_scoped=True)
def task_add(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    case = _owned(request, pk)
    people = list(
        User.objects.filter(organisation_id=case.organisation_id, is_active=True)
        .filter(roles__role__in=(Role.LEAD, Role.PRACTITIONER))
        .distinct()
        .order_by("full_name")
    )
    form = TaskForm(_posted(request), people=people, initial={"working_days": 5})
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["assigned_to"]
        assigned = next((p for p in people if str(p.pk) == chosen), None)
        task = services.task_add(
            case=case,
            title=form.cleaned_data["title"],
            working_days=form.cleaned_data["working_days"],
            assigned_to=assigned,
            by=request.user,
            request=request,
        )
        messages.success(request, f"Task added, due {task.due_on:%-d %B %Y}")
        return redirect(f"{case_url(case)}#tasks")
    return render(
        request,
        "cases/task_add.html",
        {"case": case, "form": form},
        status=400 if form.errors else 200,
    )


@roles_required(Role.LEAD, object_scoped=True)
def task_done(request: HttpRequest, pk: uuid.UUID, task_pk: uuid.UUID) -> HttpResponse:
    case = _owned(request, pk)
    task: Task = get_object_or_404(case.tasks, pk=task_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.task_complete(task=task, by=request.user, request=request)
    messages.success(request, f"Task done: {task.title}")
    return redirect(f"{case_url(case)}#tasks")


@roles_required(Role.LEAD, object_scoped=True)
def decide(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    case = _owned(request, pk)
    allowed = services.decisions_allowed(case)
    version = _posted_version(request) if request.method == "POST" else case.version
    # The case's own referrals (registered by referrals, cases/panels.py), to pick the one made
    # (its reference is what is stored).
    referrals = panels.decision_records(request.user, case)
    form = DecisionForm(_posted(request), allowed=allowed, referrals=referrals)
    conflict = None
    status = 200
    if request.method == "POST" and version != case.version:
        # Checked before the form: what may be decided depends on the case as it is now.
        form.is_valid()
        form.add_error(None, CONFLICT)
        conflict = {"current": case, "change": sel.last_change(case)}
        version = case.version
        status = 409
    elif request.method == "POST" and form.is_valid():
        try:
            decision = services.case_decide(
                case=case,
                kind=form.cleaned_data["kind"],
                rationale=form.cleaned_data["rationale"],
                referral_ref=form.cleaned_data["referral_ref"],
                version=version,
                by=request.user,
                request=request,
            )
        except CaseConflict as exc:
            version = exc.current.version
            form = DecisionForm(
                request.POST,
                allowed=services.decisions_allowed(exc.current),
                referrals=referrals,
            )
            form.is_valid()
            form.add_error(None, CONFLICT)
            conflict = {"current": exc.current, "change": sel.last_change(case)}
            status = 409
        except NotAllowed:
            raise Http404 from None
        else:
            messages.success(request, f"Decision recorded: {decision.get_kind_display()}")
            return redirect("cases:detail", pk=case.pk)
    elif form.errors:
        status = 400
    return render(
        request,
        "cases/decide.html",
        {"case": case, "form": form, "conflict": conflict, "version": version},
        status=status,
    )


@roles_required(Role.LEAD, object_scoped=True)
def note_add(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    case = _visible(request, pk)
    access = sel.case_access(request.user, case)
    if not access.may_add_notes:
        raise Http404
    form = NoteForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.note_add(
            case=case, text=form.cleaned_data["text"], by=request.user, request=request
        )
        messages.success(request, "Note added")
        return redirect(f"{case_url(case)}#notes")
    return render(
        request,
        "cases/note_add.html",
        {"case": case, "form": form},
        status=400 if form.errors else 200,
    )


def _partners(case: Case) -> list[Organisation]:
    return list(Organisation.objects.exclude(pk=case.organisation_id).order_by("name"))


@roles_required(Role.LEAD, object_scoped=True)
def share(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    case = _owned(request, pk)
    shared_with = set(
        case.shares.filter(revoked_at=None).values_list("with_organisation_id", flat=True)
    )
    organisations = [o for o in _partners(case) if o.pk not in shared_with]
    form = ShareForm(_posted(request), organisations=organisations)
    if request.method == "POST" and form.is_valid():
        organisation = next(
            o for o in organisations if str(o.pk) == form.cleaned_data["organisation"]
        )
        services.case_share(
            case=case,
            organisation=organisation,
            reason=form.cleaned_data["reason"],
            parts=form.cleaned_data["parts"],
            may_add=form.cleaned_data["may_add"] == "yes",
            by=request.user,
            request=request,
        )
        messages.success(request, f"Case shared with {organisation.name}")
        return redirect(f"{case_url(case)}#sharing")
    return render(
        request,
        "cases/share.html",
        {"case": case, "form": form},
        status=400 if form.errors else 200,
    )


@roles_required(Role.LEAD, object_scoped=True)
def share_revoke(request: HttpRequest, pk: uuid.UUID, share_pk: uuid.UUID) -> HttpResponse:
    case = _owned(request, pk)
    the_share: Share = get_object_or_404(
        case.shares.select_related("with_organisation"), pk=share_pk, revoked_at=None
    )
    form = RevokeShareForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.share_revoke(
            share=the_share, reason=form.cleaned_data["reason"], by=request.user, request=request
        )
        messages.success(request, f"{the_share.with_organisation.name} can no longer see the case")
        return redirect(f"{case_url(case)}#sharing")
    return render(
        request,
        "cases/share_revoke.html",
        {"case": case, "share": the_share, "form": form},
        status=400 if form.errors else 200,
    )


@roles_required(Role.LEAD, object_scoped=True)
def no_share(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    case = _owned(request, pk)
    organisations = _partners(case)
    form = NoShareForm(_posted(request), organisations=organisations)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["organisation"]
        organisation = next((o for o in organisations if str(o.pk) == chosen), None)
        services.share_decline(
            case=case,
            organisation=organisation,
            organisation_name=form.cleaned_data["organisation_name"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            request=request,
        )
        messages.success(request, "Your decision not to share has been recorded")
        return redirect(f"{case_url(case)}#sharing")
    return render(
        request,
        "cases/no_share.html",
        {"case": case, "form": form},
        status=400 if form.errors else 200,
    )


@roles_required(Role.LEAD, object_scoped=True)
def chronology(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    case = _visible(request, pk)
    access = sel.case_access(request.user, case)
    if not access.sees("chronology"):
        raise Http404
    group = request.GET.get("kind", "")
    if group not in GROUPS:
        group = ""
    services.case_viewed(case=case, request=request, page="chronology")
    return render(
        request,
        "cases/chronology.html",
        {
            "case": case,
            "access": access,
            "entries": case_chronology(case, access=access, group=group),
            "groups": GROUPS,
            "group": group,
            "group_title": GROUPS.get(group, ""),
        },
    )
