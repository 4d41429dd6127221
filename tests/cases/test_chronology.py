from __future__ import annotations

import pytest
from django.urls import reverse

from cases import services
from cases.chronology import case_chronology
from cases.models import DecisionKind, ItemState
from cases.selectors import case_access
from concerns.services import concern_add_information

pytestmark = pytest.mark.django_db


def _story(case, lee, riverside):
    concern = case.links.get().concern
    concern_add_information(concern=concern, by=concern.author, text="She came back today")
    services.note_add(case=case, text="Rang her manager", by=lee)
    item = case.pathway_items.get(action="seek-informed-consent")
    services.pathway_item_update(
        item=item, state=ItemState.NOT_NEEDED, done_on=None, note="Police asked", by=lee
    )
    services.case_share(
        case=case,
        organisation=riverside,
        reason="They are the first responder",
        parts=["chronology"],
        may_add=False,
        by=lee,
    )
    services.case_decide(
        case=case,
        kind=DecisionKind.CLOSED,
        rationale="She is safe with family",
        version=case.version,
        by=lee,
    )


def test_the_chronology_lists_every_event_in_order_in_plain_words(lee, riverside, case) -> None:
    _story(case, lee, riverside)
    entries = case_chronology(case, access=case_access(lee, case))
    titles = [e.title for e in entries]
    assert titles[0].startswith("Case CS-") or titles[0].startswith("Concern SP-")
    assert "Information added to a concern" in titles
    assert "Note" in titles
    assert "Ask for their informed consent to an NRM referral: Not needed" in titles
    assert "Shared with Riverside Council" in titles
    assert titles[-1] == "Decision: Close the case"
    assert entries[-1].text == "She is safe with family"
    assert [e.at for e in entries] == sorted(e.at for e in entries)
    texts = {e.title: e.text for e in entries}
    assert texts["Information added to a concern"] == "She came back today"


def test_views_are_not_in_the_chronology(as_user, lee, case) -> None:
    as_user(lee).get(reverse("cases:detail", kwargs={"pk": case.pk}))
    entries = case_chronology(case, access=case_access(lee, case))
    assert all("viewed" not in e.title for e in entries)


def test_the_chronology_filters_by_kind(as_user, lee, riverside, case) -> None:
    _story(case, lee, riverside)
    url = reverse("cases:chronology", kwargs={"pk": case.pk})
    page = as_user(lee).get(url, {"kind": "decision"}).content.decode()
    assert "She is safe with family" in page
    assert "Rang her manager" not in page
    notes = case_chronology(case, access=case_access(lee, case), group="note")
    assert [e.group for e in notes] == ["note"]


def test_a_chronology_only_partner_sees_the_decisions_but_not_the_notes(
    as_user, lee, omar, riverside, case
):
    _story(case, lee, riverside)
    url = reverse("cases:chronology", kwargs={"pk": case.pk})
    theirs = as_user(omar).get(url).content.decode()
    assert "She is safe with family" in theirs
    assert "Rang her manager" not in theirs
    assert "She came back today" not in theirs
    assert "signpost-no-print" in theirs
