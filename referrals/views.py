"""The safeguarding lead's referral pages: prepare, complete, print, export, send, follow up.

Every view is for leads (403 for other roles) and looks the referral up through
referrals.selectors with the acting person, so another organisation's referral is a 404.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from audit.services import audit_record
from cases import selectors as case_selectors
from core import nations
from core.access import AuthenticatedRequest, Role, roles_required
from core.csv import csv_text
from core.forms import posted_version as _posted_version
from core.pdf import render_pdf
from referrals import documents, kinds, services, sheet_page
from referrals import selectors as sel
from referrals.forms import (
    DecisionForm,
    DocumentExportForm,
    ExportForm,
    HandoverForm,
    NoteForm,
    OutcomeForm,
    QuestionsForm,
    SentForm,
    SheetSectionForm,
    field_label,
)
from referrals.handovers import document_concerns
from referrals.identifying import free_text, identifying_flags
from referrals.models import Kind, Referral
from referrals.official.questions import page_title
from referrals.official.sheet import to_export_json
from referrals.sections import (
    FIRST_RESPONDER,
    applies,
    missing_in,
    section_named,
    section_of_step,
    sections_for,
)
from referrals.services import NotAllowed, ReferralConflict

CONFLICT = "Someone else changed this referral while you were editing it. Check it and try again."


def _referral(request: HttpRequest, pk: uuid.UUID) -> Referral:
    return get_object_or_404(sel.referrals_visible_to(request.user), pk=pk)


def _task_rows(referral: Referral, sheet: Any) -> list[dict[str, Any]]:
    rows = []
    for section in sections_for(referral.kind):
        if not applies(section, sheet):
            continue
        missing = missing_in(section, sheet)
        if section.is_questions:
            labels = set(documents.still_needed(referral, (section,)))
            missing = [q.key for q in section.questions if q.label in labels]
            done = section.slug in referral.completed_sections
        elif section.is_sheet:
            done = not missing
        elif section.slug == "case-summary":
            done = True
        else:
            done = section.slug in referral.completed_sections
        rows.append({"section": section, "done": done, "missing": len(missing)})
    return rows


@roles_required(Role.LEAD)
def deadlines(request: HttpRequest) -> HttpResponse:
    """The lead's deadlines across all their organisation's referrals."""
    today = timezone.localdate()
    rows = []
    referrals = sel.referrals_visible_to(request.user).filter(
        kind__in=kinds.KINDS_WITH_DEADLINES, status="sent"
    )
    for referral in referrals:
        rows.extend(services.deadlines_of(referral, today))
    rows.sort(key=lambda d: d.due)
    return render(
        request,
        "referrals/deadlines.html",
        {
            "overdue": [d for d in rows if d.status == "overdue"],
            "due_soon": [d for d in rows if d.status == "due-soon"],
            "later": [d for d in rows if d.status == "not-due"],
            "today": today,
        },
    )


@roles_required(Role.LEAD, object_scoped=True)
def create(request: HttpRequest, case_pk: uuid.UUID, kind: str) -> HttpResponse:
    """Prepare a referral from one of the case's pathway actions (POST only)."""
    case = get_object_or_404(case_selectors.cases_owned_by(request.user), pk=case_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if kind not in Kind.values:
        raise Http404
    try:
        referral = services.referral_create(case=case, kind=kind, by=request.user, request=request)
    except NotAllowed as exc:
        messages.error(request, f"The referral was not prepared: {exc}.")
        return redirect("cases:detail", pk=case.pk)
    return redirect("referrals:detail", pk=referral.pk)


@roles_required(Role.LEAD, object_scoped=True)
def detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    referral = _referral(request, pk)
    services.referral_viewed(referral=referral, request=request, page="referral")
    sheet = services.sheet_of(referral)
    rows = _task_rows(referral, sheet)
    spec = kinds.spec(referral.kind)
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "spec": spec,
            "document": document_of(referral),
            "decision_label": spec.decision_label(referral.decision) if referral.decision else "",
            "case": referral.case,
            "sheet": sheet,
            "rows": rows,
            "done_count": sum(1 for r in rows if r["done"]),
            "all_done": all(r["done"] for r in rows),
            "supplied": supplied_rows(referral, sheet),
            "deadlines": services.deadlines_of(referral, timezone.localdate()),
            "kind_mismatch": (
                sheet is not None
                and referral.kind in (Kind.NRM, Kind.DUTY_TO_NOTIFY)
                and sheet.form != referral.kind
            ),
        },
    )


@roles_required(Role.LEAD, object_scoped=True)
def section(request: AuthenticatedRequest, pk: uuid.UUID, slug: str) -> HttpResponse:
    referral = _referral(request, pk)
    found = section_named(referral.kind, slug)
    if found is None:
        raise Http404
    sheet = services.sheet_of(referral)
    if referral.is_sent:
        messages.info(request, "This referral has been sent: it can no longer be changed.")
        return redirect("referrals:detail", pk=referral.pk)
    posted = request.POST if request.method == "POST" else None
    context: dict[str, Any] = {"referral": referral, "section": found}
    try:
        if found.is_sheet:
            # Issue 14: what is missing, what the lead gave, what is optional and blank, and
            # (on "Change") an answer the record gave, which the lead's correction replaces.
            change = request.GET.get("change") or request.POST.get("change") or ""
            record = services.record_answers(referral)
            page_plan = sheet_page.plan(referral, found, sheet, change=change, record_values=record)
            form: Any = SheetSectionForm(posted, plan=page_plan)
            if posted is not None and form.is_valid():
                answers = {
                    k: v
                    for k, v in form.answers().items()
                    # Unchanged, or the record's own answer kept: nothing to save.
                    if (referral.answers.get(k) or "") != v
                    and not (k not in referral.answers and record.get(k) == v)
                }
                if answers:
                    services.referral_answer(
                        referral=referral,
                        answers=answers,
                        version=_posted_version(request),
                        by=request.user,
                        section=found.slug,
                        request=request,
                    )
                # An answer can open further questions in the same section.
                if missing_in(found, services.sheet_of(referral)) and answers:
                    return redirect("referrals:section", pk=referral.pk, slug=found.slug)
                return redirect("referrals:detail", pk=referral.pk)
            context["answered"] = page_plan.answered
            if found.slug == "about-the-referral" and referral.kind != Kind.PASS_TO_FIRST_RESPONDER:
                # Issue 14: asked once and remembered, on the person's and organisation's pages.
                context["own_details_missing"] = not (request.user.job_title and request.user.phone)
                context["organisation_details_missing"] = not (
                    referral.organisation.nrm_organisation and referral.organisation.team_inbox
                )
            context["change"] = change
            context["account"] = account_of(referral) if found.slug == "the-exploitation" else []
        elif found.is_questions:
            questions = documents.questions_asked(referral, found)
            form = QuestionsForm(
                posted,
                questions=questions,
                initial={q.key: documents.answer_of(referral, q) for q in questions},
            )
            if posted is not None and form.is_valid():
                services.referral_answer_questions(
                    referral=referral,
                    section=found.slug,
                    values=form.answers(),
                    version=_posted_version(request),
                    by=request.user,
                    request=request,
                )
                return redirect("referrals:detail", pk=referral.pk)
        elif found == FIRST_RESPONDER:
            form = HandoverForm(posted, own_organisation_id=referral.organisation_id)
            if posted is None:
                form.initial = {
                    "organisation": str(referral.receiving_organisation_id or ""),
                    "organisation_name": referral.receiving_organisation_name,
                }
            if posted is not None and form.is_valid():
                services.referral_handover(
                    referral=referral,
                    version=_posted_version(request),
                    by=request.user,
                    organisation=form.chosen(),
                    organisation_name=form.cleaned_data.get("organisation_name", ""),
                    request=request,
                )
                return redirect("referrals:detail", pk=referral.pk)
        elif found.slug == "case-summary":
            form = None
            if posted is not None:
                services.referral_section_done(
                    referral=referral,
                    section=found.slug,
                    version=_posted_version(request),
                    by=request.user,
                    request=request,
                )
                return redirect("referrals:detail", pk=referral.pk)
            context["document"] = document_of(referral)
        else:
            form = NoteForm(posted, initial={"note": referral.note})
            if posted is not None and form.is_valid():
                services.referral_section_done(
                    referral=referral,
                    section=found.slug,
                    version=_posted_version(request),
                    by=request.user,
                    note=form.cleaned_data["note"],
                    request=request,
                )
                return redirect("referrals:detail", pk=referral.pk)
    except ReferralConflict:
        messages.error(request, CONFLICT)
        return redirect("referrals:detail", pk=referral.pk)
    except NotAllowed as exc:
        form.add_error(None, str(exc))
    context["form"] = form
    status = 400 if form is not None and form.errors else 200
    # The section shows the case's answers about the person: recorded against the case, so
    # "who has seen this record" shows it (issue 17).
    audit_record(
        request=request,
        kind="case-viewed",
        target=referral.case,
        detail={"page": "referral-section", "referral": str(referral.pk), "section": found.slug},
    )
    return render(request, "referrals/section.html", context, status=status)


def account_of(referral: Referral) -> list[tuple[str, str]]:
    """The concern's own account, shown beside the form's questions about what happened so the
    lead can answer them from it (issue 14: the account is asked across the form's questions,
    never pasted whole into the retired /what-happened)."""
    rows = []
    for concern in document_concerns(referral.case):
        for label, text in (
            ("What they saw or heard", concern.what_you_saw),
            ("What the person said", concern.their_words),
            ("When", concern.happened_when),
            ("Where", concern.happened_where),
        ):
            if text:
                rows.append((f"{concern.reference}: {label}", text))
    return rows


@roles_required(Role.LEAD, object_scoped=True)
def sent(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    referral = _referral(request, pk)
    form = SentForm(
        request.POST if request.method == "POST" else None,
        initial={
            "sent_on": referral.sent_on,
            "sent_how": referral.sent_how,
            "their_reference": referral.their_reference,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_mark_sent(
                referral=referral,
                version=_posted_version(request),
                by=request.user,
                request=request,
                **form.cleaned_data,
            )
        except ReferralConflict:
            messages.error(request, CONFLICT)
            return redirect("referrals:detail", pk=referral.pk)
        except NotAllowed as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Referral {referral.reference} recorded as sent")
            return redirect("referrals:detail", pk=referral.pk)
    return render(
        request,
        "referrals/sent.html",
        {"referral": referral, "form": form},
        status=400 if form.errors else 200,
    )


@roles_required(Role.LEAD, object_scoped=True)
def outcome(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    referral = _referral(request, pk)
    spec = kinds.spec(referral.kind)
    names = services.outcome_fields(referral.kind)
    if not names:
        raise Http404
    initial = {name: getattr(referral, name) for name in names}
    posted = request.POST if request.method == "POST" else None
    form: OutcomeForm | DecisionForm = (
        OutcomeForm(posted, initial=initial)
        if spec.nrm_decisions
        else DecisionForm(posted, initial=initial, choices=spec.decisions)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_record_outcome(
                referral=referral,
                values=form.cleaned_data,
                version=_posted_version(request),
                by=request.user,
                request=request,
            )
        except ReferralConflict:
            messages.error(request, CONFLICT)
            return redirect("referrals:detail", pk=referral.pk)
        except NotAllowed as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Decisions recorded")
            return redirect("referrals:detail", pk=referral.pk)
    return render(
        request,
        "referrals/outcome.html",
        {
            "referral": referral,
            "spec": spec,
            "nation": nations.nation(referral.case.nation),
            "deadlines": services.deadlines_of(referral, timezone.localdate()),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


def _change_links(referral: Referral, sheet: Any) -> dict[str, str]:
    """Field name -> the section page where the lead can change the answer: their own, or the
    record's, which their correction replaces (none once the referral is sent)."""
    if referral.is_sent or sheet is None:
        return {}
    links = {}
    supplied = services.lead_supplied(referral, sheet)
    for step in sheet.steps:
        found = section_of_step(referral.kind, step.path)
        if found is None:
            continue
        url = reverse("referrals:section", kwargs={"pk": referral.pk, "slug": found.slug})
        for f in step.fields:
            if f.name in supplied:
                links[f.name] = url
            elif f.value and f.name != "reference":
                # Issue 14: any answer the record gave can be corrected by the lead.
                links[f.name] = f"{url}?change={f.name}"
    return links


def supplied_rows(referral: Referral, sheet: Any) -> list[dict[str, Any]]:
    """The answers the lead gave (not the case), each with where to change it."""
    links = _change_links(referral, sheet)
    supplied = services.lead_supplied(referral, sheet)
    return [
        {"name": f.name, "label": field_label(f.name), "value": f.value, "change": links[f.name]}
        for step in (sheet.steps if sheet else ())
        for f in step.fields
        if f.name in links and f.name in supplied and f.value
    ]


def identifying_check(referral: Referral, sheet: Any) -> list[dict[str, Any]]:
    """Duty to Notify, anonymous (no co-operation): every free-text answer, with what may
    identify the person flagged, for the lead to check before the report is produced."""
    if sheet.form != "duty-to-notify" or sheet.answers.get("authorities-cooperation") == "yes":
        return []
    case = referral.case
    names = [case.person_name] + [
        c.person_name for c in case_selectors.concerns_of_case(case) if c.person_name
    ]
    flags = identifying_flags(sheet.answers, names)
    return [
        {
            "name": name,
            "label": field_label(name),
            "text": text,
            "flags": [f for f in flags if f.field == name],
            "change": _change_links(referral, sheet).get(name, ""),
        }
        for name, text in free_text(sheet.answers).items()
    ]


def _sheet_context(referral: Referral, change_links: bool = False) -> dict[str, Any]:
    sheet = services.sheet_of(referral)
    if sheet is None:
        raise Http404
    links = _change_links(referral, sheet) if change_links else {}
    steps = [
        {
            "path": step.path,
            "fields": [
                {
                    "name": f.name,
                    "label": field_label(f.name),
                    "value": f.value,
                    "field": f,
                    "change": links.get(f.name, "") if f.value else "",
                    "suggested": f.name in sheet.suggestions,
                    "corrected": sheet.sources.get(f.name) == "lead",
                }
                for f in step.fields
            ],
            "title": page_title(step.path),
        }
        for step in sheet.steps
    ]
    return {
        "referral": referral,
        "sheet": sheet,
        "steps": steps,
        "identifying": identifying_check(referral, sheet),
        "form_name": "Duty to Notify report" if sheet.form == "duty-to-notify" else "NRM referral",
        "spec": kinds.spec(referral.kind),
        "generated": timezone.localtime(),
    }


@roles_required(Role.LEAD, object_scoped=True)
def sheet(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """The printable answer sheet, page by page in the official form's order."""
    referral = _referral(request, pk)
    context = _sheet_context(referral, change_links=True)
    services.referral_viewed(referral=referral, request=request, page="sheet")
    return render(request, "referrals/sheet.html", context)


def document_of(referral: Referral) -> documents.Document | None:
    """The document of a kind without an answer sheet (None for the sheet kinds)."""
    spec = kinds.spec(referral.kind)
    if spec.document is None:
        return None
    return spec.document(referral, spec.sections)


def _document_context(referral: Referral) -> dict[str, Any]:
    found = document_of(referral)
    if found is None:
        raise Http404
    return {
        "referral": referral,
        "case": referral.case,
        "document": found,
        "generated": timezone.localtime(),
    }


@roles_required(Role.LEAD, object_scoped=True)
def document(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """The document of a kind without an answer sheet, on screen: what it will say, with what
    is still not recorded listed first."""
    referral = _referral(request, pk)
    context = _document_context(referral)
    services.referral_viewed(referral=referral, request=request, page="document")
    # It shows the case's answers about the person: "who has seen this record" shows it too.
    audit_record(
        request=request,
        kind="case-viewed",
        target=referral.case,
        detail={"page": "referral-document", "referral": str(referral.pk)},
    )
    return render(request, "referrals/document.html", context)


@roles_required(Role.LEAD, object_scoped=True)
def download(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """The referral's document after the lead re-enters their password, audited, under a fixed
    file name (KindSpec.file_stem, never the reference or a name): the answer sheet as PDF,
    JSON or CSV; any other kind's document as a PDF marked OFFICIAL-SENSITIVE."""
    referral = _referral(request, pk)
    spec = kinds.spec(referral.kind)
    if not spec.has_sheet:
        return _download_document(request, referral)
    context = _sheet_context(referral)
    form = ExportForm(request.POST if request.method == "POST" else None, acting=request.user)
    if request.method == "POST" and form.is_valid():
        fmt = form.cleaned_data["format"]
        services.referral_exported(referral=referral, fmt=fmt, request=request, by=request.user)
        if fmt == "json":
            body = json.dumps(to_export_json(context["sheet"]), indent=2, ensure_ascii=False)
            response = HttpResponse(body, content_type="application/json; charset=utf-8")
        elif fmt == "csv":
            rows = (
                (step["path"], f["name"], f["value"] if f["value"] is not None else "MISSING")
                for step in context["steps"]
                for f in step["fields"]
            )
            body = csv_text(["step", "field", "answer"], rows)
            response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(pdf_of(request, context), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{spec.file_stem}.{fmt}"'
        response["Cache-Control"] = "no-store"
        return response
    return render(
        request,
        "referrals/download.html",
        {"referral": referral, "form": form, "spec": spec, "identifying": context["identifying"]},
        status=400 if form.errors else 200,
    )


def _download_document(request: HttpRequest, referral: Referral) -> HttpResponse:
    spec = kinds.spec(referral.kind)
    context = _document_context(referral)
    posted = request.POST if request.method == "POST" else None
    form = DocumentExportForm(posted, acting=request.user)
    if posted is not None and form.is_valid():
        services.referral_exported(referral=referral, fmt="pdf", request=request, by=request.user)
        html = render_to_string("referrals/document_pdf.html", context, request=request)
        response = HttpResponse(render_pdf(html), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{spec.file_stem}.pdf"'
        response["Cache-Control"] = "no-store"
        return response
    return render(
        request,
        "referrals/download.html",
        {"referral": referral, "form": form, "spec": spec, "document": context["document"]},
        status=400 if form.errors else 200,
    )


def pdf_of(request: HttpRequest, context: dict[str, Any]) -> bytes:
    html = render_to_string("referrals/sheet_pdf.html", context, request=request)
    return render_pdf(html)
