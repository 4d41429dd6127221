"""The handover pages (issue 15, item 1): hand a pack over, see what was handed over, accept it
or decline it.

For leads only (403 for other roles). A handover is looked up through
referrals.selectors.handovers_visible_to with the acting person: the sending and the receiving
organisation see it, anyone else gets 404. Only the receiver accepts or declines; only the sender
hands over.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from core.access import AuthenticatedRequest, Role, roles_required
from core.forms import posted as _posted
from core.forms import posted_version as _posted_version
from referrals import handovers, presenters
from referrals import selectors as sel
from referrals.forms import HandoverAcceptForm, HandoverDeclineForm
from referrals.handovers import HandoverConflict, NotAllowed
from referrals.models import Handover, HandoverState, Kind

CONFLICT = "Someone else has already answered this handover. Here it is as it is now."


def _handover(request: AuthenticatedRequest, pk: uuid.UUID) -> Handover:
    return get_object_or_404(sel.handovers_visible_to(request.user), pk=pk)


def _received(request: AuthenticatedRequest, pk: uuid.UUID) -> Handover:
    """A handover to the lead's own organisation (the sender gets 404 on accept/decline)."""
    handover = _handover(request, pk)
    if handover.to_organisation_id != request.user.organisation_id:
        raise Http404
    return handover


@roles_required(Role.LEAD, object_scoped=True)
def detail(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    """What was handed over, its state and, for the receiver, accept or decline."""
    handover = _handover(request, pk)
    handovers.handover_viewed(handover=handover, request=request)
    return render(
        request, "referrals/handover.html", presenters.handover_page(request.user, handover)
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
    form = HandoverAcceptForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            case = handovers.handover_accept(
                handover=handover,
                version=_posted_version(request),
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
    form = HandoverDeclineForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            handovers.handover_decline(
                handover=handover,
                reason=form.cleaned_data["reason"],
                version=_posted_version(request),
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
    posted = _posted(request)
    form = HandoverAcceptForm(
        posted, initial={"share_outcomes": "yes" if handover.share_outcomes else "no"}
    )
    if posted is not None and form.is_valid():
        try:
            handovers.handover_set_outcome_sharing(
                handover=handover,
                share_outcomes=form.cleaned_data["share_outcomes"] == "yes",
                version=_posted_version(request),
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
    error = ""
    if request.method == "POST":
        try:
            handovers.handover_send(
                pack=referral, version=_posted_version(request), by=request.user, request=request
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
        presenters.handover_send_page(referral, error),
        status=400 if error else 200,
    )
