"""Synthetic concerns and cases for benchmarks: made straight into the database with
bulk_create, in batches, with no personal data of anyone real.

Shape of the data (a busy organisation, years in): about 2% of concerns still wait for triage;
the rest belong to cases of about two concerns each; nine cases in ten are closed. Each case has
its exploitation type, a short pathway checklist, and open cases one task.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, RoleGrant, User
from cases.models import (
    Case,
    CaseConcern,
    CaseStatus,
    CaseType,
    ItemState,
    PathwayItem,
    Stage,
    Task,
    bits_of,
)
from concerns.models import Concern, Status
from guidance.screening import Person, assess

BATCH = 10_000
FIRST = ("Dana", "Sam", "Alex", "Mira", "Tomas", "Ana", "Jon", "Lena", "Ravi", "Ola", "Ben")
LAST = ("Petrov", "Kerr", "Nowak", "Silva", "Ahmed", "Popa", "Smith", "Ivanova", "Okoro")
WORDS = [
    "tall",
    "short",
    "quiet",
    "nervous",
    "scar",
    "tattoo",
    "hoodie",
    "uniform",
    "car",
    "wash",
    "nail",
    "bar",
    "farm",
    "kitchen",
    "factory",
    "station",
    "market",
    "hotel",
    "cleaner",
    "driver",
    "phone",
    "bruises",
    "tired",
    "thin",
]
SIGNS = (
    ("little-or-no-pay", "long-hours", "documents-held"),
    ("made-to-steal", "many-phones", "unexplained-money"),
    ("household-servant", "no-private-space"),
    ("cannot-refuse-sex", "lives-at-work"),
)
ACTIONS = ("tell-safeguarding-lead", "refer-childrens-social-care", "inform-police", "nrm-referral")


@dataclass
class BenchOrg:
    organisation: Organisation
    lead: User
    practitioner: User


def bench_org(name: str = "Bench Council") -> BenchOrg:
    org, _ = Organisation.objects.get_or_create(
        name=name,
        defaults={"nation": "england", "first_responder": True, "duty_to_notify": True},
    )
    lead = User.objects.filter(email="lead@bench.example").first() or User.objects.create_user(
        email="lead@bench.example", full_name="Bench Lead", organisation=org
    )
    RoleGrant.objects.get_or_create(user=lead, role="lead")
    worker = User.objects.filter(email="worker@bench.example").first()
    if worker is None:
        worker = User.objects.create_user(
            email="worker@bench.example", full_name="Bench Worker", organisation=org
        )
    RoleGrant.objects.get_or_create(user=worker, role="practitioner")
    return BenchOrg(organisation=org, lead=lead, practitioner=worker)


def _screenings() -> list[tuple[dict[str, Any], str]]:
    out = []
    for signs in SIGNS:
        s = assess(signs, Person(age_group="unknown"))
        out.append((s.to_dict(), s.suggested_types[0].type if s.suggested_types else "labour"))
    return out


def _batches(total: int) -> Iterator[int]:
    done = 0
    while done < total:
        size = min(BATCH, total - done)
        yield size
        done += size


def generate(bench: BenchOrg, concerns: int, *, seed: int = 1, log: Any = print) -> None:
    """Add `concerns` concerns (and their cases) to the bench organisation."""
    rnd = random.Random(seed + Concern.objects.filter(organisation=bench.organisation).count())
    screenings = _screenings()
    now = timezone.now()
    # Counted references: random ones would collide at a million (the birthday problem). The
    # X is not a hex digit, so they never meet references made before.
    serial = Concern.objects.filter(organisation=bench.organisation).count()
    made = 0
    for size in _batches(concerns):
        with transaction.atomic():
            new_concerns: list[Concern] = []
            cases: list[Case] = []
            links: list[CaseConcern] = []
            types: list[CaseType] = []
            items: list[PathwayItem] = []
            tasks: list[Task] = []
            i = 0
            while i < size:
                screening, kind = rnd.choice(screenings)
                name = f"{rnd.choice(FIRST)} {rnd.choice(LAST)}"
                description = " ".join(rnd.choices(WORDS, k=8))
                at = now - timedelta(minutes=rnd.randint(0, 60 * 24 * 365 * 5))
                adult = rnd.random() < 0.6
                born = (
                    date(1960, 1, 1) + timedelta(days=rnd.randint(0, 20_000))
                    if rnd.random() < 0.4
                    else None
                )
                triaged = rnd.random() >= 0.02
                group = min(size - i, rnd.choice((1, 2, 3)) if triaged else 1)
                closed = rnd.random() < 0.9
                case = None
                if triaged:
                    case = Case(
                        id=uuid.uuid4(),
                        reference=f"CS-X{serial:08d}",
                        organisation=bench.organisation,
                        status=CaseStatus.CLOSED if closed else CaseStatus.OPEN,
                        stage=Stage.CLOSED if closed else rnd.choice(list(Stage.values[:2])),
                        assigned_lead=bench.lead if rnd.random() < 0.3 else None,
                        opened_at=at,
                        closed_at=at + timedelta(days=30) if closed else None,
                        opened_by=bench.lead,
                        person_name=name,
                        person_description=description,
                        date_of_birth=born,
                        age_group="18-or-over" if adult else "under-18",
                        nation="england",
                        treated_as_child=not adult,
                        type_bits=bits_of([kind]),  # as cases.services._add_types keeps it
                    )
                    cases.append(case)
                    types.append(CaseType(case=case, type=kind))
                    for pos, action in enumerate(ACTIONS):
                        items.append(
                            PathwayItem(
                                case=case,
                                action=action,
                                position=pos,
                                state=ItemState.DONE if closed or pos == 0 else ItemState.PENDING,
                            )
                        )
                    if not closed:
                        tasks.append(
                            Task(
                                case=case,
                                title="Follow up",
                                due_on=(now + timedelta(days=rnd.randint(-10, 20))).date(),
                                created_by=bench.lead,
                            )
                        )
                for g in range(group):
                    concern = Concern(
                        id=uuid.uuid4(),
                        reference=f"SP-X{serial:08d}",
                        organisation=bench.organisation,
                        author=bench.practitioner,
                        status=(
                            Status.RECEIVED
                            if not triaged
                            else Status.CLOSED
                            if closed
                            else Status.BEING_LOOKED_AT
                        ),
                        submitted_at=at + timedelta(days=g),
                        submission_token=uuid.uuid4(),
                        immediate_danger="no",
                        person_name=name,
                        person_description=description,
                        age_group="18-or-over" if adult else "under-18",
                        date_of_birth=born,
                        indicator_ids=list(screening["observed"]),
                        screening=screening,
                    )
                    new_concerns.append(concern)
                    serial += 1
                    if case is not None:
                        links.append(
                            CaseConcern(
                                case=case,
                                concern=concern,
                                added_at=at + timedelta(days=g),
                                added_by=bench.lead,
                            )
                        )
                i += group
            Concern.objects.bulk_create(new_concerns, batch_size=2_000)
            Case.objects.bulk_create(cases, batch_size=2_000)
            CaseConcern.objects.bulk_create(links, batch_size=5_000)
            CaseType.objects.bulk_create(types, batch_size=5_000)
            PathwayItem.objects.bulk_create(items, batch_size=5_000)
            Task.objects.bulk_create(tasks, batch_size=5_000)
        made += size
        if made % 100_000 == 0 or made == concerns:
            log(f"  {made:,} of {concerns:,} concerns made")
