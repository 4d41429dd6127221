"""The leads' "New concerns" page and their read-only concern page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from concerns.selectors import concerns_for_leads
from tests.concerns.helpers import make_concern

pytestmark = pytest.mark.django_db


def test_a_sent_concern_is_in_the_leads_queue_at_once(as_user, priya, lee) -> None:
    concern = make_concern(priya)
    text = as_user(lee).get(reverse("concerns:received")).text
    assert concern.reference in text
    assert "Child" in text
    assert "Received" in text
    assert "Alex" not in text  # the queue names no one


def test_the_selector_gives_leads_their_own_organisation_only(priya, lee, omar, ada) -> None:
    concern = make_concern(priya)
    assert list(concerns_for_leads(lee)) == [concern]
    assert list(concerns_for_leads(omar)) == []
    assert list(concerns_for_leads(ada)) == []
    assert list(concerns_for_leads(priya)) == []


def test_another_organisations_lead_gets_not_found(as_user, priya, omar) -> None:
    concern = make_concern(priya)
    response = as_user(omar).get(reverse("concerns:lead-detail", kwargs={"pk": concern.pk}))
    assert response.status_code == 404
    assert concern.reference not in as_user(omar).get(reverse("concerns:received")).text


def test_practitioners_and_admins_cannot_open_the_leads_pages(as_user, priya, ada) -> None:
    concern = make_concern(priya)
    for person in (priya, ada):
        client = as_user(person)
        assert client.get(reverse("concerns:received")).status_code == 403
        url = reverse("concerns:lead-detail", kwargs={"pk": concern.pk})
        assert client.get(url).status_code == 403


def test_the_lead_sees_everything_sent_the_screening_and_the_pathway(as_user, priya, lee) -> None:
    concern = make_concern(priya, their_words="He said he owes money.")
    response = as_user(lee).get(reverse("concerns:lead-detail", kwargs={"pk": concern.pk}))
    text = response.text
    assert "He said he owes money." in text
    assert "Alex Example" in text
    assert concern.screening["catalogue_version"] in text
    assert "What must happen next" in text
    # Northgate is not a first responder: the pathway says to pass the NRM referral on.
    assert "Pass the referral to a first responder organisation" in text
    assert "Refer the child to a guardian service" in text
    assert "Independent Child Trafficking Guardian service" in text
    assert "victim" not in text.lower()
    assert AuditEvent.objects.filter(
        kind="concern-viewed", actor=lee, target_id=str(concern.pk), detail={"as": "lead"}
    ).exists()


def test_an_adult_who_was_not_asked_needs_their_consent(as_user, priya, lee) -> None:
    concern = make_concern(priya, age_group="18-or-over")
    text = as_user(lee).get(reverse("concerns:lead-detail", kwargs={"pk": concern.pk})).text
    assert "Ask for their informed consent to an NRM referral" in text
    assert "Still to find out" in text
    assert "whether they have care and support needs" in text


def test_the_queue_is_paginated_on_the_server(as_user, priya, lee) -> None:
    for _ in range(27):
        make_concern(priya)
    client = as_user(lee)
    assert client.get(reverse("concerns:received")).text.count('class="govuk-tag') == 25
    last = client.get(reverse("concerns:received") + "?page=2").text
    assert last.count('class="govuk-tag') == 2
    assert 'aria-current="page"' in last
