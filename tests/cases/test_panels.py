"""The case page's and the queue's panels (cases/panels.py, issue 18): filled for the person,
skipped when a build has nothing for them, registered once by name; referrals and privacy fill
their own."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cases import panels
from cases import selectors as sel
from cases.models import Case
from cases.selectors import CaseAccess
from core.panels import PanelRegistry
from referrals import handovers
from referrals import services as referral_services
from referrals.models import Kind
from tests.cases.factories import open_case
from tests.cases.test_sharing import _share
from tests.referrals.factories import make_referral
from tests.referrals.test_handovers import pack_for

QUEUE = "/cases/"

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


def _overdue_referral(lead):
    referral = make_referral(lead, Kind.CHILDRENS_SOCIAL_CARE, child=True)
    return referral_services.referral_mark_sent(
        referral=referral,
        sent_on=timezone.localdate() - timedelta(days=7),
        sent_how="phone",
        their_reference="MASH-1",
        version=referral.version,
        by=lead,
    )


def test_the_queue_shows_referrals_prompts_first_and_nothing_when_none_is_due(
    as_user, omar, lee, priya, riverside
):
    pack = pack_for(lee, priya, riverside)
    handovers.handover_send(pack=pack, version=pack.version, by=lee)
    overdue = _overdue_referral(omar)
    filled = panels.fill_queue(omar)
    assert [p.name for p in filled] == ["incoming-handovers", "overdue-decisions"]
    assert [d.referral for d in filled[1].context["overdue"]] == [overdue]
    page = as_user(omar).get(QUEUE).content.decode()
    assert (
        page.index('id="incoming-handovers"')
        < page.index(overdue.reference)
        < page.index('aria-label="Case lists"')
    )
    # The sender has neither: both builds return None and the queue shows no prompt.
    assert panels.fill_queue(lee) == []
    page = as_user(lee).get(QUEUE).content.decode()
    assert 'id="incoming-handovers"' not in page and "govuk-notification-banner" not in page


def test_a_queue_panel_that_returns_none_shows_nothing(as_user, lee, monkeypatch):
    registry: PanelRegistry = PanelRegistry()
    registry.register("none", lambda user: None, template="referrals/_incoming_handovers.html")
    monkeypatch.setattr(panels, "_QUEUE", registry)
    assert "Incoming handovers" not in as_user(lee).get(QUEUE).content.decode()


def test_privacy_fills_the_side_of_the_case_page_for_the_owning_lead_only(as_user, lee, omar):
    case = open_case(lee, lee)
    filled = panels.fill(lee, case, sel.case_access(lee, case))
    assert [p.name for p in filled.side] == ["data-protection"]
    assert filled.side[0].context == {"hold": None, "grants": []}
    page = as_user(lee).get(f"/cases/{case.pk}/").content.decode()
    assert '<h2 class="govuk-heading-s">Data protection</h2>' in page
    assert "Place a legal hold" in page
    _share(case, omar.organisation, lee)
    assert panels.fill(omar, case, sel.case_access(omar, case)).side == []
    page = as_user(omar).get(f"/cases/{case.pk}/").content.decode()
    assert "Data protection" not in page and "Place a legal hold" not in page
