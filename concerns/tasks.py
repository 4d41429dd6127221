"""Background work for concerns (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from concerns.services import drafts_purge


@task()
def purge_drafts() -> dict[str, int]:
    """Delete drafts untouched for 30 days and remind authors 7 days before. Run daily."""
    result = drafts_purge()
    return {"deleted": result.deleted, "reminded": result.reminded}
