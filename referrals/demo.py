"""Demo cases for `seed_demo`: a child at Northgate School (not a first responder, so a
handover pack), and at Riverside Council (a first responder and a public authority) an adult who
agreed to an NRM referral and an adult who refused (a Duty to Notify). Fictional people.

Idempotent: each case is found again by its concern's fixed reference, each referral by its
fixed reference, so running seed_demo twice creates nothing twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.demo import Cast
from cases import services as case_services
from cases.models import Case
from concerns import counting
from concerns.models import Concern
from guidance.catalogue import AgeGroup as ScreeningAge
from guidance.screening import Person, assess
from referrals import kinds
from referrals.models import Kind, Referral


@dataclass(frozen=True)
class DemoCase:
    key: str
    org: str
    author: str
    lead: str
    concern_reference: str
    referral_reference: str
    kind: str
    indicators: tuple[str, ...]
    fields: dict[str, Any]


DEMO_CASES = (
    DemoCase(
        key="child",
        org="northgate",
        author="priya",
        lead="lee",
        concern_reference="SP-DEMO-CHD1",
        referral_reference="RF-DEMO-CHD1",
        kind=Kind.PASS_TO_FIRST_RESPONDER,
        indicators=("little-or-no-pay", "long-hours"),
        fields={
            "person_name": "Jordan Example",
            "person_description": "Year 9 pupil, often absent on Mondays, new expensive phone",
            "age_group": "under-18",
            "age_years": 14,
            "date_of_birth": date(2012, 3, 14),
            "gender": "male",
            "nationality": "British",
            "happened_when": "Over the last two months",
            "happened_where": "Around the railway station in the town centre",
            "what_you_saw": "Said he has to carry packages to another town for an older man "
            "and cannot say no because he owes him money.",
            "others_at_risk": "not-sure",
            "others_present": "",
            "exploiters": "An older man he says he owes money to; he did not give a name.",
            "others_exploited": "Two other pupils may be carrying packages for the same man.",
            "how_it_started": "An older man gave him a phone and some money, then said he owed "
            "him for them.",
            "what_they_do": "Carries packages by train to another town after school and on "
            "Mondays.",
            "living_conditions": "Lives at home with his mother.",
            "treatment": "Told he will be hurt if he does not pay off the debt.",
            "birthplace": "Born and grew up in the town.",
            "family": "Lives with his mother and two younger sisters.",
            "education": "Year 9 at Northgate School; often absent on Mondays.",
            "work_history": "None: he is 14.",
            "consent_to_nrm": "",
        },
    ),
    DemoCase(
        key="consenting-adult",
        org="riverside",
        author="omar",
        lead="omar",
        concern_reference="SP-DEMO-ADY1",
        referral_reference="RF-DEMO-ADY1",
        kind=Kind.NRM,
        indicators=("little-or-no-pay", "documents-held", "long-hours"),
        fields={
            "person_name": "Alex Sample",
            "person_description": "Adult working at a hand car wash, lives on site",
            "age_group": "18-or-over",
            "age_years": 31,
            "date_of_birth": date(1995, 7, 2),
            "gender": "female",
            "nationality": "Romanian",
            "languages": "Romanian",
            "interpreter_needed": "yes",
            "happened_when": "Since January this year",
            "happened_where": "A hand car wash on an industrial estate",
            "what_you_saw": "Works 12 hours a day, 7 days a week; her passport is kept by the "
            "manager; she is paid very little and owes a debt for her travel.",
            "others_at_risk": "yes",
            "others_present": "The manager stood beside her the whole time.",
            "exploiters": "The car wash manager, who keeps her passport, and two older men who "
            "drive the workers to the site.",
            "others_exploited": "Three other workers live in the same caravan.",
            "how_it_started": "A man from her home town offered her a job in England and paid "
            "for her travel; on arrival she was told she owed him for it.",
            "what_they_do": "Washes cars 12 hours a day, 7 days a week.",
            "living_conditions": "Lives in a caravan behind the car wash with three other workers.",
            "treatment": "The manager keeps her passport, pays her very little and shouts at "
            "her when she is slow.",
            "birthplace": "Born and grew up in a small town in Romania.",
            "family": "Her mother and younger brother live in Romania.",
            "education": "Left school at 16.",
            "work_history": "Worked on a farm before she came to the UK.",
            "consent_to_nrm": "yes",
        },
    ),
    DemoCase(
        key="refusing-adult",
        org="riverside",
        author="omar",
        lead="omar",
        concern_reference="SP-DEMO-ADN1",
        referral_reference="RF-DEMO-ADN1",
        kind=Kind.DUTY_TO_NOTIFY,
        indicators=("little-or-no-pay", "documents-held"),
        fields={
            "person_name": "Sam Placeholder",
            "person_description": "Adult working in a takeaway kitchen",
            "age_group": "18-or-over",
            "age_years": 40,
            "gender": "male",
            "nationality": "Albanian",
            "happened_when": "For about a year",
            "happened_where": "A takeaway on the high street",
            "what_you_saw": "Sleeps above the kitchen, is not paid, the owner holds his "
            "documents. He does not want a referral: he fears losing his job.",
            "others_at_risk": "no",
            "exploiters": "The owner of the takeaway, who holds his documents.",
            "what_they_do": "Cooks and cleans in the kitchen every day, unpaid.",
            "living_conditions": "Sleeps in a room above the kitchen.",
            "consent_to_nrm": "no",
        },
    ),
)

_AGE: dict[str, ScreeningAge] = {"under-18": "child", "18-or-over": "adult", "not-sure": "unknown"}


def _concern(spec: DemoCase, cast: Cast) -> Concern:
    author = cast.people[spec.author]
    screening = assess(spec.indicators, Person(age_group=_AGE[spec.fields["age_group"]]))
    concern = Concern.objects.create(
        reference=spec.concern_reference,
        organisation=cast.orgs[spec.org],
        author=author,
        submission_token=uuid.uuid4(),
        submitted_at=timezone.now(),
        immediate_danger="no",
        indicator_ids=list(screening.observed),
        screening=screening.to_dict(),
        **spec.fields,
    )
    counting.concern_added(concern)  # as concerns.services.concern_submit does
    return concern


@transaction.atomic
def load_demo_cases(cast: Cast) -> dict[str, dict[str, str]]:
    """Create (once) the three demo cases and their draft referrals. Returns, by key, the case
    and referral references."""
    out: dict[str, dict[str, str]] = {}
    for spec in DEMO_CASES:
        lead = cast.people[spec.lead]
        case = Case.objects.filter(links__concern__reference=spec.concern_reference).first()
        if case is None:
            concern = Concern.objects.filter(reference=spec.concern_reference).first()
            concern = concern or _concern(spec, cast)
            case = case_services.case_open(concern=concern, lead=lead, by=lead)
        referral = Referral.objects.filter(reference=spec.referral_reference).first()
        if referral is None:
            referral = Referral.objects.create(
                case=case,
                organisation=case.organisation,
                kind=spec.kind,
                reference=spec.referral_reference,
                created_by=lead,
            )
            from audit.services import audit_record

            audit_record(
                kind="referral-created",
                actor=lead,
                target=referral,
                detail={"reference": referral.reference, "case": str(case.pk), "demo": True},
            )
            # As referral_create does: the pathway step the referral answers is in progress.
            case_services.pathway_item_from_record(
                case=case,
                action=kinds.action_of(referral.kind),
                progress="prepared",
                on=None,
                note=f"{kinds.spec(referral.kind).label} {referral.reference} is being prepared.",
                record=referral.reference,
                by=lead,
            )
        out[spec.key] = {"case": case.reference, "referral": referral.reference}
    return out
