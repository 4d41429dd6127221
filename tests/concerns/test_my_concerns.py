"""My concerns: a practitioner's own concerns only, and follow-up information."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from audit.models import AuditEvent
from concerns.models import Concern, FollowUp
from tests.concerns.helpers import make_concern

pytestmark = pytest.mark.django_db


def test_my_concerns_lists_only_my_own(as_user, priya, make_person, northgate) -> None:
    colleague = make_person(northgate, "practitioner")
    mine = make_concern(priya)
    theirs = make_concern(colleague)
    text = as_user(priya).get(reverse("concerns:mine")).text
    assert mine.reference in text
    assert theirs.reference not in text
    assert "Received" in text


def test_a_practitioner_cannot_see_another_practitioners_concern(
    as_user, priya, make_person, northgate
) -> None:
    colleague = make_person(northgate, "practitioner")
    theirs = make_concern(colleague)
    client = as_user(priya)
    for name in ("concerns:detail", "concerns:submitted", "concerns:add-information"):
        assert client.get(reverse(name, kwargs={"pk": theirs.pk})).status_code == 404
    response = client.post(
        reverse("concerns:add-information", kwargs={"pk": theirs.pk}), {"text": "sneaky"}
    )
    assert response.status_code == 404
    assert not FollowUp.objects.exists()


def test_a_lead_of_the_organisation_is_sent_to_the_leads_page(as_user, priya, lee) -> None:
    concern = make_concern(priya)
    response = as_user(lee).get(reverse("concerns:detail", kwargs={"pk": concern.pk}))
    assert response["Location"] == reverse("concerns:lead-detail", kwargs={"pk": concern.pk})


def test_viewing_my_concern_shows_what_i_sent_and_is_audited(as_user, priya) -> None:
    concern = make_concern(priya, their_words="He said he owes money.")
    text = as_user(priya).get(reverse("concerns:detail", kwargs={"pk": concern.pk})).text
    assert "He said he owes money." in text
    assert AuditEvent.objects.filter(
        kind="concern-viewed", target_id=str(concern.pk), actor=priya
    ).exists()


def test_adding_information_keeps_what_was_sent_and_tells_the_lead(
    as_user, priya, lee, django_capture_on_commit_callbacks
) -> None:
    concern = make_concern(priya, their_words="Original words")
    client = as_user(priya)
    url = reverse("concerns:add-information", kwargs={"pk": concern.pk})
    empty = client.post(url, {"text": ""})
    assert empty.status_code == 400
    assert "Enter the information you want to add" in empty.text
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"text": "He was collected again today"})
    assert response["Location"] == reverse("concerns:detail", kwargs={"pk": concern.pk})
    concern.refresh_from_db()
    assert concern.their_words == "Original words"
    assert FollowUp.objects.get().text == "He was collected again today"
    assert [m.to[0] for m in mail.outbox] == [lee.email]
    assert "collected" not in mail.outbox[0].body
    detail = client.get(reverse("concerns:detail", kwargs={"pk": concern.pk})).text
    assert "He was collected again today" in detail
    assert "Original words" in detail
    assert AuditEvent.objects.filter(kind="concern-information-added").exists()


def test_fields_the_form_does_not_own_are_ignored(as_user, priya) -> None:
    concern = make_concern(priya)
    as_user(priya).post(
        reverse("concerns:add-information", kwargs={"pk": concern.pk}),
        {"text": "More", "status": "closed", "concern": "x", "author": "y"},
    )
    assert Concern.objects.get().status == "received"


def test_my_concerns_is_paginated(as_user, priya) -> None:
    for _ in range(26):
        make_concern(priya)
    client = as_user(priya)
    first = client.get(reverse("concerns:mine")).text
    assert first.count('class="govuk-tag') == 25
    assert 'rel="next"' in first
    second = client.get(reverse("concerns:mine") + "?page=2").text
    assert second.count('class="govuk-tag') == 1
