"""Support access: time-limited, given by a lead, seen by the organisation, every request logged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from privacy import services
from privacy.models import SupportGrant


def _case_url(case) -> str:
    return reverse("privacy:support-case", kwargs={"pk": case.pk})


@pytest.fixture
def grant(case, sam, lee) -> SupportGrant:
    return services.support_grant(case=case, support_user=sam, hours=4, reason="Page error", by=lee)


def test_a_lead_gives_a_support_person_access_for_some_hours(as_user, lee, sam, case) -> None:
    url = reverse("privacy:support-grant-new", kwargs={"pk": case.pk})
    client = as_user(lee)
    assert sam.full_name in client.get(url).content.decode()
    response = client.post(url, {"support_user": str(sam.pk), "hours": "3", "reason": "Bug"})
    assert response.status_code == 302
    grant = SupportGrant.objects.get(case=case)
    assert grant.support_user == sam and grant.granted_by == lee
    assert grant.expires_at - grant.starts_at == timedelta(hours=3)
    assert AuditEvent.objects.filter(kind="support-access-granted").exists()


def test_access_is_at_most_24_hours_and_only_for_the_support_team(
    as_user, lee, sam, priya, case
) -> None:
    url = reverse("privacy:support-grant-new", kwargs={"pk": case.pk})
    response = as_user(lee).post(url, {"support_user": str(sam.pk), "hours": "25", "reason": "x"})
    assert response.status_code == 400
    assert "must be 24 or fewer" in response.content.decode()
    response = as_user(lee).post(url, {"support_user": str(priya.pk), "hours": "2", "reason": "x"})
    assert response.status_code == 400
    with pytest.raises(services.NotSupportPerson):
        services.support_grant(case=case, support_user=priya, hours=2, reason="x", by=lee)
    assert not SupportGrant.objects.exists()


def test_without_a_grant_the_support_person_gets_404(as_user, sam, case) -> None:
    assert as_user(sam).get(_case_url(case)).status_code == 404


def test_with_an_active_grant_they_see_a_read_only_summary_and_each_view_is_logged(
    as_user, sam, case, grant
) -> None:
    client = as_user(sam)
    response = client.get(_case_url(case))
    assert response.status_code == 200
    body = response.content.decode()
    assert case.reference in body
    assert "Dana" not in body  # a summary without the person's details
    client.get(_case_url(case))
    events = AuditEvent.objects.filter(kind="support-access-used", actor=sam)
    assert events.count() == 2
    assert all(e.organisation_id == case.organisation_id for e in events)
    assert all(e.target_id == str(case.pk) for e in events)


def test_after_expiry_or_revocation_it_is_404_and_the_attempt_is_logged(
    as_user, sam, lee, case, grant
) -> None:
    SupportGrant.objects.filter(pk=grant.pk).update(expires_at=timezone.now())
    assert as_user(sam).get(_case_url(case)).status_code == 404
    assert AuditEvent.objects.filter(kind="support-access-refused", actor=sam).count() == 1

    fresh = services.support_grant(case=case, support_user=sam, hours=1, reason="x", by=lee)
    assert as_user(sam).get(_case_url(case)).status_code == 200
    response = as_user(lee).post(reverse("privacy:support-revoke", kwargs={"pk": fresh.pk}))
    assert response.status_code == 302
    assert as_user(sam).get(_case_url(case)).status_code == 404
    assert AuditEvent.objects.filter(kind="support-access-revoked").exists()


def test_ordinary_roles_never_reach_the_support_view(as_user, cast, case, grant) -> None:
    for key in ("priya", "lee", "ada", "ana", "omar"):
        assert as_user(cast.people[key]).get(_case_url(case)).status_code == 404


def test_leads_and_admins_of_the_organisation_see_grants_and_every_request(
    as_user, lee, ada, sam, case, grant
) -> None:
    as_user(sam).get(_case_url(case))
    for person in (lee, ada):
        listing = as_user(person).get(reverse("privacy:support-grants")).content.decode()
        assert sam.full_name in listing and "Active" in listing
        detail = as_user(person).get(reverse("privacy:support-grant", kwargs={"pk": grant.pk}))
        assert detail.status_code == 200
        assert "Saw the case summary" in detail.content.decode()
    assert (
        "End support access"
        in as_user(lee)
        .get(reverse("privacy:support-grant", kwargs={"pk": grant.pk}))
        .content.decode()
    )


def test_another_organisation_sees_none_of_it(as_user, omar, make_person, riverside, grant) -> None:
    riverside_admin = make_person(riverside, "admin")
    assert (
        grant.support_user.full_name
        not in as_user(omar).get(reverse("privacy:support-grants")).content.decode()
    )
    for person in (omar, riverside_admin):
        url = reverse("privacy:support-grant", kwargs={"pk": grant.pk})
        assert as_user(person).get(url).status_code == 404
    url = reverse("privacy:support-revoke", kwargs={"pk": grant.pk})
    assert as_user(omar).post(url).status_code == 404
    grant.refresh_from_db()
    assert grant.revoked_at is None


def test_the_support_person_sees_their_cases_in_the_menu(as_user, sam, case, grant) -> None:
    page = as_user(sam).get(reverse("privacy:support-mine")).content.decode()
    assert _case_url(case) in page
    assert "Support access" in page


def test_the_support_persons_home_page_links_to_their_cases(as_user, sam, grant) -> None:
    response = as_user(sam).get("/")
    assert response.status_code == 200
    assert reverse("privacy:support-mine") in response.content.decode()
