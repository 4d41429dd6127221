"""Optimistic locking: change a row only if nobody else has changed it since it was read.

Models that use it have an integer `version` and `updated_at`. A stale write raises the
model's own `Conflict` subclass carrying the row as it is now, so the view can show the other
person's change next to the form (security-targets.md, Reliability: "No lost update").
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, Model, QuerySet
from django.utils import timezone


class Conflict(Exception):
    """Someone else changed the record since the form was shown."""

    def __init__(self, current: Any) -> None:
        self.current = current
        label = current._meta.model_name
        super().__init__(f"{label} {current.pk} is now at version {current.version}")


def bump_version(
    obj: Model,
    version: int,
    *,
    conflict: type[Conflict],
    current: QuerySet | None = None,
    **values: Any,
) -> None:
    """UPDATE obj's row with `values` and version + 1, only if it is still at `version`.

    On success `obj` carries the new values; otherwise `conflict(current row)` is raised, the row
    read through `current` (a queryset, for select_related) or the model's default manager.
    """
    model = type(obj)
    now = timezone.now()
    updated = model._default_manager.filter(pk=obj.pk, version=version).update(
        **values, version=F("version") + 1, updated_at=now
    )
    if not updated:
        raise conflict((current if current is not None else model._default_manager).get(pk=obj.pk))
    for name, value in values.items():
        setattr(obj, name, value)
    # Every model given here has `version` and `updated_at` (the filter above needs them).
    obj.version = version + 1  # type: ignore[attr-defined]
    obj.updated_at = now  # type: ignore[attr-defined]
