"""The handover pages (issue 15, item 1): hand a pack over, see what was handed over, accept it
or decline it.

For leads only (403 for other roles). A handover is looked up through
referrals.selectors.handovers_visible_to with the acting person: the sending and the receiving
organisation see it, anyone else gets 404. Only the receiver accepts or declines; only the sender
hands over.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from cases.forms import CaseDetailsForm
from cases.models import SharePart
from core.access import AuthenticatedRequest, Role, roles_required
from guidance.catalogue import get_catalogue
from referrals import handovers, services
from referrals import selectors as sel
from referrals.forms import HandoverAcceptForm, HandoverDeclineForm, field_label
from referrals.handovers import HandoverConflict, NotAllowed
from referrals.models import Handover, HandoverState, Kind
from referrals.official.form import FIELDS
from referrals.sections import RECEIVER_FIELDS

CONFLICT = "Someone else has already answered this handover. Here it is as it is now."


def _handover(request: AuthenticatedRequest, pk: uuid.UUID) -> Handover:
    return get_object_or_404(sel.handovers_visible_to(request.user), pk=pk)


def _received(request: AuthenticatedRequest, pk: uuid.UUID) -> Handover:
    """A handover to the lead's own organisation (the sender gets 404 on accept/decline)."""
    handover = _handover(request, pk)
    if handover.to_organisation_id != request.user.organisation_id:
        raise Http404
    return handover


def _version(request: AuthenticatedRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return 0


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


@roles_required(Role.LEAD, object_scoped=True)
def detail(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    """What was handed over, its state and, for the receiver, accept or decline."""
    handover = _handover(request, pk)
    handovers.handover_viewed(handover=handover, request=request)
    receiving = handover.to_organisation_id == request.user.organisation_id
    return render(
        request,
        "referrals/handover.html",
        {
            "handover": handover,
            "receiving": receiving,
            "waiting": handover.state == HandoverState.SENT,
            "outcomes": sel.outcomes_shared_with(request.user, handover),
            **handed_over_rows(handover),
        },
    )


def _to_answer(
    request: AuthenticatedRequest, pk: uuid.UUID
) -> tuple[Handover, HttpResponse | None]:
    """A handover waiting for the receiver's answer (its opening audited), or, once answered,
    where to send the lead instead."""
    handover = _received(request, pk)
    if handover.state != HandoverState.SENT:
        messages.info(request, "This handover has already been answered.")
        return handover, redirect("referrals:handover", pk=handover.pk)
    if request.method != "POST":
        handovers.handover_viewed(handover=handover, request=request)
    return handover, None


@roles_required(Role.LEAD, object_scoped=True)
def accept(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    handover, answered = _to_answer(request, pk)
    if answered is not None:
        return answered
    form = HandoverAcceptForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            case = handovers.handover_accept(
                handover=handover,
                version=_version(request),
                by=request.user,
                share_outcomes=form.cleaned_data["share_outcomes"] == "yes",
                request=request,
            )
        except HandoverConflict:
            messages.error(request, CONFLICT)
            return redirect("referrals:handover", pk=handover.pk)
        except NotAllowed as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"Handover accepted: case {case.reference} is now your organisation's. "
                "Everything that was handed over is in it.",
            )
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "referrals/handover_accept.html",
        {"handover": handover, "form": form},
        status=400 if form.errors else 200,
    )


@roles_required(Role.LEAD, object_scoped=True)
def decline(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    handover, answered = _to_answer(request, pk)
    if answered is not None:
        return answered
    form = HandoverDeclineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            handovers.handover_decline(
                handover=handover,
                reason=form.cleaned_data["reason"],
                version=_version(request),
                by=request.user,
                request=request,
            )
        except HandoverConflict:
            messages.error(request, CONFLICT)
            return redirect("referrals:handover", pk=handover.pk)
        except NotAllowed as exc:
            form.add_error("reason", str(exc))
        else:
            messages.success(request, "Handover declined. The organisation that sent it is told.")
            return redirect("cases:queue")
    return render(
        request,
        "referrals/handover_decline.html",
        {"handover": handover, "form": form},
        status=400 if form.errors else 200,
    )


@roles_required(Role.LEAD, object_scoped=True)
def sharing(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    """The receiver changes whether the sender sees what comes back."""
    handover = _received(request, pk)
    if handover.state != HandoverState.ACCEPTED:
        return redirect("referrals:handover", pk=handover.pk)
    posted = request.POST if request.method == "POST" else None
    form = HandoverAcceptForm(
        posted, initial={"share_outcomes": "yes" if handover.share_outcomes else "no"}
    )
    if posted is not None and form.is_valid():
        try:
            handovers.handover_set_outcome_sharing(
                handover=handover,
                share_outcomes=form.cleaned_data["share_outcomes"] == "yes",
                version=_version(request),
                by=request.user,
                request=request,
            )
        except HandoverConflict:
            messages.error(request, CONFLICT)
        else:
            messages.success(request, "Your choice is saved")
        return redirect("referrals:handover", pk=handover.pk)
    return render(
        request,
        "referrals/handover_sharing.html",
        {"handover": handover, "form": form},
        status=400 if form.errors else 200,
    )


@roles_required(Role.LEAD, object_scoped=True)
def send(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    """Hand a pack over to the first responder on Signpost chosen on it: check, then send."""
    referral = get_object_or_404(
        sel.referrals_visible_to(request.user), pk=pk, kind=Kind.PASS_TO_FIRST_RESPONDER
    )
    if referral.receiving_organisation_id is None or referral.is_sent:
        return redirect("referrals:detail", pk=referral.pk)
    sheet = services.sheet_of(referral)
    missing = [n for n in (sheet.missing if sheet else []) if n not in RECEIVER_FIELDS]
    error = ""
    if request.method == "POST":
        try:
            handovers.handover_send(
                pack=referral, version=_version(request), by=request.user, request=request
            )
        except HandoverConflict:
            messages.error(request, "Someone else changed this pack. Check it and try again.")
            return redirect("referrals:detail", pk=referral.pk)
        except NotAllowed as exc:
            error = str(exc)
        else:
            receiver = referral.receiving_organisation
            messages.success(
                request, f"Handed over to {receiver.name if receiver else 'them'} on Signpost"
            )
            return redirect("referrals:detail", pk=referral.pk)
    return render(
        request,
        "referrals/handover_send.html",
        {
            "referral": referral,
            "case": referral.case,
            "missing": len(missing),
            "error": error,
            "parts": handed_over_parts(),
        },
        status=400 if error else 200,
    )
