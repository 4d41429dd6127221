"""Northgate School referrals for the access walker and the axe sweep: a child's case with a
handover pack (Northgate is not a first responder) and a children's social care referral."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from accounts.demo import Cast
from accounts.models import Nation, Organisation, RoleGrant, User
from cases import services as case_services
from core.access import Role
from referrals import handovers, services
from referrals.models import Handover, Kind, Referral
from tests.cases.factories import child_fields, make_concern

WALK_REFERRAL_CONCERN = "SP-WALK-REF1"
WALK_SENDER = "Walker Academy"


def setup(cast: Cast) -> None:
    lee, priya = cast.people["lee"], cast.people["priya"]
    case = case_services.case_open(
        concern=make_concern(priya, reference=WALK_REFERRAL_CONCERN, **child_fields()),
        lead=lee,
        by=lee,
    )
    services.referral_create(case=case, kind=Kind.PASS_TO_FIRST_RESPONDER, by=lee)
    services.referral_create(case=case, kind=Kind.CHILDRENS_SOCIAL_CARE, by=lee)
    _incoming_handover(cast)


def _incoming_handover(cast: Cast) -> None:
    """A handover waiting for Northgate to answer, from a third organisation: so Northgate's
    lead may open, accept and decline it, and Riverside's people get 404. Made directly (the
    services hand over only to a first responder, and Northgate is not one)."""
    org = Organisation.objects.create(name=WALK_SENDER, nation=Nation.ENGLAND)
    lead = User.objects.create_user(
        email="lead@walker-academy.example", full_name="Wal Sender", organisation=org
    )
    RoleGrant.objects.create(user=lead, role=Role.LEAD)
    case = case_services.case_open(concern=make_concern(lead, **child_fields()), lead=lead, by=lead)
    pack = services.referral_create(case=case, kind=Kind.PASS_TO_FIRST_RESPONDER, by=lead)
    Handover.objects.create(
        pack=pack,
        from_case=case,
        from_organisation=org,
        to_organisation=cast.orgs["northgate"],
        sent_at=timezone.now(),
        sent_by=lead,
        snapshot=handovers.snapshot_of(pack),
        reason=handovers.REASON,
        lawful_basis=org.lawful_basis,
    )


def _referral(kind: str = Kind.PASS_TO_FIRST_RESPONDER) -> Referral:
    return Referral.objects.get(case__links__concern__reference=WALK_REFERRAL_CONCERN, kind=kind)


def _handover() -> Handover:
    return Handover.objects.get(from_organisation__name=WALK_SENDER)


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
    "referrals:hand-over": _pk,
    "referrals:handover": lambda c: {"pk": _handover().pk},
    "referrals:handover-accept": lambda c: {"pk": _handover().pk},
    "referrals:handover-decline": lambda c: {"pk": _handover().pk},
    "referrals:handover-sharing": lambda c: {"pk": _handover().pk},
    "referrals:document": lambda c: {"pk": _referral(Kind.CHILDRENS_SOCIAL_CARE).pk},
}
