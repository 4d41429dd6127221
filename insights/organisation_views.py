"""The organisation's own figures, for safeguarding leads and analysts: aggregates only, never a
case, a person or a free-text field. Analysts see small numbers suppressed on screen; every CSV
export is suppressed, behind the person's password, and audited. Admins set the organisation's
smallest count to show."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from accounts.models import User
from audit.services import audit_record
from core.access import AuthenticatedRequest, Role, roles_required
from core.csv import csv_text
from insights import charts, services
from insights.forms import ExportForm, PeriodForm, ThresholdForm
from insights.organisation import (
    Duration,
    DurationView,
    Period,
    Table,
    TableView,
    organisation_durations,
    organisation_figures,
    threshold_for,
    views_of,
)
from insights.suppression import DEFAULT_THRESHOLD, SUPPRESSED


def _period(form: PeriodForm) -> Period:
    default = Period.last_twelve_months()
    if not form.is_bound or not form.is_valid():
        return default
    start = form.cleaned_data.get("date_from") or default.start
    end = form.cleaned_data.get("date_to") or max(default.end, start)
    return Period.months(start, end)


def _screen_threshold(user: User, organisation_threshold: int) -> int | None:
    """Leads see every count on screen; anyone else (analysts) sees them suppressed."""
    return None if user.has_role(Role.LEAD) else organisation_threshold


def duration_views(
    durations: Sequence[Duration],
    views: list[TableView],
    threshold: int | None,
    median_threshold: int,
) -> list[DurationView]:
    """Each duration with its count suppressed as its linked table is (see Duration)."""
    by_key = {view.table.key: view for view in views}
    return [d.view(threshold, median_threshold, by_key[d.linked]) for d in durations]


def nothing_shown(views: Sequence[TableView]) -> bool:
    """Whether there are counts, but every one of them is suppressed (a school's first months):
    the page then says so and suggests a longer period instead of a page of "suppressed"."""
    counted = any(line.count for view in views for line in view.table.lines)
    shown = any(row.count for view in views for row in view.rows) or any(
        view.total for view in views
    )
    return counted and not shown


def longer_period(period: Period) -> Period:
    """The period to suggest when nothing can be shown: twice as long and at least a year,
    ending with the same month (whole months, built with Period.months)."""
    months = max(12, 2 * len(period.month_starts()))
    year, month = period.end.year, period.end.month - (months - 1)
    while month < 1:
        year, month = year - 1, month + 12
    return Period.months(date(year, month, 1), period.end)


def _month_chart(view: Any, chart_id: str, what: str) -> str:
    rows = [charts.Row(row.label, (row.count,)) for row in view.rows]
    shown = [row.count for row in view.rows if row.count is not None]
    largest = (
        f"the largest month has {max(shown):,}" if shown else "every month's count is suppressed"
    )
    desc = (
        f"Bar chart of {what.lower()}, one bar per month from {view.rows[0].label} to "
        f"{view.rows[-1].label}; {largest}. The table after the chart gives every figure."
    )
    return charts.grouped_bar_chart(
        chart_id=chart_id,
        title=what,
        desc=desc,
        series_list=[charts.series(what, charts.DARK_BLUE)],
        rows=rows,
        missing_text="suppressed",
        label_width=130,
    )


@roles_required(Role.LEAD, Role.ANALYST)
def organisation(request: AuthenticatedRequest) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    period = _period(form)
    organisation_threshold = threshold_for(request.user)
    threshold = _screen_threshold(request.user, organisation_threshold)
    tables = organisation_figures(request.user, period)
    views = views_of(tables, threshold)
    by_key = {v.table.key: v for v in views}
    chart_for = {
        "concerns-by-month": _month_chart(
            by_key["concerns-by-month"], "chart-concerns", "Concerns raised by month"
        ),
        "cases-by-month": _month_chart(
            by_key["cases-by-month"], "chart-cases", "Cases opened by month"
        ),
    }
    sections = [
        {"view": v, "chart": mark_safe(chart_for[v.table.key]) if v.table.key in chart_for else ""}  # noqa: S308 (escaped in charts)
        for v in views
    ]
    durations = duration_views(
        organisation_durations(request.user, period),
        views,
        threshold,
        organisation_threshold,
    )
    query = request.GET.urlencode() if form.is_bound and form.is_valid() else ""
    too_few = threshold is not None and nothing_shown(views)
    longer = longer_period(period) if too_few else None
    # Which months each person looked at: comparing two overlapping periods can narrow a
    # suppressed count down to the months between them, so such a pattern stays traceable.
    audit_record(
        kind="figures-viewed",
        request=request,
        target_type="insights.organisation",
        detail={
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "suppressed": threshold is not None,
        },
    )
    return render(
        request,
        "insights/organisation.html",
        {
            "form": form,
            "period": period,
            "sections": sections,
            "durations": durations,
            "suppressing": threshold is not None,
            "threshold": organisation_threshold,
            "query": query,
            "too_few": too_few,
            "longer": longer,
            "longer_query": (
                urlencode({"date_from": f"{longer.start:%Y-%m}", "date_to": f"{longer.end:%Y-%m}"})
                if longer
                else ""
            ),
        },
        status=400 if form.errors else 200,
    )


def csv_rows(
    tables: list[Table], threshold: int, durations: Sequence[Duration] = ()
) -> list[list[object]]:
    rows: list[list[object]] = []
    views = views_of(tables, threshold)
    for view in views:
        table = view.table
        for row in view.rows:
            rows.append(
                [
                    table.title,
                    row.label,
                    SUPPRESSED if row.count is None else row.count,
                    "" if row.share is None else row.share.text,
                ]
            )
        if table.additive:
            rows.append(
                [table.title, "Total", SUPPRESSED if view.total is None else view.total, ""]
            )
    # One row per duration: the median in the category, so the count column holds only counts
    # (the number of referrals) and the header stays the same.
    for dv in duration_views(durations, views, threshold, threshold):
        rows.append(
            [
                dv.duration.title,
                f"Median days: {dv.median_text}",
                SUPPRESSED if dv.count is None else dv.count,
                "",
            ]
        )
    return rows


@roles_required(Role.LEAD, Role.ANALYST)
def organisation_csv(request: AuthenticatedRequest) -> HttpResponse:
    """The figures as CSV with small numbers suppressed, after the person re-enters their
    password (step-up). Audited; the file name says only the period."""
    filters = PeriodForm(request.GET or None)
    form = ExportForm(request.POST or None, acting=request.user)
    if request.method == "POST" and form.is_valid() and not filters.errors:
        period = _period(filters)
        threshold = threshold_for(request.user)
        tables = organisation_figures(request.user, period)
        durations = organisation_durations(request.user, period)
        body = csv_text(
            ["figure", "category", "count", "share of total"],
            csv_rows(tables, threshold, durations),
        )
        audit_record(
            kind="export",
            request=request,
            target_type="insights.organisation",
            detail={
                "export": "organisation-figures",
                "from": period.start.isoformat(),
                "to": period.end.isoformat(),
                "threshold": threshold,
            },
        )
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        name = f"figures-{period.start:%Y-%m}-to-{period.end:%Y-%m}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    period = _period(filters)
    return render(
        request,
        "insights/organisation_export.html",
        {"form": form, "query": request.GET.urlencode(), "period": period},
        status=400 if form.errors else 200,
    )


@roles_required(Role.ADMIN)
def threshold_settings(request: AuthenticatedRequest) -> HttpResponse:
    """The organisation's smallest count to show (admins): a number, never case data."""
    current = threshold_for(request.user)
    form = ThresholdForm(
        request.POST if request.method == "POST" else None,
        initial={"threshold": current},
        acting=request.user,
    )
    if request.method == "POST" and form.is_valid():
        changed = services.insight_threshold_set(
            organisation=request.user.organisation,
            threshold=form.cleaned_data["threshold"],
            by=request.user,
            request=request,
        )
        if changed:
            messages.success(request, "Smallest count to show saved")
        else:
            messages.info(request, "Nothing changed: the smallest count to show is the same")
        return redirect("insights:settings")
    return render(
        request,
        "insights/settings.html",
        {"form": form, "current": current, "usual": DEFAULT_THRESHOLD},
        status=400 if form.errors else 200,
    )
