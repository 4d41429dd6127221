"""The organisation's own figures, scoped to the acting person's organisation, never a row of
case data brought to Python.

Concerns and cases are counted from the organisation's monthly tallies (the counting store,
counting/store.py, read by the figure names concerns/counting.py and cases/counting.py export),
summed over the period's months by the database: a few hundred rows however many concerns there
are. Referrals are few, so they are counted from the records themselves.

Each figure is a `Table` of labelled counts. `Table.protected(threshold)` applies small-number
suppression (insights/suppression.py) to counts changed by cell-key perturbation
(insights/cellkey.py, docs/figures.md), so that two overlapping periods do not difference to a
suppressed count; the page does so for analysts, the CSV for everyone. Leads see the true
counts on screen.

Referrals: those sent in the period (by `sent_on`), by kind, and the Reasonable and Conclusive
Grounds outcomes of the NRM referrals among them. Two `Duration`s give the median number of days
from a case's first concern to a referral being sent, and from an NRM referral being sent to its
RG decision, with how many referrals each median is of; never a single referral's days.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from django.db.models import Min, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from cases.counting import ACTION, DECISION, OPENED, TYPE
from cases.models import DecisionKind
from concerns.counting import AGE, GENDER, NATIONALITY, SIGN
from concerns.models import AgeGroup, Gender
from counting.models import Tally
from counting.store import month_bounds
from guidance.catalogue import EXPLOITATION_TYPE_TITLES, EXPLOITATION_TYPES, get_catalogue
from guidance.pathways import ACTION_ORDER, ACTIONS
from insights import cellkey
from insights.models import NationalYear, OrganisationInsightSettings
from insights.national_figures import Percent, percent
from insights.suppression import DEFAULT_THRESHOLD, Suppressed, is_small, suppress
from referrals.kinds import REGISTRY
from referrals.models import Kind, Outcome, Referral, ReferralStatus

TOP_NATIONALITIES = 10
CONCERNS = "concerns"  # the group of tables that each count every concern in the period once


def threshold_for(user: User) -> int:
    row = OrganisationInsightSettings.objects.filter(organisation_id=user.organisation_id).first()
    return row.suppression_threshold if row else DEFAULT_THRESHOLD


def referrals_for_figures(user: User) -> QuerySet[Referral]:
    """The organisation's referrals (prepared from its own cases), for counting only."""
    return Referral.objects.filter(
        organisation_id=user.organisation_id, case__organisation_id=user.organisation_id
    )


def sent_referrals(user: User, period: Period) -> QuerySet[Referral]:
    """Referrals sent in the period: `sent_on` is a date, so whole days, both ends included."""
    return referrals_for_figures(user).filter(
        status=ReferralStatus.SENT, sent_on__gte=period.start, sent_on__lte=period.end
    )


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
        """From the start of the first month to the start of the month after the last, UK time."""
        return month_bounds(self.start)[0], month_bounds(self.end.replace(day=1))[1]

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
    named: bool = False  # shown only because it counts at least the threshold (nationalities)
    # The cell's key (insights/cellkey.py): with it, what is shown suppressed is perturbed.
    cell_key: int | None = None

    @property
    def perturbed(self) -> int:
        return self.count if self.cell_key is None else cellkey.perturb(self.count, self.cell_key)


@dataclass
class Table:
    key: str
    title: str
    heading: str  # the first column's heading
    lines: list[Line]
    additive: bool = True  # the counts add up to the total
    national_year: int | None = None
    # Tables whose counts are tied to each other's (every concern in the period is counted once
    # by month, once by age, once by gender, once by nationality): see `views_of`.
    group: str = ""
    # When withheld, one line with this label stands for all of them (their labels are data).
    withheld_label: str = ""
    line_keys: list[str] = field(default_factory=list)  # each line's tally key, where one
    _protected: dict[tuple[int, frozenset[int]], Suppressed] = field(
        default_factory=dict, repr=False
    )

    @property
    def total(self) -> int:
        return sum(line.count for line in self.lines)

    def protected(self, threshold: int, forced: frozenset[int] = frozenset()) -> Suppressed:
        if (threshold, forced) not in self._protected:
            self._protected[(threshold, forced)] = suppress(
                [line.perturbed for line in self.lines],
                threshold,
                additive=self.additive,
                named=frozenset(i for i, line in enumerate(self.lines) if line.named),
                forced=forced,
            )
        return self._protected[(threshold, forced)]

    def view(
        self,
        threshold: int | None,
        *,
        withhold: bool = False,
        forced: frozenset[int] = frozenset(),
    ) -> TableView:
        """What to show: every count (threshold None) or counts with suppression; `withhold`
        shows no count at all, `forced` lines are hidden too (see `views_of`)."""
        cells: tuple[int | None, ...]
        total: int | None
        if withhold and self.withheld_label:
            row = ViewRow(label=self.withheld_label, count=None, share=None, national=None)
            return TableView(self, [row], None, True)
        if withhold:
            cells, total, any_hidden = (None,) * len(self.lines), None, True
        elif threshold is None:
            cells = tuple(line.count for line in self.lines)
            total = self.total if self.additive else None
            any_hidden = False
        else:
            result = self.protected(threshold, forced)
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


def views_of(tables: Sequence[Table], threshold: int | None) -> list[TableView]:
    """Every table's view, protected as a whole page and not only table by table.

    Groups. Suppression hides a table's total only when hiding its cells is not enough; but
    the other tables of its group show that same total (or cells that add up to it), which
    would give the hidden cells away. So when one table of a group must hide its total, every
    table of the group shows no count at all (it happens only with small totals, such as 12
    concerns of which 4 are children, 4 adults and 4 of unknown age).

    Ties (TIES). A line of one table is the total of another: the NRM line of the referrals by
    kind is the total of the Reasonable Grounds table, whose Positive line is the total of the
    Conclusive Grounds table (a CG decision follows a positive RG). If the line is hidden, the
    other table is withheld (its total would show the line); if the other table must hide its
    total, the line is hidden too (it would show that total). Repeated until nothing changes."""
    if threshold is None:
        return [table.view(None) for table in tables]
    by_key = {table.key: table for table in tables}
    forced: dict[str, frozenset[int]] = {table.key: frozenset() for table in tables}
    withheld: set[str] = set()
    changed = True
    while changed:
        changed = False
        for parent, line, child in TIES:
            if parent not in by_key or child not in by_key or child in withheld:
                continue
            shown = by_key[parent].protected(threshold, forced[parent]).cells[line] is not None
            if parent in withheld or not shown:
                withheld.add(child)
                changed = True
            elif by_key[child].protected(threshold, forced[child]).total_suppressed:
                forced[parent] = forced[parent] | {line}
                changed = True
    groups = {
        table.group
        for table in tables
        if table.group
        and table.additive
        and table.protected(threshold, forced[table.key]).total_suppressed
    }
    return [
        table.view(
            threshold,
            withhold=table.group in groups or table.key in withheld,
            forced=forced[table.key],
        )
        for table in tables
    ]


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


Keyer = Callable[[str, str, Iterable[str]], int]  # (table, line, contents) -> cell key


def _month_table(
    counted: Tallied,
    figure: str,
    period: Period,
    what: str,
    key: str,
    keyer: Keyer,
    group: str = "",
) -> Table:
    counts = counted.months(figure)
    lines = [
        Line(
            m.strftime("%B %Y"),
            counts.get(m, 0),
            cell_key=keyer(key, m.isoformat(), counted.contents(figure, month=m)),
        )
        for m in period.month_starts()
    ]
    return Table(key, f"{what} by month", "Month", lines, group=group)


@dataclass
class Tallied:
    """The organisation's monthly tallies (counting/store.py) summed over a period."""

    by_month: dict[str, Counter[date]]  # figure -> month -> count
    by_key: dict[str, Counter[str]]  # figure -> key -> count
    # figure -> key -> [(month, count)]: what each cell adds up, for its cell key
    by_cell: dict[str, dict[str, list[tuple[date, int]]]] = field(default_factory=dict)

    @classmethod
    def of(cls, user: User, period: Period) -> Tallied:
        """One query, so every table counts the same moment's concerns: the rows are unique by
        figure, month and key, a few thousand at most for five years."""
        by_month: dict[str, Counter[date]] = {}
        by_key: dict[str, Counter[str]] = {}
        by_cell: dict[str, dict[str, list[tuple[date, int]]]] = {}
        rows = Tally.objects.filter(
            organisation_id=user.organisation_id, month__gte=period.start, month__lte=period.end
        ).values_list("figure", "month", "key", "count")
        for figure, month, key, n in rows.iterator(chunk_size=5000):
            if figure in (AGE, OPENED):
                by_month.setdefault(figure, Counter())[month] += n
            by_key.setdefault(figure, Counter())[key] += n
            if n:
                by_cell.setdefault(figure, {}).setdefault(key, []).append((month, n))
        return cls(by_month, by_key, by_cell)

    def contents(
        self, figure: str, keys: Iterable[str] | None = None, month: date | None = None
    ) -> list[str]:
        """What a cell adds up: the tallies (figure, key, month, count) of `keys` (every key
        if None) and of `month` (every month of the period if None), none of them empty."""
        cells = self.by_cell.get(figure, {})
        wanted = cells if keys is None else {k: cells[k] for k in keys if k in cells}
        return [
            f"{figure}|{key}|{m.isoformat()}|{n}"
            for key, months in wanted.items()
            for m, n in months
            if month is None or m == month
        ]

    def months(self, figure: str) -> Counter[date]:
        return self.by_month.get(figure, Counter())

    def keys(self, figure: str) -> Counter[str]:
        return self.by_key.get(figure, Counter())


def organisation_figures(user: User, period: Period) -> list[Table]:
    """Every table of the organisation's figures for `period`, in page order."""
    counted = Tallied.of(user, period)
    national = _national_latest()
    ages, genders = counted.keys(AGE), counted.keys(GENDER)

    def keyer(table: str, line: str, contents: Iterable[str]) -> int:
        return cellkey.cell_key(user.organisation_id, table, line, contents=contents)

    def keyed(table: str, figure: str, key: str) -> int:
        return keyer(table, key, counted.contents(figure, [key]))

    tables = [
        _month_table(
            counted,
            AGE,
            period,
            "Concerns raised",
            "concerns-by-month",
            keyer,
            CONCERNS,
        ),
        _month_table(counted, OPENED, period, "Cases opened", "cases-by-month", keyer),
    ]

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
                Line(label, ages[a], age_national.get(a), cell_key=keyed("age", AGE, a))
                for a, label in (
                    (AgeGroup.UNDER_18, "Child (under 18)"),
                    (AgeGroup.ADULT, "Adult (18 or over)"),
                    (AgeGroup.NOT_SURE, "Age not known"),
                )
            ],
            national_year=national.year if national else None,
            group=CONCERNS,
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
                Line(
                    label,
                    genders[g],
                    gender_national.get(g),
                    cell_key=keyed("gender", GENDER, g),
                )
                for g, label in (
                    (Gender.FEMALE, "Female"),
                    (Gender.MALE, "Male"),
                    (Gender.ANOTHER_WAY, "Describe their gender another way"),
                    (Gender.NOT_KNOWN, "Not known"),
                )
            ]
            + [Line("Not recorded", genders[""], cell_key=keyed("gender", GENDER, ""))],
            national_year=national.year if national else None,
            group=CONCERNS,
        )
    )
    tables.append(_nationalities(counted, threshold_for(user), keyer))
    tables.append(_types(counted.keys(TYPE)))
    tables.append(_actions(counted.keys(ACTION)))
    tables.append(_decisions(counted.keys(DECISION)))
    tables.append(_indicators(counted.keys(SIGN)))
    for table in tables[-4:]:  # one figure each, a line per key
        figure = _FIGURE_OF[table.key]
        table.lines = [
            replace(line, cell_key=keyed(table.key, figure, line_key))
            for line, line_key in zip(table.lines, table.line_keys, strict=True)
        ]
    referrals = sent_referrals(user, period)
    tables.append(_referral_kinds(referrals, keyer))
    tables.extend(_grounds(referrals, keyer))
    return tables


_FIGURE_OF = {
    "types": TYPE,
    "actions": ACTION,
    "decisions": DECISION,
    "indicators": SIGN,
}


def _nationalities(counted: Tallied, threshold: int, keyer: Keyer) -> Table:
    """The most common nationalities as written (trimmed, case-folded). Only a nationality of at
    least `threshold` concerns is named: a rarer one could be anything typed, so it is counted
    in "Other nationalities" and never shown as words."""
    counts = counted.keys(NATIONALITY)
    named: list[Line] = []
    other, others = 0, []
    for nat, n in sorted(counts.items(), key=lambda pair: (-pair[1], pair[0])):
        if not nat:
            continue
        key = keyer("nationality", nat, counted.contents(NATIONALITY, [nat]))
        if len(named) < TOP_NATIONALITIES and n >= threshold:
            named.append(Line(nat.title(), n, named=True, cell_key=key))
        else:
            other += n
            others.append(nat)
    other_key = keyer("nationality", "", counted.contents(NATIONALITY, others))
    unknown_key = keyer("nationality", "-", counted.contents(NATIONALITY, [""]))
    lines = [
        *named,
        Line("Other nationalities", other, cell_key=other_key),
        Line("Not recorded", counts[""], cell_key=unknown_key),
    ]
    return Table(
        "nationality",
        "Concerns by nationality",
        "Nationality",
        lines,
        group=CONCERNS,
        withheld_label="All nationalities",
    )


def _types(counts: Counter[str]) -> Table:
    lines = [Line(EXPLOITATION_TYPE_TITLES[t].capitalize(), counts[t]) for t in EXPLOITATION_TYPES]
    return Table(
        "types",
        "Cases by the type of exploitation suggested (a case can have more than one)",
        "Type of exploitation",
        lines,
        additive=False,
        line_keys=list(EXPLOITATION_TYPES),
    )


def _actions(counts: Counter[str]) -> Table:
    lines = [Line(ACTIONS[a], counts[a]) for a in ACTION_ORDER]
    return Table(
        "actions",
        "Pathway actions done, for cases opened in the period",
        "Action",
        lines,
        additive=False,
        line_keys=list(ACTION_ORDER),
    )


def _decisions(counts: Counter[str]) -> Table:
    kinds = [
        (kind, label)
        for kind, label in DecisionKind.choices
        if kind not in (DecisionKind.CLOSED, DecisionKind.REOPENED)
    ]
    return Table(
        "decisions",
        "Decisions recorded on cases opened in the period",
        "Decision",
        [Line(label, counts[kind]) for kind, label in kinds],
        additive=False,
        line_keys=[kind for kind, _ in kinds],
    )


def _indicators(counts: Counter[str], top: int = 10) -> Table:
    catalogue = get_catalogue()
    known = [(n, i) for i, n in counts.items() if i in catalogue and n > 0]
    known.sort(key=lambda pair: (-pair[0], pair[1]))
    lines = [Line(catalogue.get(i).text, n) for n, i in known[:top]]
    return Table(
        "indicators",
        "Signs of trafficking most often seen (a concern can have many)",
        "Sign",
        lines,
        additive=False,
        line_keys=[i for _, i in known[:top]],
    )


# Referrals -------------------------------------------------------------------------------------

RG_POSITIVE, RG_NEGATIVE, RG_AWAITING = 0, 1, 2  # the lines of the "nrm-rg" table
# One line per kind in the registry's order (referrals.kinds), labelled as it says.
NRM_LINE = list(REGISTRY).index(Kind.NRM)  # its line in "referrals-by-kind"
# (table, line, other table): that line of the table counts what the other table adds up.
TIES = (("referrals-by-kind", NRM_LINE, "nrm-rg"), ("nrm-rg", RG_POSITIVE, "nrm-cg"))


def _referral_kinds(referrals: QuerySet[Referral], keyer: Keyer) -> Table:
    """By kind. The ids are read (a referral is counted from the record, and referrals are
    few) for each line's cell key: the referrals it counts."""
    ids: dict[str, list[str]] = {}
    for pk, kind in referrals.values_list("pk", "kind").order_by().iterator(chunk_size=5000):
        ids.setdefault(kind, []).append(str(pk))
    lines = [
        Line(
            label,
            len(ids.get(kind, [])),
            cell_key=keyer("referrals-by-kind", kind, ids.get(kind, [])),
        )
        for kind, label in ((k, spec.label) for k, spec in REGISTRY.items())
    ]
    return Table("referrals-by-kind", "Referrals sent, by kind", "Kind of referral", lines)


def _grounds(referrals: QuerySet[Referral], keyer: Keyer) -> list[Table]:
    """RG outcomes of every NRM referral sent in the period, and CG outcomes of those a CG
    decision follows: a positive RG (or a CG already recorded). One query of their ids and
    outcomes (the ids for the cell keys)."""
    found: dict[str, list[str]] = {
        f"{p}_{w}": [] for p in ("rg", "cg") for w in ("pos", "neg", "wait")
    }
    word = {Outcome.POSITIVE: "pos", Outcome.NEGATIVE: "neg", "": "wait"}
    rows = referrals.filter(kind=Kind.NRM).values_list("pk", "rg_outcome", "cg_outcome")
    for pk, rg, cg in rows.order_by().iterator(chunk_size=5000):
        if rg in word:
            found[f"rg_{word[rg]}"].append(str(pk))
        if cg in word and (cg or rg == Outcome.POSITIVE):
            found[f"cg_{word[cg]}"].append(str(pk))

    def lines(prefix: str, waiting: str) -> list[Line]:
        out = []
        for w, label in (("pos", "Positive"), ("neg", "Negative"), ("wait", waiting)):
            ids = found[f"{prefix}_{w}"]
            out.append(Line(label, len(ids), cell_key=keyer(f"nrm-{prefix}", w, ids)))
        return out

    return [
        Table(
            "nrm-rg",
            "Reasonable Grounds decisions on NRM referrals sent in the period",
            "Reasonable Grounds decision",
            lines("rg", "Awaiting a decision"),
        ),
        Table(
            "nrm-cg",
            "Conclusive Grounds decisions on NRM referrals sent in the period with a positive "
            "Reasonable Grounds decision",
            "Conclusive Grounds decision",
            lines("cg", "Awaiting a decision"),
        ),
    ]


def median(values: Sequence[int]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def days_text(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


@dataclass
class Duration:
    """The median number of days of something, and how many referrals it is the median of.

    `days` are kept here only to take their median: never shown, never exported.
    The count is also the sum of the lines `parts` of the table `linked` (the same referrals,
    counted by outcome or kind), so with suppression it is shown only when the shown cells of
    that table already give it away, and as they give it (perturbed); otherwise it could undo
    that table's suppression or its perturbation."""

    key: str
    title: str
    days: list[int] = field(repr=False)
    linked: str
    parts: tuple[int, ...] | None = None  # None: every line of `linked`

    @property
    def count(self) -> int:
        return len(self.days)

    def view(self, threshold: int | None, median_threshold: int, linked: TableView) -> DurationView:
        """`threshold` as for Table.view (None: every count). The median is hidden whenever it
        is of fewer than `median_threshold` referrals (even for a lead: a median of one or two
        referrals is their own number of days)."""
        count: int | None = self.count
        if threshold is not None:
            # The count as the linked table shows it (perturbed: insights/cellkey.py), and only
            # when its shown cells already give it away.
            count = _known_sum(linked, self.parts)
            if count is not None and is_small(count, threshold):
                count = None
        middle = median(self.days)
        shown_median = None if middle is None or self.count < median_threshold else middle
        return DurationView(
            self,
            count,
            shown_median,
            median_suppressed=middle is not None and shown_median is None,
        )


@dataclass(frozen=True)
class DurationView:
    duration: Duration
    count: int | None  # None: suppressed
    median: float | None  # None: suppressed, or no referrals
    median_suppressed: bool

    @property
    def median_text(self) -> str:
        if self.median is not None:
            return days_text(self.median)
        return "suppressed" if self.median_suppressed else "none"


def _known_sum(view: TableView, parts: tuple[int, ...] | None) -> int | None:
    """The sum of the lines `parts` as a reader of the shown table can work it out, or None."""
    indices = set(range(len(view.rows)) if parts is None else parts)
    cells = [row.count for row in view.rows]
    if all(cells[i] is not None for i in indices):
        return sum(cells[i] or 0 for i in indices)
    rest = [cells[i] for i in range(len(cells)) if i not in indices]
    if view.total is not None and all(c is not None for c in rest):
        return view.total - sum(c or 0 for c in rest)
    return None


def organisation_durations(user: User, period: Period) -> list[Duration]:
    """Days from a case's first concern to a referral sent in the period, and from an NRM
    referral sent in the period to its RG decision.

    The database picks the rows and the earliest concern of each case (Min); a median has no
    portable database aggregate (SQLite has none), so the days are worked out in Python over
    values_list() of this organisation's referrals sent in the period only: a bounded list of
    two dates per referral, no case data."""
    referrals = sent_referrals(user, period).order_by()
    to_referral = [
        (sent_on - timezone.localtime(first).date()).days
        for sent_on, first in referrals.annotate(first=Min("case__links__concern__submitted_at"))
        .filter(first__isnull=False)
        .values_list("sent_on", "first")
        .iterator(chunk_size=5000)
        if sent_on is not None  # always, for a referral sent in the period
    ]
    to_rg = [
        (decided - sent_on).days
        for sent_on, decided in referrals.filter(kind=Kind.NRM, rg_decision_on__isnull=False)
        .values_list("sent_on", "rg_decision_on")
        .iterator(chunk_size=5000)
        if sent_on is not None and decided is not None  # always, as above and as filtered
    ]
    return [
        Duration(
            "days-to-referral",
            "Days from the first concern to the referral being sent (all kinds of referral)",
            to_referral,
            linked="referrals-by-kind",
        ),
        Duration(
            "days-to-rg",
            "Days from an NRM referral being sent to its Reasonable Grounds decision",
            to_rg,
            linked="nrm-rg",
            parts=(RG_POSITIVE, RG_NEGATIVE),
        ),
    ]
