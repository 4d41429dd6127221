"""No orphans (issue 15 item 6): before a lead loses the lead role or is deactivated, their
open cases and tasks go to another lead of the organisation.

Accounts knows nothing of cases (imports point down only): the cases app registers here, at
start-up, how to count a person's open work and how to give it to another lead
(`cases/apps.py`). The accounts services call these inside their own transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from accounts.models import User
from core.access import Role


@dataclass(frozen=True)
class OpenWork:
    cases: int = 0
    tasks: int = 0

    def __bool__(self) -> bool:
        return bool(self.cases or self.tasks)

    def __add__(self, other: OpenWork) -> OpenWork:
        return OpenWork(self.cases + other.cases, self.tasks + other.tasks)

    def describe(self) -> str:
        parts = []
        if self.cases:
            parts.append(f"{self.cases} open case{'s' if self.cases != 1 else ''}")
        if self.tasks:
            parts.append(f"{self.tasks} open task{'s' if self.tasks != 1 else ''}")
        return " and ".join(parts)


Counter = Callable[[User], OpenWork]
Mover = Callable[..., OpenWork]  # (*, person, to, by, request) -> what was moved

_PROVIDERS: list[tuple[Counter, Mover]] = []


def register(count: Counter, move: Mover) -> None:
    if (count, move) not in _PROVIDERS:
        _PROVIDERS.append((count, move))


def open_work_of(person: User) -> OpenWork:
    total = OpenWork()
    for count, _move in _PROVIDERS:
        total = total + count(person)
    return total


def move_open_work(*, person: User, to: User, by: User, request: HttpRequest | None) -> OpenWork:
    total = OpenWork()
    for _count, move in _PROVIDERS:
        total = total + move(person=person, to=to, by=by, request=request)
    return total


def other_leads(person: User) -> list[Any]:
    """The organisation's other active leads, who may take the work over."""
    return list(
        User.objects.filter(
            organisation_id=person.organisation_id, is_active=True, roles__role=Role.LEAD
        )
        .exclude(pk=person.pk)
        .distinct()
        .order_by("full_name")
    )
