"""Leads of the receiving organisation accepting (or declining) the same handover at the same
instant: exactly one wins, one case is opened, the others get the conflict.

Real threads, real connections, real PostgreSQL: the conditional UPDATE on Handover.version and
state decides, not luck."""

from __future__ import annotations

import pytest
from django.db import connection

from audit.models import AuditEvent
from audit.services import verify_chain
from cases.models import Case
from referrals import handovers
from referrals.handovers import HandoverConflict
from referrals.models import Handover, HandoverState
from tests.concurrency import RACERS, race
from tests.referrals.test_handovers import pack_for

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs real concurrent writers (PostgreSQL)"
    ),
    pytest.mark.django_db(transaction=True),
]


def test_simultaneous_accepts_and_declines_open_exactly_one_case(cast, make_person) -> None:
    lee, priya, omar = (cast.people[k] for k in ("lee", "priya", "omar"))
    pack = pack_for(lee, priya, cast.orgs["riverside"])
    sent = handovers.handover_send(pack=pack, version=pack.version, by=lee)
    leads = [omar] + [
        make_person(cast.orgs["riverside"], "lead", full_name=f"Lead {i}")
        for i in range(RACERS - 1)
    ]

    def answer(i: int) -> str:
        copy = Handover.objects.select_related("to_organisation", "pack").get(pk=sent.pk)
        if i % 2:
            handovers.handover_decline(
                handover=copy, reason="Not ours", version=copy.version, by=leads[i]
            )
            return "declined"
        handovers.handover_accept(
            handover=copy, version=copy.version, by=leads[i], share_outcomes=True
        )
        return "accepted"

    results = race(answer)
    wins = [r for r in results if isinstance(r, str)]
    assert len(wins) == 1, results
    assert all(isinstance(r, HandoverConflict) for r in results if not isinstance(r, str))
    sent.refresh_from_db()
    assert sent.state == {"accepted": HandoverState.ACCEPTED, "declined": "declined"}[wins[0]]
    opened = Case.objects.filter(organisation=cast.orgs["riverside"]).count()
    assert opened == (1 if wins[0] == "accepted" else 0)
    assert (
        AuditEvent.objects.filter(kind__in=["handover.accepted", "handover.declined"]).count() == 2
    )
    assert verify_chain()[1] is None
