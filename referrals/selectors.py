"""Every read of referrals goes through here, and takes the acting person.

A safeguarding lead sees the referrals of their own organisation's cases. Nobody else sees any:
another organisation's referral is simply not found (404).
"""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet

from accounts.models import User
from core.access import Role
from referrals.models import Handover, HandoverState, Kind, Referral


def referrals_visible_to(user: User) -> QuerySet[Referral]:
    if not (user.is_authenticated and user.has_role(Role.LEAD)):
        return Referral.objects.none()
    return Referral.objects.filter(case__organisation_id=user.organisation_id).select_related(
        "case",
        "case__organisation",
        "case__assigned_lead",
        "organisation",
        "receiving_organisation",
        "created_by",
    )


def referrals_of_case(user: User, case_id: uuid.UUID) -> QuerySet[Referral]:
    return referrals_visible_to(user).filter(case_id=case_id)


# ------------------------------------------------------------------------------ handovers


def handovers_visible_to(user: User) -> QuerySet[Handover]:
    """Handovers the lead's organisation sent or received: nobody else's (another
    organisation's handover is a 404). The receiver reads only what was handed over."""
    if not (user.is_authenticated and user.has_role(Role.LEAD)):
        return Handover.objects.none()
    return Handover.objects.filter(
        Q(from_organisation_id=user.organisation_id) | Q(to_organisation_id=user.organisation_id)
    ).select_related(
        "pack",
        "from_case",
        "from_case__assigned_lead",
        "from_organisation",
        "to_organisation",
        "sent_by",
        "decided_by",
        "accepted_case",
    )


def incoming_handovers(user: User) -> QuerySet[Handover]:
    """Handovers waiting for the lead's organisation to accept or decline them."""
    return handovers_visible_to(user).filter(
        to_organisation_id=user.organisation_id, state=HandoverState.SENT
    )


def handovers_of_case(user: User, case_id: object) -> QuerySet[Handover]:
    """For the case page: the handovers the lead's organisation made from this case, and the
    one it accepted into it."""
    return handovers_visible_to(user).filter(
        Q(from_case_id=case_id, from_organisation_id=user.organisation_id)
        | Q(accepted_case_id=case_id, to_organisation_id=user.organisation_id)
    )


def outcomes_shared_with(user: User, handover: Handover) -> list[Referral]:
    """What came back from the receiver's NRM referral or Duty to Notify, for the sender, only
    as far as the receiver shares it (none otherwise, and never for anyone else)."""
    if (
        not (user.is_authenticated and user.has_role(Role.LEAD))
        or user.organisation_id != handover.from_organisation_id
        or handover.state != HandoverState.ACCEPTED
        or not handover.share_outcomes
        or handover.accepted_case_id is None
    ):
        return []
    return list(
        Referral.objects.filter(
            case_id=handover.accepted_case_id,
            organisation_id=handover.to_organisation_id,
            kind__in=(Kind.NRM, Kind.DUTY_TO_NOTIFY),
        ).order_by("created_at")
    )
