"""Retention settings (admins), legal holds and subject access (leads), support access."""

from __future__ import annotations

import contextlib
import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.forms import ConfirmPasswordForm
from cases import selectors as cases_sel
from cases.models import Case
from core.access import AuthenticatedRequest, Role, roles_required, signed_in
from core.forms import posted as _posted
from privacy import selectors as sel
from privacy import services
from privacy.access import support_grant_required
from privacy.forms import FIELD_OF, ConfirmForm, HoldForm, RetentionForm, SupportGrantForm
from privacy.models import PERIODS, RecordType, SupportGrant
from privacy.retention import due_for_deletion
from privacy.subject_access import subject_access_pdf


def _owned_case(request: AuthenticatedRequest, pk: uuid.UUID) -> Case:
    """A case of the lead's own organisation (a partner it was shared with may not do this)."""
    return get_object_or_404(cases_sel.case_for_page(cases_sel.cases_owned_by(request.user)), pk=pk)


def _case_url(case: Case) -> str:
    return reverse("cases:detail", kwargs={"pk": case.pk})


# ------------------------------------------------------------------------------ retention


@roles_required(Role.ADMIN)
def retention(request: AuthenticatedRequest) -> HttpResponse:
    """The organisation's retention periods. Numbers only: no case content."""
    periods = sel.rules_of(request.user)
    initial = {FIELD_OF[rt]: periods[rt][0] for rt in RecordType.values}
    form = RetentionForm(_posted(request), initial=initial, acting=request.user)
    if request.method == "POST" and form.is_valid():
        changed = services.retention_rules_set(
            organisation=request.user.organisation,
            periods=form.periods(),
            by=request.user,
            request=request,
        )
        messages.success(
            request,
            "Retention periods saved" if changed else "Nothing changed: the periods are the same",
        )
        return redirect("privacy:retention")
    due = due_for_deletion(timezone.localdate(), request.user.organisation_id)
    rows = [
        {
            "label": RecordType(rt).label,
            "period": periods[rt][0],
            "unit": PERIODS[rt]["unit"],
            "set": periods[rt][1],
            "default": PERIODS[rt]["default"],
        }
        for rt in RecordType.values
    ]
    return render(
        request,
        "privacy/retention.html",
        {"form": form, "rows": rows, "due_count": len(due)},
        status=400 if form.errors else 200,
    )


# ------------------------------------------------------------------------------ legal holds


@roles_required(Role.LEAD, object_scoped=True)
def hold_place(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    case = _owned_case(request, pk)
    current = sel.active_hold(case)
    form = HoldForm(_posted(request))
    if current is None and request.method == "POST" and form.is_valid():
        with contextlib.suppress(services.AlreadyHeld):  # someone else placed one just now
            services.hold_place(
                case=case, reason=form.cleaned_data["reason"], by=request.user, request=request
            )
        messages.success(request, "Legal hold placed: this case will not be deleted")
        return redirect(_case_url(case))
    return render(
        request,
        "privacy/hold_place.html",
        {"form": form, "case": case, "current": current, "holds": list(sel.holds_of(case))},
        status=400 if form.errors else 200,
    )


@roles_required(Role.LEAD, object_scoped=True)
def hold_lift(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    hold = get_object_or_404(sel.active_holds_owned_by(request.user), pk=pk)
    form = ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.hold_lift(hold=hold, by=request.user, request=request)
        messages.success(request, "Legal hold lifted: the retention rules apply again")
        return redirect(_case_url(hold.case))
    context = {"form": form, "hold": hold, "case": hold.case}
    return render(request, "privacy/hold_lift.html", context)


# ------------------------------------------------------------------------------ subject access


@roles_required(Role.LEAD, object_scoped=True)
def subject_access(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    """GET: what the PDF holds and a password to confirm. POST: the PDF, as a download."""
    case = _owned_case(request, pk)
    form = ConfirmPasswordForm(_posted(request), acting=request.user)
    if request.method == "POST" and form.is_valid():
        pdf = subject_access_pdf(case, request.user)
        services.subject_access_exported(case=case, request=request)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="subject-access.pdf"'
        return response
    return render(
        request,
        "privacy/subject_access.html",
        {"form": form, "case": case},
        status=400 if form.errors else 200,
    )


# ------------------------------------------------------------------------------ support access


@roles_required(Role.LEAD, object_scoped=True)
def support_grant_new(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    case = _owned_case(request, pk)
    people = list(sel.support_people())
    form = SupportGrantForm(_posted(request), people=people)
    if request.method == "POST" and form.is_valid():
        grant = services.support_grant(
            case=case,
            support_user=form.chosen(),
            hours=form.cleaned_data["hours"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            request=request,
        )
        messages.success(
            request,
            f"{grant.support_user.full_name} can see a summary of this case until "
            f"{timezone.localtime(grant.expires_at):%-d %B %Y, %H:%M}",
        )
        return redirect(_case_url(case))
    return render(
        request,
        "privacy/support_grant_new.html",
        {"form": form, "case": case, "people": people},
        status=400 if form.errors else 200,
    )


@roles_required(Role.LEAD, Role.ADMIN)
def support_grants(request: AuthenticatedRequest) -> HttpResponse:
    """Every support grant of the organisation, with its status."""
    now = timezone.now()
    grants = [
        {"grant": g, "status": g.status_at(now), "requests": sel.support_requests(g).count()}
        for g in sel.grants_seen_by(request.user)[:200]
    ]
    return render(request, "privacy/support_grants.html", {"grants": grants})


@roles_required(Role.LEAD, Role.ADMIN, object_scoped=True)
def support_grant_detail(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    """One grant and every request the support person made under it."""
    grant = get_object_or_404(sel.grants_seen_by(request.user), pk=pk)
    now = timezone.now()
    return render(
        request,
        "privacy/support_grant.html",
        {
            "grant": grant,
            "status": grant.status_at(now),
            "requests": list(sel.support_requests(grant)[:500]),
            "may_revoke": request.user.has_role(Role.LEAD) and grant.is_active_at(now),
        },
    )


@roles_required(Role.LEAD, object_scoped=True)
def support_revoke(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    grant = get_object_or_404(sel.grants_revocable_by(request.user), pk=pk)
    form = ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.support_revoke(grant=grant, by=request.user, request=request)
        messages.success(request, "Support access ended")
        return redirect("privacy:support-grant", pk=grant.pk)
    return render(request, "privacy/support_revoke.html", {"form": form, "grant": grant})


@signed_in()
def support_mine(request: AuthenticatedRequest) -> HttpResponse:
    """For a support person: the cases they may see now. Empty for everyone else."""
    return render(
        request, "privacy/support_mine.html", {"grants": list(sel.active_grants_of(request.user))}
    )


@support_grant_required
def support_case(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    """A read-only summary of one case, for a support person with a grant in force. 404
    otherwise; every request is audited (allowed and refused) for the organisation to see."""
    user = request.user
    grant = sel.active_grants_of(user).filter(case_id=pk).first()
    if grant is None:
        if sel.is_support_person(user):
            ended = SupportGrant.objects.filter(support_user=user, case_id=pk).first()
            if ended is not None:
                services.support_access_refused(
                    case_id=pk, organisation_id=ended.organisation_id, request=request
                )
        raise Http404
    if not user.is_verified():
        return redirect("accounts:mfa")
    services.support_access_used(grant=grant, request=request)
    case = grant.case
    return render(
        request,
        "privacy/support_case.html",
        {
            "grant": grant,
            "case": case,
            "counts": {
                "concerns": case.links.count(),
                "tasks": case.tasks.count(),
                "decisions": case.decisions.count(),
                "notes": case.notes.count(),
            },
            "items": list(cases_sel.pathway_items_of(case)),
            "tasks": list(cases_sel.tasks_of(case)),
        },
    )
