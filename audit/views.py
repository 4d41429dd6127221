from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from audit.forms import AuditExportForm, AuditFilterForm
from audit.kinds import label_of
from audit.models import AuditEvent
from audit.selectors import audit_events_of, filter_events
from audit.services import audit_record
from core.access import AuthenticatedRequest, Role, roles_required
from core.csv import csv_text

PAGE_SIZE = 50


def _filtered(request: AuthenticatedRequest, form: AuditFilterForm) -> QuerySet[AuditEvent]:
    events = audit_events_of(request.user).select_related("actor")
    if form.is_valid():
        events = filter_events(
            events,
            actor=form.cleaned_data.get("actor"),
            kind=form.cleaned_data.get("kind") or "",
            date_from=form.cleaned_data.get("date_from"),
            date_to=form.cleaned_data.get("date_to"),
        )
    return events


@roles_required(Role.ADMIN)
def audit_search(request: AuthenticatedRequest) -> HttpResponse:
    """Who did what, when: for the organisation admin. Events carry no case content."""
    form = AuditFilterForm(request.GET or None, acting=request.user)
    events = _filtered(request, form)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/search.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=400 if form.errors else 200,
    )


@roles_required(Role.ADMIN)
def audit_export(request: AuthenticatedRequest) -> HttpResponse:
    """A CSV of the filtered events, after the admin re-enters their password (step-up)."""
    filters = AuditFilterForm(request.GET or None, acting=request.user)
    form = AuditExportForm(request.POST or None, acting=request.user)
    if request.method == "POST" and form.is_valid() and not filters.errors:
        events = _filtered(request, filters)
        rows = (
            (
                e.id,
                e.at.isoformat(),
                e.actor.full_name if e.actor else "",
                e.kind,
                e.target_type,
                e.target_id,
                e.ip_address or "",
                label_of(e.kind),
            )
            for e in events.iterator(chunk_size=2000)
        )
        body = csv_text(
            ["event", "when (UTC)", "who", "kind", "record type", "record id", "from", "what"],
            rows,
        )
        audit_record(request=request, kind="export", detail={"what": "audit-events"})
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="audit-events-{stamp}.csv"'
        return response
    return render(
        request,
        "audit/export.html",
        {"form": form, "query": request.GET.urlencode()},
        status=400 if form.errors else 200,
    )
