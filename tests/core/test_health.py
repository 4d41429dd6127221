"""/health/: public JSON for monitoring; 200 when healthy, 503 otherwise (issue 16)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.models import EmailDelivery, WorkerHeartbeat
from core.tasks import send_link_email
from tests.core.mail_helpers import DB_TASKS

pytestmark = pytest.mark.django_db


def beat(seconds_ago: float) -> None:
    at = timezone.now() - timedelta(seconds=seconds_ago)
    WorkerHeartbeat.objects.update_or_create(
        worker_id="w1", defaults={"beat_at": at, "started_at": at}
    )


def test_anyone_may_ask_without_signing_in_and_gets_json() -> None:
    response = Client().get("/health/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == "ok"
    assert response.json()["database"] == "ok"
    assert "Set-Cookie" not in response


@override_settings(TASKS=DB_TASKS)
def test_without_a_worker_heartbeat_the_service_is_unhealthy() -> None:
    response = Client().get("/health/")
    assert response.status_code == 503
    assert response.json()["worker"] == {"status": "missing"}


@override_settings(TASKS=DB_TASKS, SIGNPOST_WORKER_HEARTBEAT_STALE=60)
def test_a_fresh_heartbeat_is_healthy_and_a_stale_one_is_not() -> None:
    beat(5)
    fresh = Client().get("/health/")
    assert fresh.status_code == 200
    assert fresh.json()["worker"]["status"] == "ok"
    beat(61)
    stale = Client().get("/health/")
    assert stale.status_code == 503
    assert stale.json()["worker"] == {"status": "stale", "last_heartbeat_seconds_ago": 61}


@override_settings(TASKS=DB_TASKS, SIGNPOST_TASK_OVERDUE_AFTER=300)
def test_it_counts_overdue_tasks_and_emails_given_up(lee) -> None:
    beat(1)
    late = send_link_email.enqueue(to=lee.email, subject="s", intro="i", path="/")
    send_link_email.enqueue(to=lee.email, subject="s", intro="i", path="/")  # just queued
    DBTaskResult.objects.filter(pk=late.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=6)
    )
    EmailDelivery.objects.create(
        key="k1", to=lee.email, kind="assigned", subject="s", intro="i", path="/", status="failed"
    )
    body = Client().get("/health/").json()
    assert body["tasks"]["overdue"] == 1
    assert body["tasks"]["running_too_long"] == 0
    assert body["emails"] == {"given_up": 1, "waiting_to_retry": 0}
    assert lee.email not in str(body)


def test_when_the_database_does_not_answer_it_is_503(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("core.health.connection.cursor", refuse)
    response = Client().get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "unhealthy", "database": "unavailable"}


@override_settings(SECURE_SSL_REDIRECT=True)
def test_it_answers_plain_http_where_every_page_redirects_to_https() -> None:
    client = Client()
    assert client.get("/accessibility/").status_code == 301
    assert client.get("/health/").status_code == 200
