"""What the referral and handover pages show: their contexts, task lists, answer tables and the
checks a lead reads before a document leaves, built from the acting person and the records the
view looked up.

Nothing here changes state or writes an audit event (the views do, through services). The views
(referrals/views.py, referrals/handover_views.py) bind forms, call services and render what these
return, under the context keys the templates read; the downloads are built in
referrals/exports.py.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from cases import selectors as case_selectors
from cases.forms import CaseDetailsForm
from cases.models import SharePart
from core import nations
from guidance.catalogue import get_catalogue
from referrals import documents, handovers, kinds, services
from referrals import selectors as sel
from referrals.forms import field_label
from referrals.handovers import document_concerns
from referrals.identifying import free_text, identifying_flags
from referrals.models import Handover, HandoverState, Kind, Referral
from referrals.official.form import FIELDS
from referrals.official.questions import page_title
from referrals.official.sheet import Sheet
from referrals.sections import RECEIVER_FIELDS, Section, applies, missing_in, section_of_step
from referrals.sections import sections_for as _sections_for
from referrals.sheet_page import Plan

# ------------------------------------------------------------------------------ lists


def deadlines_page(user: User, today: date) -> dict[str, Any]:
    """The lead's deadlines across their organisation's sent referrals, soonest first, split
    into overdue, due soon and later."""
    rows = []
    referrals = sel.referrals_visible_to(user).filter(
        kind__in=kinds.KINDS_WITH_DEADLINES, status="sent"
    )
    for referral in referrals:
        rows.extend(services.deadlines_of(referral, today))
    rows.sort(key=lambda d: d.due)
    return {
        "overdue": [d for d in rows if d.status == "overdue"],
        "due_soon": [d for d in rows if d.status == "due-soon"],
        "later": [d for d in rows if d.status == "not-due"],
        "today": today,
    }


# ------------------------------------------------------------------------------ the referral


def task_rows(referral: Referral, sheet: Sheet | None) -> list[dict[str, Any]]:
    """The referral's sections as a task list: each with whether it is done and how many of its
    questions are still unanswered (and the task's hint saying so)."""
    rows = []
    for section in _sections_for(referral.kind):
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
        count = len(missing)
        hint = f"{count} question{'' if count == 1 else 's'} to answer" if count else ""
        status = "Completed" if done else "Incomplete"
        rows.append(
            {"section": section, "done": done, "status": status, "missing": count, "hint": hint}
        )
    return rows


def detail_page(referral: Referral) -> dict[str, Any]:
    """The referral's own page: its task list, what the lead supplied and its deadlines."""
    sheet = services.sheet_of(referral)
    rows = task_rows(referral, sheet)
    spec = kinds.spec(referral.kind)
    return {
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
    }


def outcome_page(referral: Referral, form: Any) -> dict[str, Any]:
    return {
        "referral": referral,
        "spec": kinds.spec(referral.kind),
        "nation": nations.nation(referral.case.nation),
        "deadlines": services.deadlines_of(referral, timezone.localdate()),
        "form": form,
    }


# ------------------------------------------------------------------------------ a section


def sheet_section_context(
    user: User, referral: Referral, found: Section, page_plan: Plan, change: str
) -> dict[str, Any]:
    """What a section of the answer sheet shows beside its form: what was answered, the
    answer being changed, and where it helps, the concern's account and what is missing from
    the lead's and the organisation's details."""
    context: dict[str, Any] = {"answered": page_plan.answered}
    if found.slug == "about-the-referral" and referral.kind != Kind.PASS_TO_FIRST_RESPONDER:
        # Issue 14: asked once and remembered, on the person's and organisation's pages.
        context["own_details_missing"] = not (user.job_title and user.phone)
        context["organisation_details_missing"] = not (
            referral.organisation.nrm_organisation and referral.organisation.team_inbox
        )
    context["change"] = change
    context["account"] = account_of(referral) if found.slug == "the-exploitation" else []
    return context


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


# ------------------------------------------------------------------------------ the sheet


def change_links(referral: Referral, sheet: Sheet | None) -> dict[str, str]:
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


def supplied_rows(referral: Referral, sheet: Sheet | None) -> list[dict[str, Any]]:
    """The answers the lead gave (not the case), each with where to change it."""
    links = change_links(referral, sheet)
    supplied = services.lead_supplied(referral, sheet)
    return [
        {"name": f.name, "label": field_label(f.name), "value": f.value, "change": links[f.name]}
        for step in (sheet.steps if sheet else ())
        for f in step.fields
        if f.name in links and f.name in supplied and f.value
    ]


def identifying_check(referral: Referral, sheet: Sheet) -> list[dict[str, Any]]:
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
            "change": change_links(referral, sheet).get(name, ""),
        }
        for name, text in free_text(sheet.answers).items()
    ]


def sheet_context(referral: Referral, *, with_change_links: bool = False) -> dict[str, Any]:
    """The answer sheet page by page in the official form's order (the printable page, and the
    PDF, JSON and CSV downloads). 404 for a kind without an answer sheet."""
    sheet = services.sheet_of(referral)
    if sheet is None:
        raise Http404
    links = change_links(referral, sheet) if with_change_links else {}
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


# ------------------------------------------------------------------------------ the document


def document_of(referral: Referral) -> documents.Document | None:
    """The document of a kind without an answer sheet (None for the sheet kinds)."""
    spec = kinds.spec(referral.kind)
    if spec.document is None:
        return None
    return spec.document(referral, spec.sections)


def document_context(referral: Referral) -> dict[str, Any]:
    """The document page (and its PDF). 404 for a kind with an answer sheet instead."""
    found = document_of(referral)
    if found is None:
        raise Http404
    return {
        "referral": referral,
        "case": referral.case,
        "document": found,
        "generated": timezone.localtime(),
    }


# ------------------------------------------------------------------------------ handovers


def handed_over_parts() -> list[str]:
    """What a handover carries, in the share's own words."""
    labels = dict(SharePart.choices)
    return [labels[p] for p in (SharePart.SUMMARY, SharePart.CONCERNS, SharePart.SCREENING)]


def handed_over_rows(handover: Handover) -> dict[str, Any]:
    """What was handed over, for the page: the person, the facts, the concerns as recorded,
    the signs (the catalogue's words), and what the sender supplied in the pack."""
    snapshot = handover.snapshot
    form = CaseDetailsForm()
    person = []
    for name, value in (snapshot.get("case") or {}).items():
        if name not in form.fields:
            continue
        field = form.fields[name]
        choices = dict(getattr(field, "choices", []) or [])
        shown = choices.get(value, value) if value not in (None, "") else "Not known"
        person.append((str(field.label), str(shown)))
    catalogue = get_catalogue()
    concerns = []
    for concern in handovers.concerns_in(snapshot):
        signs = [
            catalogue.get(i).text if i in catalogue else i for i in concern.indicator_ids or []
        ]
        concerns.append({"concern": concern, "signs": signs})
    answers = [
        (field_label(k), k, v)
        for k, v in (snapshot.get("answers") or {}).items()
        if k in FIELDS and k not in RECEIVER_FIELDS
    ]
    return {
        "person": person,
        "types": snapshot.get("types") or [],
        "concerns": concerns,
        "answers": answers,
        "note": snapshot.get("note") or "",
        "contact": snapshot.get("contact") or {},
        "parts": handed_over_parts(),
    }


def handover_page(user: User, handover: Handover) -> dict[str, Any]:
    """A handover as the sender or the receiver sees it, with what came back if shared."""
    return {
        "handover": handover,
        "receiving": handover.to_organisation_id == user.organisation_id,
        "waiting": handover.state == HandoverState.SENT,
        "outcomes": sel.outcomes_shared_with(user, handover),
        **handed_over_rows(handover),
    }


def handover_send_page(referral: Referral, error: str) -> dict[str, Any]:
    """The check before a pack is handed over: how many answers it still lacks (the receiver's
    own are theirs to give) and what it carries."""
    sheet = services.sheet_of(referral)
    missing = [n for n in (sheet.missing if sheet else []) if n not in RECEIVER_FIELDS]
    return {
        "referral": referral,
        "case": referral.case,
        "missing": len(missing),
        "error": error,
        "parts": handed_over_parts(),
    }
