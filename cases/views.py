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
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.crypto import salted_hmac

from accounts.selectors import leads_of
from audit.services import audit_record
from cases import panels, presenters, services
from cases import selectors as sel
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
from cases.models import Case, CaseStatus, Share, Task
from cases.services import EDITABLE_FIELDS, CaseConflict, NotAllowed
from concerns.models import Status
from core.access import AuthenticatedRequest, Role, roles_required
from core.forms import posted as _posted
from core.forms import posted_version as _posted_version
from guidance.pathways import ACTIONS

CONFLICT = "Someone else changed this case while you were editing it"


def _owned(request: AuthenticatedRequest, pk: uuid.UUID) -> Case:
    return get_object_or_404(sel.case_for_page(sel.cases_owned_by(request.user)), pk=pk)


def _visible(request: AuthenticatedRequest, pk: uuid.UUID) -> Case:
    return get_object_or_404(sel.case_for_page(sel.cases_visible_to(request.user)), pk=pk)


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
def queue(request: AuthenticatedRequest) -> HttpResponse:
    """New concerns to triage and the cases in hand, with filters, search and pages."""
    user = request.user
    tab = presenters.queue_tab(request.GET.get("tab"))
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
    filter_data = request.GET.copy()
    filter_data.pop("q", None)
    form = QueueFilterForm(filter_data or None, leads=leads_of(user.organisation_id))
    context = presenters.queue_page(
        user,
        tab=tab,
        term=term,
        form=form,
        search_form=search_form,
        query=base_query,
        page_number=request.GET.get("page"),
    )
    if term:
        # A search is a read of the people it finds: record whose records it showed.
        page = context["page"]
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
    errors = form.errors or search_form.errors
    return render(request, "cases/queue.html", context, status=400 if errors else 200)


# ------------------------------------------------------------------------------ triage


@roles_required(Role.LEAD, object_scoped=True)
def triage(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
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
        lead = presenters.lead_chosen(request.user.organisation_id, form.cleaned_data["lead"])
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
def detail(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    case = _visible(request, pk)
    access = sel.case_access(request.user, case)
    services.case_viewed(case=case, request=request)
    return render(request, "cases/detail.html", presenters.case_page(request.user, case, access))


@roles_required(Role.LEAD, object_scoped=True)
def edit(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
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
            conflict = presenters.details_conflict(form, case, exc.current)
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
def assign(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    case = _owned(request, pk)
    leads = leads_of(case.organisation_id)
    initial = {"lead": str(case.assigned_lead_id or "")}
    version = _posted_version(request) if request.method == "POST" else case.version
    form = AssignForm(_posted(request), leads=leads, initial=initial)
    conflict = None
    status = 200
    if request.method == "POST" and form.is_valid():
        lead = presenters.lead_chosen(case.organisation_id, form.cleaned_data["lead"])
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
            conflict = presenters.conflict(case, exc.current)
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
def pathway_item(request: AuthenticatedRequest, pk: uuid.UUID, action: str) -> HttpResponse:
    case = _owned(request, pk)
    item = get_object_or_404(case.pathway_items, action=action)
    form = PathwayItemForm(_posted(request), initial=presenters.pathway_item_initial(item))
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
    return render(
        request,
        "cases/pathway_item.html",
        presenters.pathway_item_page(case, item, form),
        status=400 if form.errors else 200,
    )


def case_url(case: Case) -> str:
    return services.case_path(case)


@roles_required(Role.LEAD, object_scoped=True)
def task_add(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    case = _owned(request, pk)
    people = presenters.task_people(case)
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
def task_done(request: AuthenticatedRequest, pk: uuid.UUID, task_pk: uuid.UUID) -> HttpResponse:
    case = _owned(request, pk)
    task: Task = get_object_or_404(case.tasks, pk=task_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.task_complete(task=task, by=request.user, request=request)
    messages.success(request, f"Task done: {task.title}")
    return redirect(f"{case_url(case)}#tasks")


@roles_required(Role.LEAD, object_scoped=True)
def decide(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
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
        conflict = presenters.conflict(case, case)
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
            conflict = presenters.conflict(case, exc.current)
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
def note_add(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
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


@roles_required(Role.LEAD, object_scoped=True)
def share(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    case = _owned(request, pk)
    organisations = presenters.share_choices(case)
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
def share_revoke(request: AuthenticatedRequest, pk: uuid.UUID, share_pk: uuid.UUID) -> HttpResponse:
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
def no_share(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    case = _owned(request, pk)
    organisations = presenters.partners(case)
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
def chronology(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    case = _visible(request, pk)
    access = sel.case_access(request.user, case)
    if not access.sees("chronology"):
        raise Http404
    group = presenters.chronology_group(request.GET.get("kind", ""))
    services.case_viewed(case=case, request=request, page="chronology")
    return render(request, "cases/chronology.html", presenters.chronology_page(case, access, group))
