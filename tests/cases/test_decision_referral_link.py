"""A "referral made" decision names one of the case's own referrals, and links to it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases.models import Decision, DecisionKind
from referrals.models import Kind
from tests.referrals.factories import make_referral

pytestmark = pytest.mark.django_db


def _decide(client, case, **data):
    url = reverse("cases:decide", kwargs={"pk": case.pk})
    case.refresh_from_db()
    return client.post(
        url,
        {"version": case.version, "kind": "referral-made", "rationale": "Sent today", **data},
    )


def test_the_decide_form_offers_the_cases_own_referrals(omar, as_user):
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    other = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    page = as_user(omar).get(reverse("cases:decide", kwargs={"pk": referral.case.pk}))
    html = page.content.decode()
    assert '<select class="govuk-select"' in html
    assert f'value="{referral.pk}"' in html
    assert f"{referral.reference}: National Referral Mechanism (NRM) referral" in html
    assert str(other.pk) not in html
    assert 'name="referral_ref"' in html  # for referrals made outside Signpost


def test_choosing_a_referral_stores_its_reference_and_links_to_it(omar, as_user):
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    case = referral.case
    client = as_user(omar)
    response = _decide(client, case, referral=str(referral.pk))
    assert response.status_code == 302
    decision = Decision.objects.get(case=case)
    assert (decision.kind, decision.referral_ref) == (
        DecisionKind.REFERRAL_MADE,
        referral.reference,
    )
    page = client.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    link = f'<a class="govuk-link" href="/referrals/{referral.pk}/">{referral.reference}</a>'
    assert link in page


def test_choosing_a_referral_of_another_case_is_refused(omar, as_user):
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    other = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    response = _decide(as_user(omar), referral.case, referral=str(other.pk))
    assert response.status_code == 400
    assert "Select one of this case&#x27;s referrals" in response.content.decode()
    assert not Decision.objects.exists()


def test_a_reference_made_outside_signpost_is_kept_as_plain_text(omar, as_user):
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    case = referral.case
    client = as_user(omar)
    assert _decide(client, case, referral="", referral_ref="POL-2026-77").status_code == 302
    assert Decision.objects.get(case=case).referral_ref == "POL-2026-77"
    page = client.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    assert "Referral POL-2026-77" in page
    assert 'href="/referrals/POL' not in page


def test_a_referral_decision_needs_a_referral_or_a_reference(omar, as_user):
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    response = _decide(as_user(omar), referral.case, referral="", referral_ref="")
    assert response.status_code == 400
    assert "Select the referral, or enter its reference" in response.content.decode()


def test_a_chosen_referral_and_a_different_typed_reference_are_refused(omar, as_user):
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    response = _decide(
        as_user(omar), referral.case, referral=str(referral.pk), referral_ref="POL-1"
    )
    assert response.status_code == 400
    assert not Decision.objects.exists()


def test_another_organisations_matching_reference_is_not_linked(omar, lee, as_user):
    """A typed reference that happens to be another organisation's referral stays text."""
    theirs = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    ours = make_referral(lee, Kind.PASS_TO_FIRST_RESPONDER)
    client = as_user(lee)
    assert _decide(client, ours.case, referral="", referral_ref=theirs.reference).status_code == 302
    page = client.get(reverse("cases:detail", kwargs={"pk": ours.case.pk})).content.decode()
    assert f"Referral {theirs.reference}" in page
    assert f"/referrals/{theirs.pk}/" not in page
