"""The organisation's own figures: counts made by the database (GROUP BY and filtered COUNTs),
scoped to the acting person's organisation, never a row of case data brought to Python.

Each figure is a `Table` of labelled counts. `Table.protected(threshold)` applies small-number
suppression (insights/suppression.py); the page does so for analysts, the CSV for everyone.

Indicators: one concern has many, stored as a JSON list. PostgreSQL counts them itself
(jsonb_array_elements_text); elsewhere (SQLite in tests) they are counted in Python over the
lists of the date range only, streamed with .iterator().

Not here yet: referrals by kind, RG and CG outcomes, and the days from concern to referral and
referral to decision wait for the referrals app's models.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower, Trim, TruncMonth
from django.utils import timezone

from cases.models import Case, CaseType, Decision, DecisionKind, ItemState, PathwayItem
from concerns.models import AgeGroup, Concern, Gender
from guidance.catalogue import EXPLOITATION_TYPE_TITLES, EXPLOITATION_TYPES, get_catalogue
from guidance.pathways import ACTION_ORDER, ACTIONS
from insights.models import NationalYear, OrganisationInsightSettings
from insights.national import Percent, percent
from insights.suppression import DEFAULT_THRESHOLD, Suppressed, suppress

TOP_NATIONALITIES = 10


def threshold_for(user: Any) -> int:
    row = OrganisationInsightSettings.objects.filter(organisation_id=user.organisation_id).first()
    return row.suppression_threshold if row else DEFAULT_THRESHOLD


def concerns_for_figures(user: Any) -> QuerySet[Concern]:
    """The organisation's concerns, for counting only."""
    return Concern.objects.filter(organisation_id=user.organisation_id)


def cases_for_figures(user: Any) -> QuerySet[Case]:
    return Case.objects.filter(organisation_id=user.organisation_id)


@dataclass(frozen=True)
class Period:
    """Whole months, from the first day of `start`'s month to the last day of `end`'s."""

    start: date
    end: date

    @classmethod
    def months(cls, start: date, end: date) -> Period:
        first = start.replace(day=1)
        following = (end.replace(day=1) + timedelta(days=32)).replace(day=1)
        return cls(first, following - timedelta(days=1))

    @classmethod
    def last_twelve_months(cls, today: date | None = None) -> Period:
        today = today or timezone.localdate()
        year, month = today.year, today.month - 11
        if month < 1:
            year, month = year - 1, month + 12
        return cls.months(date(year, month, 1), today)

    def bounds(self) -> tuple[datetime, datetime]:
        tz = timezone.get_current_timezone()
        start = timezone.make_aware(datetime.combine(self.start, time.min), tz)
        end = timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min), tz)
        return start, end

    def month_starts(self) -> list[date]:
        out, current = [], self.start
        while current <= self.end:
            out.append(current)
            current = (current + timedelta(days=32)).replace(day=1)
        return out


@dataclass(frozen=True)
class Line:
    label: str
    count: int
    national: Percent | None = None


@dataclass
class Table:
    key: str
    title: str
    heading: str  # the first column's heading
    lines: list[Line]
    additive: bool = True  # the counts add up to the total
    national_year: int | None = None
    _protected: dict[int, Suppressed] = field(default_factory=dict, repr=False)

    @property
    def total(self) -> int:
        return sum(line.count for line in self.lines)

    def protected(self, threshold: int) -> Suppressed:
        if threshold not in self._protected:
            self._protected[threshold] = suppress(
                [line.count for line in self.lines], threshold, additive=self.additive
            )
        return self._protected[threshold]

    def view(self, threshold: int | None) -> TableView:
        """What to show: every count (threshold None) or counts with suppression."""
        if threshold is None:
            cells: tuple[int | None, ...] = tuple(line.count for line in self.lines)
            total: int | None = self.total if self.additive else None
            any_hidden = False
        else:
            result = self.protected(threshold)
            cells, total, any_hidden = result.cells, result.total, result.any_suppressed
            any_hidden = any(c is None for c in cells) or (self.additive and total is None)
        rows = [
            ViewRow(
                label=line.label,
                count=cell,
                share=percent(cell, total) if cell is not None and self.additive else None,
                national=line.national,
            )
            for line, cell in zip(self.lines, cells, strict=True)
        ]
        return TableView(self, rows, total, any_hidden)


@dataclass(frozen=True)
class ViewRow:
    label: str
    count: int | None  # None: suppressed
    share: Percent | None
    national: Percent | None


@dataclass(frozen=True)
class TableView:
    table: Table
    rows: list[ViewRow]
    total: int | None
    any_suppressed: bool

    @property
    def has_national(self) -> bool:
        return any(row.national is not None for row in self.rows)


def _national_latest() -> NationalYear | None:
    return (
        NationalYear.objects.filter(referrals__isnull=False)
        .filter(Q(exploited_as_minor__isnull=False) | Q(female__isnull=False))
        .order_by("-year")
        .first()
    )


def _by_month(qs: QuerySet, field_name: str, period: Period, what: str, key: str) -> Table:
    counts = {
        row["month"].date() if isinstance(row["month"], datetime) else row["month"]: row["n"]
        for row in qs.annotate(month=TruncMonth(field_name))
        .values("month")
        .annotate(n=Count("id"))
        .order_by()
    }
    lines = [Line(m.strftime("%B %Y"), counts.get(m, 0)) for m in period.month_starts()]
    return Table(key, f"{what} by month", "Month", lines)


def organisation_figures(user: Any, period: Period) -> list[Table]:
    """Every table of the organisation's figures for `period`, in page order."""
    start, end = period.bounds()
    concerns = concerns_for_figures(user).filter(submitted_at__gte=start, submitted_at__lt=end)
    cases = cases_for_figures(user).filter(opened_at__gte=start, opened_at__lt=end)
    national = _national_latest()
    tables = [
        _by_month(concerns, "submitted_at", period, "Concerns raised", "concerns-by-month"),
        _by_month(cases, "opened_at", period, "Cases opened", "cases-by-month"),
    ]

    # Age and gender in one pass over the concerns (filtered counts).
    genders = [g for g, _ in Gender.choices]
    ages = [a for a, _ in AgeGroup.choices]
    aggregates = {f"age_{a}": Count("id", filter=Q(age_group=a)) for a in ages}
    aggregates.update({f"gender_{g}": Count("id", filter=Q(gender=g)) for g in genders})
    aggregates["gender_blank"] = Count("id", filter=Q(gender=""))
    sums = concerns.aggregate(**aggregates)

    def share(part: str) -> Percent | None:
        if national is None:
            return None
        return percent(getattr(national, part), national.referrals)

    age_national = {
        AgeGroup.UNDER_18: share("exploited_as_minor"),
        AgeGroup.ADULT: share("exploited_as_adult"),
    }
    tables.append(
        Table(
            "age",
            "Concerns by age: child or adult",
            "Age",
            [
                Line(label, sums[f"age_{a}"] or 0, age_national.get(a))
                for a, label in (
                    (AgeGroup.UNDER_18, "Child (under 18)"),
                    (AgeGroup.ADULT, "Adult (18 or over)"),
                    (AgeGroup.NOT_SURE, "Age not known"),
                )
            ],
            national_year=national.year if national else None,
        )
    )
    gender_national = {
        Gender.FEMALE: share("female"),
        Gender.MALE: share("male"),
        Gender.ANOTHER_WAY: share("transgender_or_other"),
    }
    tables.append(
        Table(
            "gender",
            "Concerns by gender",
            "Gender",
            [
                Line(label, sums[f"gender_{g}"] or 0, gender_national.get(g))
                for g, label in (
                    (Gender.FEMALE, "Female"),
                    (Gender.MALE, "Male"),
                    (Gender.ANOTHER_WAY, "Describe their gender another way"),
                    (Gender.NOT_KNOWN, "Not known"),
                )
            ]
            + [Line("Not recorded", sums["gender_blank"] or 0)],
            national_year=national.year if national else None,
        )
    )
    tables.append(_nationalities(concerns, threshold_for(user)))
    tables.append(_types(cases))
    tables.append(_actions(cases))
    tables.append(_decisions(cases))
    tables.append(_indicators(concerns))
    return tables


def _nationalities(concerns: QuerySet[Concern], threshold: int) -> Table:
    """The most common nationalities as written (trimmed, case-folded). Only a nationality of at
    least `threshold` concerns is named: a rarer one could be anything typed, so it is counted
    in "Other nationalities" and never shown as words."""
    rows = (
        concerns.annotate(nat=Lower(Trim("nationality")))
        .values("nat")
        .annotate(n=Count("id"))
        .order_by("-n", "nat")
    )
    named: list[Line] = []
    other = blank = 0
    for row in rows:
        nat, n = row["nat"] or "", row["n"]
        if not nat:
            blank += n
        elif len(named) < TOP_NATIONALITIES and n >= threshold:
            named.append(Line(nat.title(), n))
        else:
            other += n
    lines = [*named, Line("Other nationalities", other), Line("Not recorded", blank)]
    return Table("nationality", "Concerns by nationality", "Nationality", lines)


def _types(cases: QuerySet[Case]) -> Table:
    counts = dict(
        CaseType.objects.filter(case__in=cases)
        .values("type")
        .annotate(n=Count("id"))
        .values_list("type", "n")
        .order_by()
    )
    lines = [
        Line(EXPLOITATION_TYPE_TITLES[t].capitalize(), counts.get(t, 0)) for t in EXPLOITATION_TYPES
    ]
    return Table(
        "types",
        "Cases by the type of exploitation suggested (a case can have more than one)",
        "Type of exploitation",
        lines,
        additive=False,
    )


def _actions(cases: QuerySet[Case]) -> Table:
    counts = dict(
        PathwayItem.objects.filter(case__in=cases, state=ItemState.DONE)
        .values("action")
        .annotate(n=Count("id"))
        .values_list("action", "n")
        .order_by()
    )
    lines = [Line(ACTIONS[a], counts.get(a, 0)) for a in ACTION_ORDER]
    return Table(
        "actions",
        "Pathway actions done, for cases opened in the period",
        "Action",
        lines,
        additive=False,
    )


def _decisions(cases: QuerySet[Case]) -> Table:
    counts = dict(
        Decision.objects.filter(case__in=cases)
        .values("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
        .order_by()
    )
    lines = [
        Line(label, counts.get(kind, 0))
        for kind, label in DecisionKind.choices
        if kind not in (DecisionKind.CLOSED, DecisionKind.REOPENED)
    ]
    return Table(
        "decisions",
        "Decisions recorded on cases opened in the period",
        "Decision",
        lines,
        additive=False,
    )


def _indicator_counts(concerns: QuerySet[Concern]) -> Counter[str]:
    if connection.vendor == "postgresql":
        sql, params = concerns.order_by().values("indicator_ids").query.sql_with_params()
        with connection.cursor() as cursor:
            # `sql` is Django's own compiled query; every value is in `params`.
            unnest = "jsonb_array_elements_text(c.ids) e GROUP BY e"
            query = f"SELECT e, COUNT(*) FROM ({sql}) AS c(ids), {unnest}"  # noqa: S608
            cursor.execute(query, params)
            return Counter(dict(cursor.fetchall()))
    counts: Counter[str] = Counter()
    for ids in concerns.values_list("indicator_ids", flat=True).iterator(chunk_size=5000):
        counts.update(set(ids or ()))
    return counts


def _indicators(concerns: QuerySet[Concern], top: int = 10) -> Table:
    catalogue = get_catalogue()
    counts = _indicator_counts(concerns)
    known = [(n, i) for i, n in counts.items() if i in catalogue and n > 0]
    known.sort(key=lambda pair: (-pair[0], pair[1]))
    lines = [Line(catalogue.get(i).text, n) for n, i in known[:top]]
    return Table(
        "indicators",
        "Signs of trafficking most often seen (a concern can have many)",
        "Sign",
        lines,
        additive=False,
    )
