"""The queue's search by name or description can use the trigram indexes of migration 0003 on
PostgreSQL (on SQLite there are none, and the search is a plain scan: tests/cases/test_queue.py
checks what it finds on both)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from cases.selectors import QueueFilters, queue_cases
from tests.cases.factories import open_case

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only"
    ),
]
TRIGRAM_INDEXES = {"case_open_name_trgm", "case_open_desc_trgm", "case_name_trgm", "case_desc_trgm"}


def _indexes() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'cases_case'")
        return dict(cursor.fetchall())


def _plan(queryset) -> str:  # type: ignore[no-untyped-def]
    """The plan of the count the queue's paginator runs, on a table left with only the trigram
    indexes (dropped inside the test's transaction, so rolled back after it) and sequential
    scans priced out. A tiny test table would otherwise be read with a B-tree index or a scan,
    whatever the query looks like: this shows the query can use the trigram indexes, which it
    can only if it filters on the very expression they index."""
    other = set(_indexes()) - TRIGRAM_INDEXES - {"cases_case_pkey"}
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        for name in sorted(other):
            if "_uniq" not in name and "_key" not in name:
                cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_trigram_indexes_exist_on_the_uppercased_columns() -> None:
    indexes = _indexes()
    assert set(indexes) >= TRIGRAM_INDEXES
    for name in TRIGRAM_INDEXES:
        assert "USING gin" in indexes[name]
        assert "gin_trgm_ops" in indexes[name]
        assert "upper(" in indexes[name]
    assert "WHERE ((status)::text = 'open'::text)" in indexes["case_open_name_trgm"]


def test_searching_open_cases_by_name_or_description_reads_the_open_trigram_indexes(
    lee, priya
) -> None:
    open_case(lee, priya)
    plan = _plan(queue_cases(lee, "open", QueueFilters(q="Petrov"), date.today()))
    assert "case_open_name_trgm" in plan
    assert "case_open_desc_trgm" in plan
    assert "Seq Scan on cases_case" not in plan


def test_searching_closed_cases_reads_the_trigram_indexes_of_every_case(lee, priya) -> None:
    open_case(lee, priya)
    plan = _plan(queue_cases(lee, "closed", QueueFilters(q="car wash"), date.today()))
    assert "case_name_trgm" in plan
    assert "case_desc_trgm" in plan
    assert "Seq Scan on cases_case" not in plan
