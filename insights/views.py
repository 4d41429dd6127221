"""Insights pages. National figures are public statistics: any signed-in person may see them,
analysts included; nothing here reads case data. The page is built in insights/presenters.py,
the CSV download in insights/national_export.py."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from audit.services import audit_record
from core.access import AuthenticatedRequest, signed_in
from insights import national_export, presenters
from insights.services import national_years


@signed_in()
@require_GET
def index(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "insights/index.html")


@signed_in()
@require_GET
def national(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "insights/national.html", presenters.national_page(national_years()))


@signed_in()
@require_POST
def national_csv(request: AuthenticatedRequest) -> HttpResponse:
    """The national figures as CSV, in the columns of the file they were loaded from. A POST,
    because it writes an audit event (and so no link preview or prefetch makes one)."""
    years = national_years()
    audit_record(
        kind="export",
        request=request,
        target_type="insights.nationalyear",
        detail={"export": "national-statistics", "years": len(years)},
    )
    response = HttpResponse(national_export.to_csv(years), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{national_export.file_name(years)}"'
    return response
