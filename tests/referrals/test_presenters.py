"""What the referral and handover pages show (referrals/presenters.py), without the views."""

from __future__ import annotations

import pytest
from django.http import Http404

from referrals import presenters, services
from referrals.models import Kind
from referrals.sections import RECEIVER_FIELDS, sections_for
from tests.cases.factories import child_fields, open_case
from tests.referrals.factories import make_referral

pytestmark = pytest.mark.django_db


def test_a_new_nrm_referral_lists_its_sections_with_what_is_missing(omar) -> None:
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    sheet = services.sheet_of(referral)
    rows = presenters.task_rows(referral, sheet)
    assert rows and {row["section"] for row in rows} <= set(sections_for(referral.kind))
    assert any(not row["done"] and row["missing"] for row in rows)
    page = presenters.detail_page(referral)
    assert page["rows"] == rows
    assert page["done_count"] == sum(1 for row in rows if row["done"])
    assert page["all_done"] is False
    assert page["document"] is None and page["kind_mismatch"] is False


def test_a_sheet_kind_has_a_sheet_and_no_document(omar) -> None:
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    context = presenters.sheet_context(referral)
    assert context["form_name"] == "NRM referral"
    assert [step["path"] for step in context["steps"]] == [
        step.path for step in context["sheet"].steps
    ]
    # Without change links unless asked for (the downloads carry none).
    assert all(f["change"] == "" for step in context["steps"] for f in step["fields"])
    with pytest.raises(Http404):
        presenters.document_context(referral)


def test_a_document_kind_has_a_document_and_no_sheet(omar) -> None:
    case = open_case(omar, omar, **child_fields())
    referral = services.referral_create(case=case, kind=Kind.POLICE, by=omar)
    assert presenters.document_context(referral)["document"] is not None
    with pytest.raises(Http404):
        presenters.sheet_context(referral)


def test_nothing_can_be_changed_from_the_sheet_once_sent(omar) -> None:
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    sheet = services.sheet_of(referral)
    assert presenters.change_links(referral, sheet)
    referral.status = "sent"
    assert presenters.change_links(referral, sheet) == {}
    assert presenters.change_links(referral, None) == {}


def test_the_concerns_account_is_shown_beside_the_exploitation_questions(omar) -> None:
    referral = make_referral(
        omar, Kind.NRM, consent_to_nrm="yes", their_words="He keeps my passport"
    )
    rows = dict(presenters.account_of(referral))
    assert "He keeps my passport" in rows.values()


def test_a_pack_counts_only_the_answers_the_sender_gives(lee) -> None:
    pack = make_referral(lee, Kind.PASS_TO_FIRST_RESPONDER)
    sheet = services.sheet_of(pack)
    page = presenters.handover_send_page(pack, "")
    assert page["missing"] == len([n for n in sheet.missing if n not in RECEIVER_FIELDS])
    assert page["parts"] == presenters.handed_over_parts()
    assert len(page["parts"]) == 3
