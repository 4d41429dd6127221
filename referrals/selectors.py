"""Every read of referrals goes through here, and takes the acting person.

A safeguarding lead sees the referrals of their own organisation's cases. Nobody else sees any:
another organisation's referral is simply not found (404).
"""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import User
from core.access import Role
from referrals.models import Referral


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


def referrals_of_case(user: User, case_id: object) -> QuerySet[Referral]:
    return referrals_visible_to(user).filter(case_id=case_id)
