from __future__ import annotations

from typing import Any

from accounts.models import User
from referrals import services
from referrals.models import Referral
from tests.cases.factories import child_fields, open_case


def adult_case(lead: User, **fields: Any):
    values = {"consent_to_nrm": "no", "age_group": "18-or-over"}
    values.update(fields)
    return open_case(lead, lead, **values)


def make_referral(lead: User, kind: str, **fields: Any) -> Referral:
    if kind == "pass-to-first-responder" or fields.pop("child", False):
        case = open_case(lead, lead, **child_fields(), **fields)
    else:
        case = adult_case(lead, **fields)
    return services.referral_create(case=case, kind=kind, by=lead)
