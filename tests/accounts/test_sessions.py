import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from accounts import services
from audit.models import AuditEvent
from core.middleware import AUTH_AT, LAST_SEEN
from tests.conftest import PASSWORD


def signed_in(email: str) -> Client:
    client = Client()
    client.post("/sign-in/", {"email": email, "password": PASSWORD})
    return client


def age_session(client: Client, key: str, seconds: int) -> None:
    session = client.session
    session[key] = int(time.time()) - seconds
    session.save()


@pytest.mark.django_db
def test_thirty_idle_minutes_sign_a_person_out(priya) -> None:
    client = signed_in(priya.email)
    age_session(client, LAST_SEEN, 29 * 60)
    assert client.get("/").status_code == 200
    age_session(client, LAST_SEEN, 31 * 60)
    response = client.get("/")
    assert response["Location"] == "/sign-in/?signed_out=idle"
    page = client.get(response["Location"])
    assert b"had not done anything for 30 minutes" in page.content
    signed_out = AuditEvent.objects.filter(kind="sign-out", actor=priya)
    assert [e.detail for e in signed_out] == [{"why": "idle"}]


@pytest.mark.django_db
def test_twelve_hours_is_the_absolute_limit_even_when_active(priya) -> None:
    client = signed_in(priya.email)
    age_session(client, AUTH_AT, 12 * 60 * 60 + 1)
    assert client.get("/")["Location"] == "/sign-in/?signed_out=limit"


@pytest.mark.django_db
def test_extending_the_session_counts_as_activity(priya) -> None:
    client = signed_in(priya.email)
    age_session(client, LAST_SEEN, 29 * 60)
    assert client.post("/account/session/extend/").status_code == 204
    assert time.time() - client.session[LAST_SEEN] < 5


@pytest.mark.django_db
def test_deactivating_a_person_ends_their_sessions_at_once(priya, ada) -> None:
    client = signed_in(priya.email)
    assert client.get("/").status_code == 200
    services.person_deactivate(person=priya, by=ada)
    assert not Session.objects.filter(session_key=client.session.session_key).exists()
    assert client.get("/").status_code == 302
    again = Client().post("/sign-in/", {"email": priya.email, "password": PASSWORD})
    assert again.status_code == 400
