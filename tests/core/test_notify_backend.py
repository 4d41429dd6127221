"""E-mail through GOV.UK Notify (issue 20), against a local server that speaks Notify's API
(tests/notify_server.py): nothing leaves the machine."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from django.urls import reverse

from concerns.models import Concern
from core.models import EmailDelivery
from core.tasks import deliver
from tests.concerns.helpers import make_draft
from tests.conftest import verified_client
from tests.notify_server import (
    API_KEY,
    CONCERN_TEMPLATE_ID,
    SERVICE_ID,
    TEMPLATE_ID,
    NotifyServer,
    run_notify,
)


@pytest.fixture
def notify(settings) -> Iterator[NotifyServer]:
    with run_notify() as server:
        settings.EMAIL_BACKEND = "core.notify.NotifyEmailBackend"
        settings.NOTIFY_API_KEY = API_KEY
        settings.NOTIFY_BASE_URL = server.url
        settings.NOTIFY_TEMPLATE_ID = TEMPLATE_ID
        settings.NOTIFY_TEMPLATE_IDS = {"concern-submitted": CONCERN_TEMPLATE_ID}
        settings.SIGNPOST_BASE_URL = "https://signpost.example.org"
        yield server


def submit_concern(as_user, priya, capture) -> Concern:
    client = as_user(priya)
    draft = make_draft(priya, person_name="Alex Example", their_words="He owes money")
    with capture(execute=True):
        client.post(
            reverse("concerns:check"),
            {"submission_token": str(draft.submission_token), "declaration": "on"},
        )
    return Concern.objects.get()


def test_a_new_concern_sends_the_lead_a_notify_email_holding_only_a_link(
    notify, as_user, priya, lee, django_capture_on_commit_callbacks
) -> None:
    concern = submit_concern(as_user, priya, django_capture_on_commit_callbacks)
    [sent] = notify.received
    assert notify.answers == [201]
    assert sent["email_address"] == lee.email
    assert sent["template_id"] == CONCERN_TEMPLATE_ID
    assert set(sent["personalisation"]) == {"subject", "intro", "link"}
    assert sent["personalisation"]["link"] == (
        f"https://signpost.example.org/concerns/received/{concern.pk}/"
    )
    text = str(sent)
    for case_data in ("Alex", "owes", concern.reference):
        assert case_data not in text
    delivery = EmailDelivery.objects.get(to=lee.email)
    assert delivery.status == EmailDelivery.Status.SENT
    assert sent["reference"] == str(delivery.pk)


@pytest.mark.parametrize("status", [500, 503, 429])
def test_a_notify_outage_or_rate_limit_is_tried_again_and_then_sent(
    status, notify, as_user, priya, lee, django_capture_on_commit_callbacks, caplog
) -> None:
    notify.fail_next = [status]
    with caplog.at_level(logging.WARNING, logger="core.notify"):
        submit_concern(as_user, priya, django_capture_on_commit_callbacks)
    delivery = EmailDelivery.objects.get(to=lee.email)
    assert delivery.status == EmailDelivery.Status.PENDING
    assert delivery.next_attempt_at is not None
    assert delivery.last_error_class.startswith(f"Notify {status} ")
    [line] = [r.getMessage() for r in caplog.records if r.name == "core.notify"]
    assert f"HTTP {status}" in line and "will try again" in line
    assert lee.email not in line
    # The worker's next attempt (core/tasks.py deliver_email) goes through.
    assert deliver(str(delivery.pk)) == "sent"
    assert notify.answers == [status, 201]


def test_a_message_notify_rejects_is_reported_at_once_on_the_admins_page(
    notify, as_user, priya, lee, ada, django_capture_on_commit_callbacks, caplog
) -> None:
    notify.fail_next = [400]
    with caplog.at_level(logging.WARNING, logger="core.notify"):
        submit_concern(as_user, priya, django_capture_on_commit_callbacks)
    delivery = EmailDelivery.objects.get(to=lee.email)
    assert delivery.status == EmailDelivery.Status.FAILED
    assert delivery.attempts == 1
    assert delivery.last_error_class == "Notify 400 BadRequestError"
    [line] = [r.getMessage() for r in caplog.records if r.name == "core.notify"]
    assert "HTTP 400 BadRequestError" in line and "check the template ID" in line
    assert lee.email not in line and "Scripted failure" not in line
    page = verified_client(ada).get(reverse("notices:email-failures")).text
    assert "Notify 400 BadRequestError" in page
    assert notify.answers == [400]


def test_a_wrong_api_key_is_refused_by_the_server_and_reported(
    notify, settings, as_user, priya, lee, django_capture_on_commit_callbacks
) -> None:
    settings.NOTIFY_API_KEY = f"wrong-{SERVICE_ID}-00000000-0000-0000-0000-000000000000"
    submit_concern(as_user, priya, django_capture_on_commit_callbacks)
    delivery = EmailDelivery.objects.get(to=lee.email)
    assert delivery.status == EmailDelivery.Status.FAILED
    assert delivery.last_error_class == "Notify 403 AuthError"
    assert notify.answers == [403]


def test_notify_unreachable_is_tried_again(
    settings, as_user, priya, lee, django_capture_on_commit_callbacks
) -> None:
    with run_notify() as gone:
        url = gone.url
    settings.EMAIL_BACKEND = "core.notify.NotifyEmailBackend"
    settings.NOTIFY_API_KEY = API_KEY
    settings.NOTIFY_BASE_URL = url
    settings.NOTIFY_TEMPLATE_ID = TEMPLATE_ID
    submit_concern(as_user, priya, django_capture_on_commit_callbacks)
    delivery = EmailDelivery.objects.get(to=lee.email)
    assert delivery.status == EmailDelivery.Status.PENDING
    assert delivery.last_error_class == "Notify 503 no answer"


def test_the_notify_backend_refuses_to_start_without_its_key_and_template() -> None:
    from tests.core.test_settings import KEY, run

    env = {"SECRET_KEY": KEY, "ALLOWED_HOSTS": "signpost.example.org"}
    env["EMAIL_BACKEND"] = "core.notify.NotifyEmailBackend"
    result = run(env, "check")
    assert result.returncode != 0
    assert "The Notify backend needs NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID" in result.stderr
    result = run({**env, "NOTIFY_API_KEY": API_KEY, "NOTIFY_TEMPLATE_ID": TEMPLATE_ID}, "check")
    assert result.returncode == 0, result.stderr
