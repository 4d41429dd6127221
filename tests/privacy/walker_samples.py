"""Northgate School records for the access walker and the axe sweep: a case with a legal hold,
and support access given to the Signpost support team (whose person is not in the cast, so
every cast role must get 404 on the support view)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from accounts.demo import Cast
from cases import services as case_services
from cases.models import Case
from privacy import services
from privacy.models import LegalHold, SupportGrant
from tests.cases.factories import make_concern
from tests.privacy.helpers import support_person

WALK_CONCERN = "SP-WALK-PRV1"


def setup(cast: Cast) -> None:
    lee, priya = cast.people["lee"], cast.people["priya"]
    case = case_services.case_open(
        concern=make_concern(priya, reference=WALK_CONCERN), lead=lee, by=lee
    )
    services.hold_place(case=case, reason="Court case next year", by=lee)
    services.support_grant(
        case=case,
        support_user=support_person(full_name="Sam Support"),
        hours=4,
        reason="The pathway page shows an error",
        by=lee,
    )


def _case() -> Case:
    return Case.objects.get(links__concern__reference=WALK_CONCERN)


def _case_pk(cast: Cast) -> dict[str, Any]:
    return {"pk": _case().pk}


def _grant_pk(cast: Cast) -> dict[str, Any]:
    return {"pk": SupportGrant.objects.get(case=_case()).pk}


SAMPLES: dict[str, Callable[[Cast], dict[str, Any]]] = {
    "privacy:hold-place": _case_pk,
    "privacy:hold-lift": lambda c: {"pk": LegalHold.objects.get(case=_case(), lifted_at=None).pk},
    "privacy:subject-access": _case_pk,
    "privacy:support-grant-new": _case_pk,
    "privacy:support-grant": _grant_pk,
    "privacy:support-revoke": _grant_pk,
    "privacy:support-case": _case_pk,
}
