"""Placing and lifting a legal hold on a case (leads of the case's organisation)."""

from __future__ import annotations

from django.urls import reverse

from audit.models import AuditEvent
from privacy.models import LegalHold
from privacy.services import hold_place


def test_a_lead_places_a_hold_and_the_case_page_shows_it(as_user, lee, case) -> None:
    client = as_user(lee)
    url = reverse("privacy:hold-place", kwargs={"pk": case.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "The police inquiry needs this record"})
    assert response.status_code == 302
    hold = LegalHold.objects.get(case=case, lifted_at=None)
    assert hold.placed_by == lee
    assert AuditEvent.objects.filter(kind="legal-hold-placed", target_id=str(case.pk)).exists()
    page = client.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    assert "Legal hold" in page
    assert reverse("privacy:hold-lift", kwargs={"pk": hold.pk}) in page


def test_a_hold_needs_a_reason(as_user, lee, case) -> None:
    url = reverse("privacy:hold-place", kwargs={"pk": case.pk})
    response = as_user(lee).post(url, {"reason": ""})
    assert response.status_code == 400
    assert "Enter why the case must be kept" in response.content.decode()
    assert not LegalHold.objects.exists()


def test_a_case_already_on_hold_gets_no_second_hold(as_user, lee, case) -> None:
    hold_place(case=case, reason="Court", by=lee)
    url = reverse("privacy:hold-place", kwargs={"pk": case.pk})
    assert "This case is on legal hold" in as_user(lee).get(url).content.decode()
    as_user(lee).post(url, {"reason": "Again"})
    assert LegalHold.objects.filter(case=case).count() == 1


def test_a_lead_lifts_a_hold(as_user, lee, case) -> None:
    hold = hold_place(case=case, reason="Court", by=lee)
    url = reverse("privacy:hold-lift", kwargs={"pk": hold.pk})
    assert as_user(lee).post(url).status_code == 302
    hold.refresh_from_db()
    assert hold.lifted_by == lee and hold.lifted_at is not None
    assert AuditEvent.objects.filter(kind="legal-hold-lifted").exists()
    assert as_user(lee).get(url).status_code == 404  # no longer active


def test_another_organisation_gets_404(as_user, lee, omar, case) -> None:
    hold = hold_place(case=case, reason="Court", by=lee)
    place = reverse("privacy:hold-place", kwargs={"pk": case.pk})
    lift = reverse("privacy:hold-lift", kwargs={"pk": hold.pk})
    assert as_user(omar).get(place).status_code == 404
    assert as_user(omar).post(lift).status_code == 404
    assert LegalHold.objects.get(pk=hold.pk).lifted_at is None
