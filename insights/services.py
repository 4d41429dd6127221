"""Changing the national figures and an organisation's smallest count to show: one service
each, audited in the same transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.http import HttpRequest

from accounts.models import Organisation, User
from audit.services import audit_record
from insights.models import NationalYear, OrganisationInsightSettings
from insights.national import COLUMNS, YearFigures
from insights.suppression import MAX_THRESHOLD, MIN_THRESHOLD


@dataclass(frozen=True)
class FieldChange:
    column: str
    before: int | str | None
    after: int | str | None


@dataclass
class LoadResult:
    added: list[int] = field(default_factory=list)
    changed: dict[int, list[FieldChange]] = field(default_factory=dict)
    unchanged: list[int] = field(default_factory=list)


def national_years() -> list[YearFigures]:
    """Every year of national figures held, oldest first (public statistics, no case data)."""
    return [year.figures() for year in NationalYear.objects.order_by("year")]


def national_statistics_load(
    *,
    rows: Sequence[YearFigures],
    by: User | None = None,
    request: HttpRequest | None = None,
) -> LoadResult:
    """Add or update each year in `rows` (matched by year). Years not in `rows` are kept as
    they are: a newer file need not repeat history to be loaded."""
    result = LoadResult()
    with transaction.atomic():
        existing = {y.year: y for y in NationalYear.objects.select_for_update()}
        for figures in rows:
            values = figures.as_dict()
            year = existing.get(figures.year)
            if year is None:
                NationalYear.objects.create(**values)
                result.added.append(figures.year)
                continue
            changes = [
                FieldChange(column, getattr(year, column), values[column])
                for column in COLUMNS
                if getattr(year, column) != values[column]
            ]
            if not changes:
                result.unchanged.append(figures.year)
                continue
            for change in changes:
                setattr(year, change.column, change.after)
            year.save()
            result.changed[figures.year] = changes
        audit_record(
            kind="national-statistics-loaded",
            request=request,
            actor=by,
            target_type="insights.nationalyear",
            detail={
                "added": result.added,
                "changed": sorted(result.changed),
                "unchanged": len(result.unchanged),
            },
        )
    return result


def insight_threshold_set(
    *, organisation: Organisation, threshold: int, by: User, request: HttpRequest | None = None
) -> bool:
    """Set the organisation's smallest count to show; False if it was already that."""
    if not MIN_THRESHOLD <= threshold <= MAX_THRESHOLD:
        raise ValueError(f"threshold {threshold} is outside {MIN_THRESHOLD} to {MAX_THRESHOLD}")
    with transaction.atomic():
        row, _ = OrganisationInsightSettings.objects.select_for_update().get_or_create(
            organisation=organisation
        )
        before = row.suppression_threshold  # a new row holds the usual threshold
        if before == threshold:
            return False
        row.suppression_threshold = threshold
        row.save(update_fields=["suppression_threshold", "updated_at"])
        audit_record(
            kind="insight-threshold-changed",
            request=request,
            actor=by,
            organisation=organisation,
            target_type="insights.organisationinsightsettings",
            target_id=str(row.pk),
            detail={"from": before, "to": threshold},
        )
    return True
