"""Northgate School referrals for the access walker and the axe sweep: a child's case with a
handover pack (Northgate is not a first responder) and a children's social care referral."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from accounts.demo import Cast
from cases import services as case_services
from referrals import services
from referrals.models import Kind, Referral
from tests.cases.factories import child_fields, make_concern

WALK_REFERRAL_CONCERN = "SP-WALK-REF1"


def setup(cast: Cast) -> None:
    lee, priya = cast.people["lee"], cast.people["priya"]
    case = case_services.case_open(
        concern=make_concern(priya, reference=WALK_REFERRAL_CONCERN, **child_fields()),
        lead=lee,
        by=lee,
    )
    services.referral_create(case=case, kind=Kind.PASS_TO_FIRST_RESPONDER, by=lee)
    services.referral_create(case=case, kind=Kind.CHILDRENS_SOCIAL_CARE, by=lee)


def _referral(kind: str = Kind.PASS_TO_FIRST_RESPONDER) -> Referral:
    return Referral.objects.get(case__links__concern__reference=WALK_REFERRAL_CONCERN, kind=kind)


def _pk(cast: Cast) -> dict[str, Any]:
    return {"pk": _referral().pk}


SAMPLES: dict[str, Callable[[Cast], dict[str, Any]]] = {
    "referrals:create": lambda c: {"case_pk": _referral().case_id, "kind": "ictg"},
    "referrals:detail": _pk,
    "referrals:section": lambda c: {"pk": _referral().pk, "slug": "about-the-person"},
    "referrals:sent": _pk,
    "referrals:outcome": _pk,
    "referrals:sheet": _pk,
    "referrals:download": _pk,
    "referrals:document": lambda c: {"pk": _referral(Kind.CHILDRENS_SOCIAL_CARE).pk},
}
