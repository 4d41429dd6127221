from __future__ import annotations

import pytest
from django.urls import reverse

from cases import services
from cases.models import CaseStatus, DecisionKind, Stage
from concerns.models import Status

pytestmark = pytest.mark.django_db


def _decide(case, kind: str, by, **kwargs):
    return services.case_decide(
        case=case, kind=kind, rationale="Because", version=case.version, by=by, **kwargs
    )


def _concern_status(case) -> str:
    return case.links.get().concern.status


def test_advice_given_is_recorded_without_changing_where_the_case_is(lee, case) -> None:
    decision = _decide(case, DecisionKind.ADVICE_GIVEN, lee)
    case.refresh_from_db()
    assert decision.rationale == "Because"
    assert case.stage == Stage.BEING_LOOKED_AT
    assert _concern_status(case) == Status.BEING_LOOKED_AT


def test_a_referral_made_moves_the_case_and_its_concerns_to_action_taken(lee, case) -> None:
    decision = _decide(case, DecisionKind.REFERRAL_MADE, lee, referral_ref="NRM-123")
    case.refresh_from_db()
    assert decision.referral_ref == "NRM-123"
    assert case.stage == Stage.ACTION_TAKEN
    assert _concern_status(case) == Status.ACTION_TAKEN


def test_closing_closes_the_case_and_its_concerns(lee, case) -> None:
    _decide(case, DecisionKind.CLOSED, lee)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.closed_at is not None
    assert _concern_status(case) == Status.CLOSED


def test_a_closed_case_can_only_be_reopened(lee, case) -> None:
    _decide(case, DecisionKind.CLOSED, lee)
    assert services.decisions_allowed(case) == (DecisionKind.REOPENED,)
    with pytest.raises(services.NotAllowed):
        _decide(case, DecisionKind.ACTION_TAKEN, lee)


def test_reopening_returns_to_where_the_work_had_got_to(lee, case) -> None:
    _decide(case, DecisionKind.ACTION_TAKEN, lee)
    _decide(case, DecisionKind.CLOSED, lee)
    _decide(case, DecisionKind.REOPENED, lee)
    case.refresh_from_db()
    assert (case.status, case.stage) == (CaseStatus.OPEN, Stage.ACTION_TAKEN)
    assert case.closed_at is None
    assert _concern_status(case) == Status.ACTION_TAKEN


def test_a_decision_needs_a_written_rationale(as_user, lee, case) -> None:
    url = reverse("cases:decide", kwargs={"pk": case.pk})
    response = as_user(lee).post(url, {"version": case.version, "kind": "closed", "rationale": ""})
    assert response.status_code == 400
    assert "Enter why you made this decision" in response.content.decode()
    assert response.content.decode().count("<title>Error: ") == 1


def test_a_referral_decision_needs_the_referral_reference(as_user, lee, case) -> None:
    url = reverse("cases:decide", kwargs={"pk": case.pk})
    response = as_user(lee).post(
        url, {"version": case.version, "kind": "referral-made", "rationale": "Sent"}
    )
    assert response.status_code == 400
    assert "Enter the referral&#x27;s reference" in response.content.decode()


def test_the_decision_page_records_and_returns_to_the_case(as_user, lee, case) -> None:
    url = reverse("cases:decide", kwargs={"pk": case.pk})
    response = as_user(lee).post(
        url, {"version": case.version, "kind": "closed", "rationale": "Safe now"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", kwargs={"pk": case.pk})
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
