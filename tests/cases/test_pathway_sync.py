from __future__ import annotations

import pytest

from cases import services
from cases.models import ItemState

pytestmark = pytest.mark.django_db


def _states(case) -> dict[str, str]:
    return dict(case.pathway_items.values_list("action", "state"))


def test_consent_given_puts_the_nrm_referral_on_the_pathway(lee, case) -> None:
    services.case_update(case=case, values={"consent_to_nrm": "yes"}, version=case.version, by=lee)
    states = _states(case)
    assert states["nrm-referral"] == ItemState.PENDING
    # Northgate School is not a first responder: someone else must submit it.
    assert states["pass-to-first-responder"] == ItemState.PENDING
    assert states["seek-informed-consent"] == ItemState.NO_LONGER_NEEDED


def test_an_action_that_leaves_the_pathway_is_kept_for_the_record(lee, case) -> None:
    item = case.pathway_items.get(action="seek-informed-consent")
    services.pathway_item_update(
        item=item, state=ItemState.DONE, done_on=None, note="Asked on the phone", by=lee
    )
    services.case_update(case=case, values={"consent_to_nrm": "yes"}, version=case.version, by=lee)
    item.refresh_from_db()
    assert item.state == ItemState.DONE
    assert item.note == "Asked on the phone"
    assert item.position >= 100


def test_an_action_back_on_the_pathway_is_to_do_again(lee, case) -> None:
    services.case_update(case=case, values={"consent_to_nrm": "yes"}, version=case.version, by=lee)
    services.case_update(
        case=case, values={"consent_to_nrm": "not-asked"}, version=case.version, by=lee
    )
    assert _states(case)["seek-informed-consent"] == ItemState.PENDING
    assert _states(case)["nrm-referral"] == ItemState.NO_LONGER_NEEDED


def test_finding_out_the_person_is_a_child_changes_the_pathway(lee, case) -> None:
    result = services.case_update(
        case=case, values={"age_group": "under-18"}, version=case.version, by=lee
    )
    case.refresh_from_db()
    assert case.treated_as_child
    assert "refer-childrens-social-care" in result.added
    assert _states(case)["refer-childrens-social-care"] == ItemState.PENDING
    # A child needs no consent for the NRM: that question is off the pathway.
    assert _states(case)["seek-informed-consent"] == ItemState.NO_LONGER_NEEDED


def test_the_checklist_follows_the_order_of_the_pathway(lee, case) -> None:
    services.case_update(
        case=case,
        values={"age_group": "under-18", "immediate_danger": "yes"},
        version=case.version,
        by=lee,
    )
    pathway = services.pathway_for(case)
    on_path = [i.action for i in case.pathway_items.all() if i.state != ItemState.NO_LONGER_NEEDED]
    assert on_path == list(pathway.actions)


def test_marking_an_item_not_needed_keeps_the_reason(lee, case) -> None:
    item = case.pathway_items.get(action="seek-informed-consent")
    services.pathway_item_update(
        item=item, state=ItemState.NOT_NEEDED, done_on=None, note="Police asked today", by=lee
    )
    item.refresh_from_db()
    assert (item.state, item.note, item.by) == (ItemState.NOT_NEEDED, "Police asked today", lee)
