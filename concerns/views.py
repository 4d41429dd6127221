"""The practitioner's journey (record a concern), "My concerns", and the leads' new concerns.

Draft pages name no record in their URL: each person has one draft, found through
`draft_of(request.user)`, so nobody can reach another person's draft at all.
"""

from __future__ import annotations

import json
import uuid
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from audit.services import audit_record
from concerns import journey, services
from concerns.forms import (
    CheckForm,
    DeleteDraftForm,
    FollowUpForm,
    PageForm,
    SignsForm,
    StartForm,
)
from concerns.models import Concern, Draft
from concerns.selectors import concerns_for_leads, concerns_of, draft_of, follow_ups_of
from core.access import AuthenticatedRequest, Role, roles_required
from core.text import clean_json, cleaned_names_of
from guidance.catalogue import get_catalogue
from guidance.facts import concern_values, facts_from_concern
from guidance.pathways import FACT_QUESTIONS, MODERN_SLAVERY_HELPLINE, Pathway, decide

RECORDERS = (Role.PRACTITIONER, Role.LEAD)  # who may record a concern (issue 4, scope notes)
PER_PAGE = 25


def _autosave_interval() -> int:
    # Seconds between saves while typing; tests shorten it (the issue: "about every 20 seconds").
    return int(getattr(settings, "SIGNPOST_AUTOSAVE_INTERVAL", 20))


def _no_draft(request: AuthenticatedRequest) -> HttpResponse:
    return redirect("concerns:start")


# ------------------------------------------------------------------------------ starting


@roles_required(*RECORDERS)
def start(request: AuthenticatedRequest) -> HttpResponse:
    """GET: the start page. POST: start a draft, with any answers the guide carried over."""
    draft = draft_of(request.user)
    if request.method == "POST":
        form = StartForm(request.POST)
        carried = form.carried()
        replace = request.POST.get("replace") == "yes"
        if draft is not None and not replace:
            # Never overwrite an unfinished concern silently: ask first.
            return render(
                request,
                "concerns/start.html",
                {"draft": draft, "carried": carried, "asked_to_replace": True},
            )
        draft = services.draft_start(
            by=request.user, answers=carried, replace=replace, request=request
        )
        return redirect("concerns:page", page="danger")
    return render(request, "concerns/start.html", {"draft": draft, "carried": {}})


@roles_required(*RECORDERS)
def call_999(request: AuthenticatedRequest) -> HttpResponse:
    draft = draft_of(request.user)
    if draft is None:
        return _no_draft(request)
    services.draft_visit(draft=draft, page="call-999")
    return render(request, "concerns/call_999.html", {"draft": draft})


@roles_required(*RECORDERS)
def tasks(request: AuthenticatedRequest) -> HttpResponse:
    draft = draft_of(request.user)
    if draft is None:
        return _no_draft(request)
    services.draft_visit(draft=draft, page="tasks")
    sections = []
    for section in journey.SECTIONS:
        status = journey.section_status(section, draft.answers, draft.completed)
        first = journey.first_page_to_do(section, draft.answers, draft.completed)
        sections.append({"section": section, "status": status, "first": first})
    return render(
        request,
        "concerns/tasks.html",
        {
            "draft": draft,
            "sections": sections,
            "danger_done": "danger" in draft.completed,
            "ready": not journey.missing_required(draft.completed),
        },
    )


# ------------------------------------------------------------------------------ questions


def _form_kwargs(page: journey.Page, draft: Draft, request: AuthenticatedRequest) -> dict[str, Any]:
    if page.form is SignsForm:
        return {
            "age_group": journey.age_group_for_screening(draft.answers),
            # Hints are worked out here, on the server, from the draft's own text: nothing is
            # sent anywhere, and nothing about them is stored until a sign is confirmed.
            "hints": journey.text_hints(draft.answers),
            "first_setting": journey.setting_of(request.user.organisation),
        }
    return {}


def _initial(form: PageForm, draft: Draft) -> dict[str, Any]:
    if isinstance(form, SignsForm):
        return form.initial_from(draft.answers)
    return {name: draft.answers.get(name) for name in form.fields if name in draft.answers}


@roles_required(*RECORDERS)
def question(request: AuthenticatedRequest, page: str) -> HttpResponse:
    draft = draft_of(request.user)
    if draft is None:
        return _no_draft(request)
    spec = journey.PAGES.get(page)
    if spec is None:
        raise Http404
    if not spec.applies(draft.answers):
        return redirect("concerns:tasks")
    returning = request.GET.get("return") == "check"
    status = 200
    if request.method == "POST":
        form = spec.form(request.POST, **_form_kwargs(spec, draft, request))
        if form.is_valid():
            answers = form.answers()
            if isinstance(form, SignsForm):
                answers["something_else"] = form.cleaned_data.get("something_else") or ""
            if "date_of_birth" in form.cleaned_data:
                answers["date_of_birth"] = form.cleaned_data["date_of_birth"]
            services.draft_save_page(draft=draft, page=spec.slug, answers=answers, complete=True)
            if returning and spec.slug != "danger":
                return redirect("concerns:check")
            name, kwargs = journey.next_url_name(spec.slug, draft.answers)
            return redirect(reverse(name, kwargs=kwargs))
        # Keep every word, even on a page with an error (the issue: "nothing lost").
        services.draft_save_page(
            draft=draft, page=spec.slug, answers=form.raw_answers(), complete=False
        )
        status = 400
    else:
        form = spec.form(**_form_kwargs(spec, draft, request))
        form.initial = _initial(form, draft)
        services.draft_visit(draft=draft, page=spec.slug)
    if returning:
        back = reverse("concerns:check")
    else:
        name, kwargs = journey.previous_url_name(spec.slug, draft.answers)
        back = reverse(name, kwargs=kwargs)
    section = journey.SECTION_OF.get(spec.slug)
    title = spec.heading or next(
        (str(fld.label) for fld in form.fields.values() if getattr(fld, "page_heading", False)),
        spec.title,
    )
    return render(
        request,
        spec.template,
        {
            "form": form,
            "page": spec,
            "page_title": title,
            "section": section,
            "back": back,
            "returning": returning,
            "autosave_url": reverse("concerns:autosave"),
            "autosave_interval": _autosave_interval(),
            "autosaves": bool(spec.autosave_fields),
            "setting_first": journey.setting_of(request.user.organisation)
            if isinstance(form, SignsForm)
            else None,
        },
        status=status,
    )


@roles_required(*RECORDERS)
@require_POST
def autosave(request: AuthenticatedRequest) -> HttpResponse:
    """Save long text while it is typed. Form-encoded or JSON; CSRF-protected like any POST."""
    draft = draft_of(request.user)
    if draft is None:
        return JsonResponse({"saved": False, "error": "no-draft"}, status=404)
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return JsonResponse({"saved": False, "error": "not-json"}, status=400)
        if not isinstance(data, dict):
            return JsonResponse({"saved": False, "error": "not-an-object"}, status=400)
        # NUL and lone surrogates cannot be stored: keep the rest (core.text).
        data, cleaned = clean_json(data)
    else:
        # The form post was cleaned by core.text.InvalidTextMiddleware.
        data = {k: request.POST.get(k) for k in request.POST if k != "csrfmiddlewaretoken"}
        cleaned = set(cleaned_names_of(request.POST))
    page = data.pop("page", None)
    if page == "signs" and data.pop("choices", None) == "all":
        return _autosave_signs(request, draft)
    spec = journey.PAGES.get(page) if isinstance(page, str) else None
    if spec is None or not spec.autosave_fields or not spec.applies(draft.answers):
        return JsonResponse({"saved": False, "error": "page"}, status=400)
    values = {k: v for k, v in data.items() if k in spec.autosave_fields}
    if set(data) - set(values) or not all(isinstance(v, str) for v in values.values()):
        return JsonResponse({"saved": False, "error": "fields"}, status=400)
    if any(len(v) > 20_000 for v in values.values()):
        return JsonResponse({"saved": False, "error": "too-long"}, status=400)
    services.draft_autosave(draft=draft, page=spec.slug, values=values)
    saved_at = timezone.localtime(draft.updated_at)
    return JsonResponse(
        {
            "saved": True,
            "saved_at": saved_at.strftime("%H:%M:%S"),
            # Fields saved without characters that cannot be stored; Continue will say so.
            "removed_characters": sorted(cleaned & set(values)),
        }
    )


def _autosave_signs(request: AuthenticatedRequest, draft: Draft) -> HttpResponse:
    """The signs page's ticks and yes/no answers, sent whole by static/js/signs-autosave.js
    each time one changes. Checked against the page's own choices; unticked groups are
    absent from a form post, so every group of the page is saved, empty or not."""
    spec = journey.PAGES["signs"]
    if not spec.applies(draft.answers):
        return JsonResponse({"saved": False, "error": "page"}, status=400)
    form = SignsForm(request.POST, **_form_kwargs(spec, draft, request))
    allowed = set(form.theme_fields) | set(form.hint_fields)
    sent = {k for k in request.POST if k not in ("csrfmiddlewaretoken", "page", "choices")}
    if sent - allowed - {"something_else"}:
        return JsonResponse({"saved": False, "error": "fields"}, status=400)
    answers: dict[str, Any] = {}
    for name in form.theme_fields:
        values = request.POST.getlist(name)
        field = cast(forms.MultipleChoiceField, form.fields[name])  # as the form made them
        if not all(field.valid_value(value) for value in values):
            return JsonResponse({"saved": False, "error": "choices"}, status=400)
        answers[name] = values
    for name in form.hint_fields:
        value = request.POST.get(name) or None
        if value not in (None, "yes", "no"):
            return JsonResponse({"saved": False, "error": "choices"}, status=400)
        answers[name] = value
    services.draft_autosave_signs(draft=draft, answers={**form.stale_groups(), **answers})
    saved_at = timezone.localtime(draft.updated_at)
    return JsonResponse({"saved": True, "saved_at": saved_at.strftime("%H:%M:%S")})


# ------------------------------------------------------------------------------ sending


@roles_required(*RECORDERS)
def check(request: AuthenticatedRequest) -> HttpResponse:
    token = None
    if request.method == "POST":
        # A resubmitted or retried form: its token already made a concern, so show that one.
        try:
            token = uuid.UUID(request.POST.get("submission_token", ""))
        except ValueError:
            token = None
        if done := _sent_with(request, token):
            return done
    draft = draft_of(request.user)
    if draft is None:
        # The draft may have been sent by a simultaneous request between the two reads.
        return _sent_with(request, token) or _no_draft(request)
    missing = journey.missing_required(draft.completed)
    form = CheckForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid() and not missing:
            if token is not None and token != draft.submission_token:
                # A page from before the person started again: never send the wrong draft.
                messages.info(request, "Your answers have changed. Check them, then send.")
                return redirect("concerns:check")
            concern, _created = services.concern_submit(
                draft=draft, by=request.user, request=request
            )
            return redirect("concerns:submitted", pk=concern.pk)
        status = 400
    else:
        services.draft_visit(draft=draft, page="check")
    screening = journey.screening_for(draft.answers)
    catalogue = get_catalogue()
    return render(
        request,
        "concerns/check.html",
        {
            "form": form,
            "draft": draft,
            "sections": journey.rows_for(
                draft.answers, first_setting=journey.setting_of(request.user.organisation)
            ),
            "missing": missing if request.method == "POST" else [],
            "not_ready": missing,
            "screening": screening,
            "ask_next": [catalogue.get(i) for i in screening.ask_next],
        },
        status=status,
    )


def _sent_with(request: AuthenticatedRequest, token: uuid.UUID | None) -> HttpResponse | None:
    done = token and concerns_of(request.user).filter(submission_token=token).first()
    return redirect("concerns:submitted", pk=done.pk) if done else None


def _pathway(concern: Concern) -> Pathway:
    return decide(facts_from_concern(concern_values(concern), concern.organisation))


def _own_concern(request: AuthenticatedRequest, pk: uuid.UUID) -> Concern | HttpResponse:
    """The author's own concern. A lead who is not the author is sent to the lead's page
    (they may read every concern of their organisation); anyone else gets 404."""
    concern = concerns_of(request.user).filter(pk=pk).first()
    if concern is not None:
        return concern
    if concerns_for_leads(request.user).filter(pk=pk).exists():
        return redirect("concerns:lead-detail", pk=pk)
    raise Http404


@roles_required(*RECORDERS, object_scoped=True)
def submitted(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    concern = _own_concern(request, pk)
    if isinstance(concern, HttpResponse):
        return concern
    pathway = _pathway(concern)
    audit_record(request=request, kind="concern-viewed", target=concern)
    return render(
        request,
        "concerns/submitted.html",
        {
            "concern": concern,
            "pathway": pathway,
            "helpline": MODERN_SLAVERY_HELPLINE,
            "child": pathway.treated_as_child,
            "leads_told": services.leads_to_tell(concern),
        },
    )


# ------------------------------------------------------------------------------ my concerns


def _page_of(request: AuthenticatedRequest, queryset: Any) -> Any:
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


@roles_required(*RECORDERS)
def mine(request: AuthenticatedRequest) -> HttpResponse:
    page = _page_of(request, concerns_of(request.user).order_by("-submitted_at"))
    return render(
        request, "concerns/mine.html", {"page_obj": page, "draft": draft_of(request.user)}
    )


@roles_required(*RECORDERS, object_scoped=True)
def detail(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    concern = _own_concern(request, pk)
    if isinstance(concern, HttpResponse):
        return concern
    audit_record(request=request, kind="concern-viewed", target=concern, detail={"as": "author"})
    return render(
        request,
        "concerns/detail.html",
        {
            "concern": concern,
            "sections": _concern_rows(concern),
            "follow_ups": follow_ups_of(concern),
        },
    )


@roles_required(*RECORDERS, object_scoped=True)
def add_information(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    concern = _own_concern(request, pk)
    if isinstance(concern, HttpResponse):
        return concern
    form = FollowUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.concern_add_information(
            concern=concern,
            by=request.user,
            text=form.cleaned_data["text"],
            token=form.cleaned_data["token"],
            request=request,
        )
        messages.success(request, "Your information has been added and your lead has been told.")
        return redirect("concerns:detail", pk=concern.pk)
    return render(
        request,
        "concerns/add_information.html",
        {"form": form, "concern": concern},
        status=400 if form.errors else 200,
    )


@roles_required(*RECORDERS)
def delete_draft(request: AuthenticatedRequest) -> HttpResponse:
    draft = draft_of(request.user)
    if draft is None:
        return _no_draft(request)
    form = DeleteDraftForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.draft_delete(draft=draft, by=request.user, request=request)
        messages.success(request, "Your unfinished concern has been deleted.")
        return redirect("core:home")
    return render(request, "concerns/delete_draft.html", {"form": form, "draft": draft})


def _concern_rows(concern: Concern) -> list[tuple[str, list[journey.Row]]]:
    values = {f.name: getattr(concern, f.name) for f in Concern._meta.concrete_fields}
    return journey.rows_for(
        values, with_pages=False, first_setting=journey.setting_of(concern.organisation)
    )


# ------------------------------------------------------------------------------ leads


@roles_required(Role.LEAD)
def received(request: AuthenticatedRequest) -> HttpResponse:
    page = _page_of(request, concerns_for_leads(request.user).order_by("-submitted_at"))
    return render(request, "concerns/received.html", {"page_obj": page})


@roles_required(Role.LEAD, object_scoped=True)
def lead_detail(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    concern = get_object_or_404(concerns_for_leads(request.user), pk=pk)
    audit_record(request=request, kind="concern-viewed", target=concern, detail={"as": "lead"})
    catalogue = get_catalogue()
    screening = concern.screening or {}
    pathway = _pathway(concern)
    return render(
        request,
        "concerns/lead_detail.html",
        {
            "concern": concern,
            "sections": _concern_rows(concern),
            "follow_ups": follow_ups_of(concern),
            "pathway": pathway,
            "still_to_find_out": [FACT_QUESTIONS.get(k, k) for k in pathway.missing_facts],
            "screening": screening,
            "ask_next": [catalogue.get(i) for i in screening.get("ask_next", []) if i in catalogue],
        },
    )
