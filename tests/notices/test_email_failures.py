"""The organisation admin's page of e-mails given up on, and its "send again" (issue 16)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from audit.models import AuditEvent
from core.models import EmailDelivery

pytestmark = pytest.mark.django_db
URL = "/notices/email-failures/"


def given_up(person, *, kind: str = "concern-submitted", key: str | None = None) -> EmailDelivery:
    return EmailDelivery.objects.create(
        key=key or f"test-{person.pk}-{kind}",
        recipient=person,
        to=person.email,
        kind=kind,
        subject="A new concern has been recorded",
        intro="Someone has recorded a concern",
        path="/concerns/received/secret-id/",
        status="failed",
        attempts=8,
        failed_at=timezone.now(),
        last_error_class="smtplib.SMTPServerDisconnected",
    )


def test_an_admin_sees_their_own_peoples_failed_emails_without_case_data(
    as_user, ada, lee, omar
) -> None:
    given_up(lee)
    given_up(omar)
    response = as_user(ada).get(URL)
    assert response.status_code == 200
    body = response.text
    assert lee.full_name in body
    assert omar.full_name not in body
    assert "New concern for a safeguarding lead" in body
    assert "SMTPServerDisconnected" in body
    assert ">8<" in body
    # No message text, link or subject: only who, what kind, when, attempts and the error.
    assert "secret-id" not in body
    assert "Someone has recorded a concern" not in body
    assert "A new concern has been recorded" not in body


def test_sent_and_waiting_emails_are_not_listed(as_user, ada, lee) -> None:
    delivery = given_up(lee)
    EmailDelivery.objects.filter(pk=delivery.pk).update(status="pending")
    assert lee.full_name not in as_user(ada).get(URL).text


@pytest.mark.parametrize("person", ["priya", "lee", "ana"])
def test_only_organisation_admins_may_see_the_page(as_user, cast, person) -> None:
    assert as_user(cast.people[person]).get(URL).status_code == 403


def test_sending_again_queues_a_fresh_set_of_attempts_and_audits_it(as_user, ada, lee) -> None:
    delivery = given_up(lee)
    response = as_user(ada).post(f"{URL}{delivery.pk}/retry/", follow=True)
    assert "The e-mail will be sent again" in response.text
    delivery.refresh_from_db()
    # Tests run tasks at once: the mail server is back, so it is sent now, once.
    assert (delivery.status, delivery.attempts) == ("sent", 1)
    assert len(mail.outbox) == 1
    event = AuditEvent.objects.get(kind="email-delivery-retried")
    assert event.actor == ada
    assert event.target_id == str(delivery.pk)
    assert event.detail == {"kind": "concern-submitted", "attempts_before": 8}


def test_sending_again_twice_sends_once(as_user, ada, lee) -> None:
    delivery = given_up(lee)
    client = as_user(ada)
    client.post(f"{URL}{delivery.pk}/retry/")
    assert client.post(f"{URL}{delivery.pk}/retry/").status_code == 404
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(kind="email-delivery-retried").count() == 1


def test_another_organisations_email_is_a_404(as_user, ada, omar) -> None:
    delivery = given_up(omar)
    assert as_user(ada).post(f"{URL}{delivery.pk}/retry/").status_code == 404
    delivery.refresh_from_db()
    assert delivery.status == "failed"


def test_the_admins_home_page_links_to_it(as_user, ada, lee) -> None:
    assert URL in as_user(ada).get("/").text
    assert URL not in as_user(lee).get("/").text
