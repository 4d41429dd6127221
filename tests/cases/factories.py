"""Concerns and cases for the cases tests, made directly (the practitioner's journey has its own
tests in tests/concerns)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.utils import timezone

from accounts.models import User
from cases import services
from cases.models import Case
from concerns import counting
from concerns.models import Concern
from concerns.services import new_reference
from guidance.screening import Person, assess

_AGE = {"under-18": "child", "18-or-over": "adult", "not-sure": "unknown"}


def make_concern(
    author: User,
    *,
    indicators: tuple[str, ...] = ("little-or-no-pay", "documents-held", "long-hours"),
    **fields: Any,
) -> Concern:
    values: dict[str, Any] = {
        "reference": new_reference(),
        "immediate_danger": "no",
        "person_name": "Dana Petrov",
        "person_description": "Tall woman with a scar on her left hand, works in the car wash "
        "on Mill Street",
        "age_group": "18-or-over",
        "gender": "female",
        "nationality": "Romanian",
        "others_at_risk": "no",
        "consent_to_nrm": "not-asked",
    }
    values.update(fields)
    screening = assess(indicators, Person(age_group=_AGE[values["age_group"]]))
    concern = Concern.objects.create(
        organisation=author.organisation,
        author=author,
        submission_token=uuid.uuid4(),
        submitted_at=timezone.now(),
        indicator_ids=list(screening.observed),
        screening=screening.to_dict(),
        **values,
    )
    counting.concern_added(concern)  # as concerns.services.concern_submit does
    return concern


def open_case(lead: User, author: User, **fields: Any) -> Case:
    concern = make_concern(author, **fields)
    return services.case_open(concern=concern, lead=lead, by=lead)


def child_fields(born: date | None = None) -> dict[str, Any]:
    return {
        "person_name": "Sam Kerr",
        "person_description": "Boy in a grey hoodie, often outside the station late at night",
        "age_group": "under-18",
        "date_of_birth": born,
        "gender": "male",
        "nationality": "British",
    }
