"""What concerns count in the organisation's monthly figures (issue 18): registered with the
counting store (counting/store.py) in `ConcernsConfig.ready`, and kept in step by
`concerns.services.concern_submit`, which calls `concern_added` inside its transaction.

A concern counts once in the UK month it was sent (`submitted_at`): by age group, by gender, by
nationality (trimmed and case-folded by the database), and once for each sign seen. Readers (the
figures in insights) read the store by the figure names below.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from uuid import UUID

from django.db import connection
from django.db.models import QuerySet
from django.db.models.functions import Lower, Trim

from concerns.models import Concern
from counting import store

CONCERNS = "concerns"
AGE, GENDER, NATIONALITY, SIGN = "concern-age", "concern-gender", "concern-nationality", "sign"
FIGURES = (AGE, GENDER, NATIONALITY, SIGN)


def sign_counts(concerns: QuerySet[Concern]) -> Counter[str]:
    """How many of `concerns` have each sign. PostgreSQL unnests the JSON lists itself; SQLite
    (tests, small installs) counts them in Python, streamed."""
    if connection.vendor == "postgresql":
        sql, params = concerns.order_by().values("indicator_ids").query.sql_with_params()
        with connection.cursor() as cursor:
            # `sql` is Django's own compiled query; every value is in `params`.
            # Each concern counts once per sign, however often its list names it.
            unnest = "LATERAL (SELECT DISTINCT jsonb_array_elements_text(c.ids) AS e) AS d"
            query = f"SELECT e, COUNT(*) FROM ({sql}) AS c(ids), {unnest} GROUP BY e"  # noqa: S608
            cursor.execute(query, params)
            return Counter(dict(cursor.fetchall()))
    counts: Counter[str] = Counter()
    for ids in concerns.values_list("indicator_ids", flat=True).iterator(chunk_size=5000):
        counts.update(set(ids or ()))
    return counts


def count_concerns(organisation_id: UUID, month: date) -> store.Counts:
    """One organisation's month counted from its concerns."""
    start, end = store.month_bounds(month)
    concerns = Concern.objects.filter(
        organisation_id=organisation_id, submitted_at__gte=start, submitted_at__lt=end
    )
    counts: store.Counts = {}
    counts.update(store.grouped(concerns, AGE, "age_group"))
    counts.update(store.grouped(concerns, GENDER, "gender"))
    nationalities = concerns.annotate(nat=Lower(Trim("nationality")))
    counts.update(store.grouped(nationalities, NATIONALITY, "nat"))
    counts.update({(SIGN, sign): n for sign, n in sign_counts(concerns).items()})
    return counts


def months_with_concerns() -> set[tuple[UUID, date]]:
    return store.months_of(Concern.objects.all(), "submitted_at")


SIDE = store.Side(name=CONCERNS, figures=FIGURES, count=count_concerns, months=months_with_concerns)


def concern_contribution(concern: Concern) -> Counter[tuple[str, str]]:
    """What one concern adds to its month. The nationality is normalised by the database, as
    the recount does it."""
    nationality = (
        Concern.objects.filter(pk=concern.pk)
        .annotate(nat=Lower(Trim("nationality")))
        .values_list("nat", flat=True)
        .first()
    )
    counts: Counter[tuple[str, str]] = Counter(
        {
            (AGE, concern.age_group or ""): 1,
            (GENDER, concern.gender or ""): 1,
            (NATIONALITY, nationality or ""): 1,
        }
    )
    counts.update((SIGN, sign) for sign in set(concern.indicator_ids or ()))
    return counts


def concern_added(concern: Concern) -> None:
    """A new concern: add it to its month, in the caller's transaction (concern_submit)."""
    store.add(
        concern.organisation_id,
        store.month_of(concern.submitted_at),
        CONCERNS,
        concern_contribution(concern),
    )
