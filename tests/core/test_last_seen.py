"""The session's last-seen time is written at most once a minute, not on every request."""

from __future__ import annotations

import time

import pytest
from django.contrib.sessions.models import Session
from django.test import override_settings

from core.middleware import LAST_SEEN
from tests.accounts.test_sessions import age_session, signed_in

pytestmark = pytest.mark.django_db


def stored_session(client) -> str:
    return Session.objects.get(session_key=client.session.session_key).session_data


@override_settings(SIGNPOST_LAST_SEEN_EVERY=60)
def test_requests_within_a_minute_leave_the_session_row_untouched(priya) -> None:
    client = signed_in(priya.email)
    assert client.get("/").status_code == 200
    age_session(client, LAST_SEEN, 30)
    written = client.session[LAST_SEEN]
    before = stored_session(client)
    for _ in range(3):
        assert client.get("/").status_code == 200
    assert client.session[LAST_SEEN] == written
    assert stored_session(client) == before


@override_settings(SIGNPOST_LAST_SEEN_EVERY=60)
def test_a_request_a_minute_later_moves_last_seen_on(priya) -> None:
    client = signed_in(priya.email)
    age_session(client, LAST_SEEN, 61)
    assert client.get("/").status_code == 200
    assert time.time() - client.session[LAST_SEEN] < 5


@override_settings(SIGNPOST_LAST_SEEN_EVERY=60, SIGNPOST_IDLE_TIMEOUT=1800)
def test_the_page_counts_its_idle_warning_from_the_last_seen_the_server_holds(priya) -> None:
    client = signed_in(priya.email)
    age_session(client, LAST_SEEN, 50)
    body = client.get("/").text
    left = int(body.split('data-idle="')[1].split('"')[0])
    assert 1740 <= left <= 1752
    assert 'data-last-seen-every="60"' in body


def test_a_short_idle_limit_writes_last_seen_often_enough_to_keep_a_working_person_in(
    settings, priya, as_user
) -> None:
    # A last-seen written once a minute must not sign out someone active under an 8 s limit.
    from django.urls import reverse

    settings.SIGNPOST_IDLE_TIMEOUT = 8
    settings.SIGNPOST_LAST_SEEN_EVERY = 60
    client = as_user(priya)
    session = client.session
    session["signpost_last_seen"] = int(time.time()) - 5
    session["signpost_auth_at"] = int(time.time()) - 5
    session.save()
    assert client.get(reverse("core:home")).status_code == 200
    assert client.session["signpost_last_seen"] >= int(time.time()) - 1
