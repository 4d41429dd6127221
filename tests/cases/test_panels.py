"""The case page's panels (cases/panels.py, issue 18): filled for the person, skipped when a
build has nothing for them, registered once by name; referrals fills its own."""

from __future__ import annotations

import pytest

from cases import panels
from cases import selectors as sel
from cases.models import Case
from cases.selectors import CaseAccess
from core.panels import PanelRegistry
from referrals.models import Kind
from tests.cases.test_sharing import _share
from tests.referrals.factories import make_referral

pytestmark = pytest.mark.django_db


def test_referrals_fills_the_owners_panels_and_a_partner_gets_none(omar, lee, riverside):
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    case = referral.case
    filled = panels.fill(omar, case, sel.case_access(omar, case))
    names = [p.name for p in filled.sections]
    assert names == ["referrals"]  # no handovers: the handovers panel shows nothing
    assert filled.sections[0].context["existing"] == [referral]
    step = [a for a, found in filled.steps.items() if found[0].context["rec"].get("referral")]
    assert step and all(filled.for_step(a)[0].context["rec"]["referral"] == referral for a in step)
    assert panels.decision_records(omar, case) == [referral]
    assert panels.record_links(omar, case) == {referral.reference: f"/referrals/{referral.pk}/"}
    # Shared with another organisation: its lead sees the case, never its referrals.
    _share(case, lee.organisation, omar)
    partner = sel.case_access(lee, case)
    shared = panels.fill(lee, case, partner)
    assert (shared.sections, shared.steps) == ([], {})
    assert panels.decision_records(lee, case) == []


def test_registering_a_name_again_replaces_it(omar, monkeypatch):
    monkeypatch.setattr(panels, "_SECTIONS", PanelRegistry())
    calls: list[str] = []

    def first(user, case: Case, access: CaseAccess):
        calls.append("first")
        return {"n": 1}

    def second(user, case: Case, access: CaseAccess):
        calls.append("second")
        return None

    panels.register_case_panel("x", first, template="t.html")
    panels.register_case_panel("x", second, template="t.html")
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    filled = panels.fill(omar, referral.case, sel.case_access(omar, referral.case))
    assert calls == ["second"] and filled.sections == []
