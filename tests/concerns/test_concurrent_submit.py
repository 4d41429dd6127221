"""Two submissions of the same draft at the same instant create exactly one concern.

Real threads, real connections, real PostgreSQL (CI runs the suite on PostgreSQL too): the
unique constraint on Concern.submission_token is what decides, not luck.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from audit.services import verify_chain
from concerns.models import Concern, Draft
from concerns.services import concern_submit
from tests.concerns.helpers import make_draft
from tests.concurrency import RACERS, race
from tests.conftest import verified_client

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs real concurrent writers (PostgreSQL)"
    ),
    pytest.mark.django_db(transaction=True),
]


def test_simultaneous_service_calls_create_exactly_one_concern(cast) -> None:
    priya = cast.people["priya"]
    draft = make_draft(priya)

    def submit(_: int) -> tuple[str, bool]:
        copy = Draft.objects.get(pk=draft.pk)  # each racer reads the draft on its own
        concern, created = concern_submit(draft=copy, by=priya)
        return str(concern.pk), created

    results = race(submit)
    assert not [r for r in results if isinstance(r, BaseException)], results
    assert Concern.objects.count() == 1
    assert {pk for pk, _ in results} == {str(Concern.objects.get().pk)}
    assert sum(created for _, created in results) == 1
    assert AuditEvent.objects.filter(kind="concern-submitted").count() == 1
    assert verify_chain()[1] is None


def test_simultaneous_posts_of_the_check_page_all_land_on_the_one_confirmation(cast) -> None:
    priya = cast.people["priya"]
    draft = make_draft(priya)
    session_cookie = verified_client(priya).cookies["sessionid"].value
    data = {"submission_token": str(draft.submission_token), "declaration": "on"}

    def post(_: int) -> tuple[int, str]:
        client = Client()
        client.cookies["sessionid"] = session_cookie
        response = client.post(reverse("concerns:check"), data)
        return response.status_code, response.get("Location", "")

    results = race(post)
    assert not [r for r in results if isinstance(r, BaseException)], results
    concern = Concern.objects.get()
    confirmation = reverse("concerns:submitted", kwargs={"pk": concern.pk})
    assert results == [(302, confirmation)] * RACERS
