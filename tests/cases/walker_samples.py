"""Northgate School records for the access walker and the axe sweep: a concern waiting for
triage, and a case with a task and a share with a third organisation (never with Riverside, whose
lead must get 404 on every case page)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from accounts.demo import Cast
from accounts.models import Organisation
from cases import services
from cases.models import Case, Share, Task
from concerns.models import Concern
from tests.cases.factories import make_concern

WALK_CONCERN = "SP-WALK-TRG1"
WALK_CASE_CONCERN = "SP-WALK-CAS1"


def setup(cast: Cast) -> None:
    lee, priya = cast.people["lee"], cast.people["priya"]
    make_concern(priya, reference=WALK_CONCERN)
    case = services.case_open(
        concern=make_concern(priya, reference=WALK_CASE_CONCERN), lead=lee, by=lee
    )
    services.task_add(case=case, title="Call the council", working_days=2, assigned_to=lee, by=lee)
    services.task_add(
        case=case, title="Ask the form tutor", working_days=2, assigned_to=priya, by=lee
    )
    police, _ = Organisation.objects.get_or_create(
        name="Eastfield Police", defaults={"nation": "england", "first_responder": True}
    )
    services.case_share(
        case=case,
        organisation=police,
        reason="They are investigating the car wash",
        parts=["summary", "chronology"],
        may_add=False,
        by=lee,
    )
    services.note_add(case=case, text="Spoke to the council", by=lee)


def _case() -> Case:
    return Case.objects.get(links__concern__reference=WALK_CASE_CONCERN)


def _case_pk(cast: Cast) -> dict[str, Any]:
    return {"pk": _case().pk}


SAMPLES: dict[str, Callable[[Cast], dict[str, Any]]] = {
    "cases:triage": lambda c: {"pk": Concern.objects.get(reference=WALK_CONCERN).pk},
    "cases:detail": _case_pk,
    "cases:edit": _case_pk,
    "cases:assign": _case_pk,
    "cases:pathway-item": lambda c: {"pk": _case().pk, "action": "seek-informed-consent"},
    "cases:task-add": _case_pk,
    "cases:task-done": lambda c: {
        "pk": _case().pk,
        "task_pk": Task.objects.get(case=_case(), title="Call the council").pk,
    },
    "cases:task": lambda c: {
        "task_pk": Task.objects.get(case=_case(), title="Ask the form tutor").pk
    },
    "cases:decide": _case_pk,
    "cases:note-add": _case_pk,
    "cases:share": _case_pk,
    "cases:share-revoke": lambda c: {
        "pk": _case().pk,
        "share_pk": Share.objects.get(case=_case(), revoked_at=None).pk,
    },
    "cases:no-share": _case_pk,
    "cases:chronology": _case_pk,
}
