from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from audit.services import audit_record
from core.access import AuthenticatedRequest, Role, roles_required, signed_in
from core.forms import posted as _posted
from core.pdf import render_pdf
from guidance.catalogue import EXPLOITATION_TYPE_TITLES, get_catalogue, is_official
from learning import knowledge_check as check
from learning import services
from learning.briefing import get_briefing
from learning.forms import (
    ActionItemForm,
    KnowledgeCheckForm,
    ReflectionSessionForm,
    ReportExportForm,
)
from learning.models import ActionItem
from learning.selectors import (
    actions_of,
    colleagues_of,
    learning_report,
    learning_status_of,
    open_actions_owned_by,
    results_of,
    sessions_of,
)

# Team sessions hold staff names and free-text findings: the organisation's practitioners, leads
# and admins see them; analysts see aggregate figures only (security-targets.md, Access).
EVERYONE = (Role.PRACTITIONER, Role.LEAD, Role.ADMIN)
PLANNERS = (Role.LEAD, Role.ADMIN)
HANDOUT_FILENAME = "signpost-briefing.pdf"
REPORT_FILENAME = "signpost-knowledge-check-report.csv"


def _status(form: object) -> int:
    return 400 if getattr(form, "errors", None) else 200


# ------------------------------------------------------------------ home and briefing


@signed_in()
def home(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "learning/home.html",
        {
            "briefing": get_briefing(),
            "status": learning_status_of(request.user),
            "actions": open_actions_owned_by(request.user)[:10],
            "sessions": sessions_of(request.user)[:5],
            "question_count": len(check.QUESTIONS),
        },
    )


@signed_in()
def briefing(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "learning/briefing.html", {"briefing": get_briefing()})


@signed_in()
def briefing_section(request: AuthenticatedRequest, section: str) -> HttpResponse:
    content = get_briefing()
    try:
        page = content.section(section)
    except KeyError:
        raise Http404 from None
    before, after = content.neighbours(section)
    return render(
        request,
        "learning/briefing_section.html",
        {
            "briefing": content,
            "section": page,
            "before": before,
            "after": after,
            "organisation": request.user.organisation,
        },
    )


def _signs(request: HttpRequest, age_group: str) -> HttpResponse:
    catalogue = get_catalogue()
    groups = [
        (
            theme,
            [
                (
                    ind,
                    is_official(ind),
                    catalogue.document_title(ind),
                    [EXPLOITATION_TYPE_TITLES[t] for t in ind.exploitation_types],
                )
                for ind in members
            ],
        )
        for theme, members in catalogue.by_theme(age_group)  # type: ignore[arg-type]
    ]
    return render(
        request,
        "learning/signs.html",
        {
            "age_group": age_group,
            "groups": groups,
            "count": sum(len(members) for _, members in groups),
            "catalogue": catalogue,
            "has_unofficial": any(not item[1] for _, members in groups for item in members),
        },
    )


@signed_in()
def signs_adults(request: AuthenticatedRequest) -> HttpResponse:
    return _signs(request, "adult")


@signed_in()
def signs_children(request: AuthenticatedRequest) -> HttpResponse:
    return _signs(request, "child")


def _handout_context(request: AuthenticatedRequest) -> dict[str, object]:
    catalogue = get_catalogue()
    return {
        "briefing": get_briefing(),
        "organisation": request.user.organisation,
        "catalogue": catalogue,
        "groups": [
            (theme, [(ind, is_official(ind)) for ind in members])
            for theme, members in catalogue.by_theme()
        ],
        "printed_on": timezone.localdate(),
    }


@signed_in()
def handout(request: AuthenticatedRequest) -> HttpResponse:
    """The page offering the PDF; `?format=pdf` is the PDF itself, as a download."""
    if request.GET.get("format") != "pdf":
        return render(request, "learning/handout.html", {"briefing": get_briefing()})
    html = render_to_string("learning/handout_pdf.html", _handout_context(request), request)
    pdf = render_pdf(html)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{HANDOUT_FILENAME}"'
    return response


# ------------------------------------------------------------------ knowledge check


@signed_in()
def knowledge_check(request: AuthenticatedRequest) -> HttpResponse:
    form = KnowledgeCheckForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.knowledge_check_submit(
            person=request.user, answers=form.cleaned_data, request=request
        )
        return redirect("learning:knowledge-check-result")
    return render(
        request,
        "learning/knowledge_check.html",
        {
            "form": form,
            "total": len(check.QUESTIONS),
            "pass_mark": check.pass_mark(),
        },
        status=_status(form),
    )


@signed_in()
def knowledge_check_result(request: AuthenticatedRequest) -> HttpResponse:
    result = results_of(request.user).first()
    if result is None:
        return redirect("learning:knowledge-check")
    marked = [
        {
            "question": q,
            "given": result.answers.get(q.id, ""),
            "given_label": q.label_of(result.answers.get(q.id, "")),
            "correct_label": q.label_of(q.correct_answer()),
            "is_right": result.answers.get(q.id) == q.correct_answer(),
        }
        for q in check.QUESTIONS
    ]
    return render(
        request,
        "learning/knowledge_check_result.html",
        {
            "result": result,
            "marked": marked,
            "pass_mark": check.pass_mark(result.total),
            "current": result.check_version == check.check_version(),
        },
    )


@signed_in()
def record(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "learning/record.html",
        {"status": learning_status_of(request.user), "results": results_of(request.user)[:50]},
    )


# ------------------------------------------------------------------ the admin's report


@roles_required(Role.ADMIN)
def report(request: AuthenticatedRequest) -> HttpResponse:
    rows = learning_report(request.user)
    counts = {code: sum(r.status.code == code for r in rows) for code in ("completed", "due")}
    not_completed = len(rows) - counts["completed"] - counts["due"]
    return render(
        request,
        "learning/report.html",
        {"rows": rows, "counts": counts, "not_completed": not_completed},
    )


@roles_required(Role.ADMIN)
def report_export(request: AuthenticatedRequest) -> HttpResponse:
    form = ReportExportForm(_posted(request), acting=request.user)
    if request.method == "POST" and form.is_valid():
        text = services.learning_report_export(by=request.user, request=request)
        response = HttpResponse(text, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{REPORT_FILENAME}"'
        return response
    return render(request, "learning/report_export.html", {"form": form}, status=_status(form))


# ------------------------------------------------------------------ sessions and plans


def _session_or_404(request: AuthenticatedRequest, pk: str):
    return get_object_or_404(sessions_of(request.user), pk=pk)


def _session_context(request: AuthenticatedRequest, pk: str) -> dict[str, object]:
    session = get_object_or_404(
        sessions_of(request.user).prefetch_related(
            Prefetch("participants", queryset=User.objects.order_by("full_name")),
            Prefetch("actions", queryset=ActionItem.objects.select_related("owner")),
        ),
        pk=pk,
    )
    actions = list(session.actions.all())
    return {
        "session": session,
        "actions": actions,
        "questions": [get_briefing().question_text(code) for code in session.questions],
        "may_plan": request.user.has_any_role(PLANNERS),
        "may_set": {a.pk for a in actions if services.may_set_status(request.user, a)},
        "today": timezone.localdate(),
    }


@roles_required(*EVERYONE)
def sessions(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "learning/sessions.html",
        {
            "sessions": sessions_of(request.user).annotate(
                action_count=Count("actions"),
                done_count=Count("actions", filter=Q(actions__status=ActionItem.Status.DONE)),
            ),
            "may_plan": request.user.has_any_role(PLANNERS),
        },
    )


@roles_required(*PLANNERS)
def session_new(request: AuthenticatedRequest) -> HttpResponse:
    form = ReflectionSessionForm(_posted(request), people=colleagues_of(request.user))
    if request.method == "POST" and form.is_valid():
        session = services.reflection_session_create(
            by=request.user, request=request, **form.cleaned_data
        )
        messages.success(request, "Reflection session recorded. Now add the actions you agreed.")
        return redirect("learning:session", pk=session.pk)
    return render(
        request, "learning/session_form.html", {"form": form, "session": None}, status=_status(form)
    )


@roles_required(*EVERYONE, object_scoped=True)
def session(request: AuthenticatedRequest, pk: str) -> HttpResponse:
    context = _session_context(request, pk)
    audit_record(request=request, kind="reflection-session-viewed", target=context["session"])
    return render(request, "learning/session.html", context)


@roles_required(*PLANNERS, object_scoped=True)
def session_edit(request: AuthenticatedRequest, pk: str) -> HttpResponse:
    record = _session_or_404(request, pk)
    initial = {
        "held_on": record.held_on,
        "team": record.team,
        "participants": list(record.participants.all()),
        "questions": record.questions,
        "findings": record.findings,
    }
    form = ReflectionSessionForm(
        _posted(request), people=colleagues_of(request.user), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        services.reflection_session_update(
            session=record, by=request.user, request=request, **form.cleaned_data
        )
        messages.success(request, "Reflection session updated.")
        return redirect("learning:session", pk=record.pk)
    return render(
        request,
        "learning/session_form.html",
        {"form": form, "session": record},
        status=_status(form),
    )


@roles_required(*EVERYONE, object_scoped=True)
def session_print(request: AuthenticatedRequest, pk: str) -> HttpResponse:
    context = _session_context(request, pk)
    audit_record(request=request, kind="reflection-session-printed", target=context["session"])
    return render(request, "learning/session_print.html", context)


@roles_required(*PLANNERS, object_scoped=True)
def action_new(request: AuthenticatedRequest, pk: str) -> HttpResponse:
    record = _session_or_404(request, pk)
    form = ActionItemForm(_posted(request), people=colleagues_of(request.user))
    if request.method == "POST" and form.is_valid():
        services.action_item_create(
            session=record, by=request.user, request=request, **form.cleaned_data
        )
        messages.success(request, "Action added to the plan.")
        return redirect("learning:session", pk=record.pk)
    return render(
        request,
        "learning/action_form.html",
        {"form": form, "session": record, "action": None},
        status=_status(form),
    )


@roles_required(*PLANNERS, object_scoped=True)
def action_edit(request: AuthenticatedRequest, pk: str) -> HttpResponse:
    action = get_object_or_404(actions_of(request.user), pk=pk)
    initial = {
        "description": action.description,
        "owner": action.owner,
        "due_date": action.due_date,
        "status": action.status,
    }
    form = ActionItemForm(
        _posted(request),
        people=colleagues_of(request.user) | User.objects.filter(pk=action.owner_id),
        with_status=True,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        services.action_item_update(
            action=action, by=request.user, request=request, **form.cleaned_data
        )
        messages.success(request, "Action updated.")
        return redirect("learning:session", pk=action.session_id)
    return render(
        request,
        "learning/action_form.html",
        {"form": form, "session": action.session, "action": action},
        status=_status(form),
    )


@roles_required(*EVERYONE, object_scoped=True)
def action_status(request: AuthenticatedRequest, pk: str) -> HttpResponse:
    """A button on the plan: the owner (or a lead or admin) moves the action on. POST only."""
    action = get_object_or_404(actions_of(request.user), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    status = request.POST.get("status", "")
    if status not in ActionItem.Status.values:
        return HttpResponse("Unknown status", status=400, content_type="text/plain")
    services.action_item_set_status(action=action, by=request.user, status=status, request=request)
    label = ActionItem.Status(status).label.lower()
    messages.success(request, f"Action marked as {label}.")
    back = request.POST.get("back")
    if back == "mine":
        return redirect("learning:my-actions")
    return redirect("learning:session", pk=action.session_id)


@signed_in()
def my_actions(request: AuthenticatedRequest) -> HttpResponse:
    actions = list(open_actions_owned_by(request.user))
    return render(
        request,
        "learning/my_actions.html",
        {
            "actions": actions,
            "may_set": {a.pk for a in actions},
            "may_plan": request.user.has_any_role(PLANNERS),
            "today": timezone.localdate(),
        },
    )
