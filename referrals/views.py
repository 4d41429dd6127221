"""The safeguarding lead's referral pages: prepare, complete, print, export, send, follow up.

Every view is for leads (403 for other roles) and looks the referral up through
referrals.selectors with the acting person, so another organisation's referral is a 404. What a
page shows is built in referrals/presenters.py; the downloads in referrals/exports.py.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from audit.services import audit_record
from cases import selectors as case_selectors
from core.access import AuthenticatedRequest, Role, roles_required
from core.forms import posted as _posted
from core.forms import posted_version as _posted_version
from referrals import documents, exports, kinds, presenters, services, sheet_page
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
)
from referrals.models import Kind, Referral
from referrals.sections import FIRST_RESPONDER, Section, missing_in, section_named
from referrals.services import NotAllowed, ReferralConflict

CONFLICT = "Someone else changed this referral while you were editing it. Check it and try again."


def _referral(request: AuthenticatedRequest, pk: uuid.UUID) -> Referral:
    return get_object_or_404(sel.referrals_visible_to(request.user), pk=pk)


@roles_required(Role.LEAD)
def deadlines(request: AuthenticatedRequest) -> HttpResponse:
    """The lead's deadlines across all their organisation's referrals."""
    context = presenters.deadlines_page(request.user, timezone.localdate())
    return render(request, "referrals/deadlines.html", context)


@roles_required(Role.LEAD, object_scoped=True)
def create(request: AuthenticatedRequest, case_pk: uuid.UUID, kind: str) -> HttpResponse:
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
def detail(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    referral = _referral(request, pk)
    services.referral_viewed(referral=referral, request=request, page="referral")
    return render(request, "referrals/detail.html", presenters.detail_page(referral))


# ------------------------------------------------------------------------------ a section
#
# A section page is one of five kinds, each answered by its own function below: a part of the
# answer sheet, a kind's own questions, the first responder a pack goes to, the case summary
# (read and confirmed), or a section closed with a note. Each binds its form, saves through a
# service on a valid POST (returning where to go next), or returns the page to show.


@dataclass
class SectionPage:
    """A section's form (None for the case summary) and what the page shows beside it."""

    form: Any
    context: dict[str, Any] = field(default_factory=dict)


SectionMode = Callable[
    [AuthenticatedRequest, Referral, Section, "QueryDict | None"], "HttpResponse | SectionPage"
]


def _refused(form: Any, exc: NotAllowed) -> None:
    """A change the service refused is shown on the form, as its error."""
    form.add_error(None, str(exc))


def _saved(referral: Referral, form: Any, save: Callable[[], object]) -> HttpResponse | SectionPage:
    """Run a section's service: back to the referral, or the form again with the refusal."""
    try:
        save()
    except NotAllowed as exc:
        _refused(form, exc)
        return SectionPage(form)
    return redirect("referrals:detail", pk=referral.pk)


def _changed_answers(
    referral: Referral, answers: dict[str, str], record: dict[str, str]
) -> dict[str, str]:
    """The answers that change something: not the saved answer again, and not the record's own
    answer kept as it was."""
    return {
        k: v
        for k, v in answers.items()
        if (referral.answers.get(k) or "") != v
        and not (k not in referral.answers and record.get(k) == v)
    }


def _sheet_section(
    request: AuthenticatedRequest, referral: Referral, found: Section, posted: QueryDict | None
) -> HttpResponse | SectionPage:
    # Issue 14: what is missing, what the lead gave, what is optional and blank, and (on
    # "Change") an answer the record gave, which the lead's correction replaces.
    sheet = services.sheet_of(referral)
    if sheet is None:
        raise Http404
    change = request.GET.get("change") or request.POST.get("change") or ""
    record = services.record_answers(referral)
    page_plan = sheet_page.plan(referral, found, sheet, change=change, record_values=record)
    form = SheetSectionForm(posted, plan=page_plan)
    if posted is not None and form.is_valid():
        answers = _changed_answers(referral, form.answers(), record)
        try:
            if answers:
                services.referral_answer(
                    referral=referral,
                    answers=answers,
                    version=_posted_version(request),
                    by=request.user,
                    section=found.slug,
                    request=request,
                )
        except NotAllowed as exc:
            _refused(form, exc)
        else:
            # An answer can open further questions in the same section.
            if missing_in(found, services.sheet_of(referral)) and answers:
                return redirect("referrals:section", pk=referral.pk, slug=found.slug)
            return redirect("referrals:detail", pk=referral.pk)
    context = presenters.sheet_section_context(request.user, referral, found, page_plan, change)
    return SectionPage(form, context)


def _questions_section(
    request: AuthenticatedRequest, referral: Referral, found: Section, posted: QueryDict | None
) -> HttpResponse | SectionPage:
    questions = documents.questions_asked(referral, found)
    form = QuestionsForm(
        posted,
        questions=questions,
        initial={q.key: documents.answer_of(referral, q) for q in questions},
    )
    if posted is not None and form.is_valid():
        return _saved(
            referral,
            form,
            lambda: services.referral_answer_questions(
                referral=referral,
                section=found.slug,
                values=form.answers(),
                version=_posted_version(request),
                by=request.user,
                request=request,
            ),
        )
    return SectionPage(form)


def _first_responder_section(
    request: AuthenticatedRequest, referral: Referral, found: Section, posted: QueryDict | None
) -> HttpResponse | SectionPage:
    form = HandoverForm(posted, own_organisation_id=referral.organisation_id)
    if posted is None:
        form.initial = {
            "organisation": str(referral.receiving_organisation_id or ""),
            "organisation_name": referral.receiving_organisation_name,
        }
    if posted is not None and form.is_valid():
        return _saved(
            referral,
            form,
            lambda: services.referral_handover(
                referral=referral,
                version=_posted_version(request),
                by=request.user,
                organisation=form.chosen(),
                organisation_name=form.cleaned_data.get("organisation_name", ""),
                request=request,
            ),
        )
    return SectionPage(form)


def _summary_section(
    request: AuthenticatedRequest, referral: Referral, found: Section, posted: QueryDict | None
) -> HttpResponse | SectionPage:
    """The case summary: read, then confirmed (no form)."""
    if posted is not None:
        services.referral_section_done(
            referral=referral,
            section=found.slug,
            version=_posted_version(request),
            by=request.user,
            request=request,
        )
        return redirect("referrals:detail", pk=referral.pk)
    return SectionPage(None, {"document": presenters.document_of(referral)})


def _note_section(
    request: AuthenticatedRequest, referral: Referral, found: Section, posted: QueryDict | None
) -> HttpResponse | SectionPage:
    form = NoteForm(posted, initial={"note": referral.note})
    if posted is not None and form.is_valid():
        return _saved(
            referral,
            form,
            lambda: services.referral_section_done(
                referral=referral,
                section=found.slug,
                version=_posted_version(request),
                by=request.user,
                note=form.cleaned_data["note"],
                request=request,
            ),
        )
    return SectionPage(form)


def _mode_of(found: Section) -> SectionMode:
    if found.is_sheet:
        return _sheet_section
    if found.is_questions:
        return _questions_section
    if found == FIRST_RESPONDER:
        return _first_responder_section
    if found.slug == "case-summary":
        return _summary_section
    return _note_section


@roles_required(Role.LEAD, object_scoped=True)
def section(request: AuthenticatedRequest, pk: uuid.UUID, slug: str) -> HttpResponse:
    referral = _referral(request, pk)
    found = section_named(referral.kind, slug)
    if found is None:
        raise Http404
    if referral.is_sent:
        messages.info(request, "This referral has been sent: it can no longer be changed.")
        return redirect("referrals:detail", pk=referral.pk)
    try:
        shown = _mode_of(found)(request, referral, found, _posted(request))
    except ReferralConflict:
        messages.error(request, CONFLICT)
        return redirect("referrals:detail", pk=referral.pk)
    if isinstance(shown, HttpResponse):
        return shown
    form = shown.form
    # The section shows the case's answers about the person: recorded against the case, so
    # "who has seen this record" shows it (issue 17).
    audit_record(
        request=request,
        kind="case-viewed",
        target=referral.case,
        detail={"page": "referral-section", "referral": str(referral.pk), "section": found.slug},
    )
    return render(
        request,
        "referrals/section.html",
        {"referral": referral, "section": found, **shown.context, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


# ------------------------------------------------------------------------------ follow-up


@roles_required(Role.LEAD, object_scoped=True)
def sent(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    referral = _referral(request, pk)
    form = SentForm(
        _posted(request),
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
def outcome(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    referral = _referral(request, pk)
    spec = kinds.spec(referral.kind)
    names = services.outcome_fields(referral.kind)
    if not names:
        raise Http404
    initial = {name: getattr(referral, name) for name in names}
    posted = _posted(request)
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
        presenters.outcome_page(referral, form),
        status=400 if form.errors else 200,
    )


# ------------------------------------------------------------------------------ print, download


@roles_required(Role.LEAD, object_scoped=True)
def sheet(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    """The printable answer sheet, page by page in the official form's order."""
    referral = _referral(request, pk)
    context = presenters.sheet_context(referral, with_change_links=True)
    services.referral_viewed(referral=referral, request=request, page="sheet")
    return render(request, "referrals/sheet.html", context)


@roles_required(Role.LEAD, object_scoped=True)
def document(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    """The document of a kind without an answer sheet, on screen: what it will say, with what
    is still not recorded listed first."""
    referral = _referral(request, pk)
    context = presenters.document_context(referral)
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
def download(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    """The referral's document after the lead re-enters their password, audited, under a fixed
    file name (KindSpec.file_stem, never the reference or a name): the answer sheet as PDF,
    JSON or CSV; any other kind's document as a PDF marked OFFICIAL-SENSITIVE."""
    referral = _referral(request, pk)
    spec = kinds.spec(referral.kind)
    if not spec.has_sheet:
        return _download_document(request, referral)
    context = presenters.sheet_context(referral)
    form = ExportForm(_posted(request), acting=request.user)
    if request.method == "POST" and form.is_valid():
        fmt = form.cleaned_data["format"]
        services.referral_exported(referral=referral, fmt=fmt, request=request, by=request.user)
        return exports.sheet_download(request, context, fmt=fmt, file_stem=spec.file_stem)
    return render(
        request,
        "referrals/download.html",
        {"referral": referral, "form": form, "spec": spec, "identifying": context["identifying"]},
        status=400 if form.errors else 200,
    )


def _download_document(request: AuthenticatedRequest, referral: Referral) -> HttpResponse:
    spec = kinds.spec(referral.kind)
    context = presenters.document_context(referral)
    posted = _posted(request)
    form = DocumentExportForm(posted, acting=request.user)
    if posted is not None and form.is_valid():
        services.referral_exported(referral=referral, fmt="pdf", request=request, by=request.user)
        return exports.document_download(request, context, file_stem=spec.file_stem)
    return render(
        request,
        "referrals/download.html",
        {"referral": referral, "form": form, "spec": spec, "document": context["document"]},
        status=400 if form.errors else 200,
    )
