"""Trigram indexes for the queue's search by name or description, on PostgreSQL only.

The queue searches with Django's icontains, which PostgreSQL runs as
`UPPER(column::text) LIKE UPPER('%term%')`: a B-tree cannot help a pattern with a leading
wildcard, so without these every search read every case of the tab. A GIN index of the
column's trigrams (pg_trgm, https://www.postgresql.org/docs/current/pgtrgm.html) answers LIKE
with a leading wildcard, if it indexes the same expression the query filters on: UPPER(column).

Two pairs:
- over open cases only (a partial index): the "All open cases" and "My cases" tabs, searched
  all day. It holds only open cases, so a common name finds just its open cases, and counting
  them does not grow with the closed ones;
- over every case: the closed and shared tabs, where a rarer name is looked up in years of
  cases.

SQLite has no pg_trgm: there the migration does nothing and search stays a plain scan, which is
fine at the sizes SQLite serves. TrigramExtension itself skips other databases. The indexes are
not in the model's Meta (SQLite could not build them), so Django's model state does not know
them; this migration owns them. pg_trgm is a trusted extension (PostgreSQL 13+): the database
owner may create it without being a superuser.

Building them takes a lock that blocks writes to cases_case while it runs (about a minute at a
million concerns on a small server): run the upgrade in a quiet hour, as docs/deployment.md says.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = {
    "case_open_name_trgm": "UPPER(person_name) gin_trgm_ops) WHERE status = 'open'",
    "case_open_desc_trgm": "UPPER(person_description) gin_trgm_ops) WHERE status = 'open'",
    "case_name_trgm": "UPPER(person_name) gin_trgm_ops)",
    "case_desc_trgm": "UPPER(person_description) gin_trgm_ops)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, body in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON cases_case USING gin ({body}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_case_type_bits")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create, drop, elidable=False),
    ]
