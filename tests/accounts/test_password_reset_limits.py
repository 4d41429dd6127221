"""Issue 17: password-reset requests are rate-limited by address and by client with one answer
for all, and no usable reset link is ever stored in the task table."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from audit.models import AuditEvent
from core.models import EmailDelivery

RESET_PER_ADDRESS = 3  # accounts.views.RESET_PER_ADDRESS
RESET_PER_CLIENT = 10  # accounts.views.RESET_PER_CLIENT

RESET = "/account/password-reset/"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def ask(email: str, ip: str = "203.0.113.7"):
    return Client(REMOTE_ADDR=ip).post(RESET, {"email": email})


def page_of(response) -> bytes:
    """The page without what differs on every response anyway (CSP nonces, CSRF tokens)."""
    return re.sub(rb'(nonce|value)="[^"]*"', b"", response.content)


@pytest.mark.django_db
def test_twenty_five_requests_for_one_address_send_three_emails(lee) -> None:
    answers = {page_of(ask(lee.email, ip=f"203.0.113.{n}")) for n in range(25)}
    assert len(answers) == 1 and b"Check your email" in answers.pop()
    assert len(mail.outbox) == RESET_PER_ADDRESS == 3
    # Letter case makes no new address.
    ask(lee.email.upper(), ip="198.51.100.1")
    assert len(mail.outbox) == 3
    assert AuditEvent.objects.filter(kind="password-reset-limited", detail={"by": "address"})


@pytest.mark.django_db
def test_one_client_gets_ten_requests_an_hour_whatever_the_addresses(northgate, make_person):
    people = [
        make_person(northgate, "practitioner", email=f"p{n}@northgate.example") for n in range(12)
    ]
    answers = {ask(p.email).status_code for p in people}
    assert answers == {200}
    assert len(mail.outbox) == RESET_PER_CLIENT == 10
    # Another client is not held back by the first.
    ask(people[-1].email, ip="198.51.100.9")
    assert len(mail.outbox) == 11


@pytest.mark.django_db
def test_an_unknown_address_gets_the_same_answer_when_limited(lee) -> None:
    first = ask("nobody@northgate.example")
    for _ in range(5):
        last = ask("nobody@northgate.example")
    assert first.status_code == last.status_code == 200
    assert page_of(first) == page_of(last)


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_no_usable_reset_link_is_kept_in_the_task_table(cast) -> None:
    lee = User.objects.get(email="lee@northgate.example")
    ask(lee.email)
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert len(mail.outbox) == 1
    link = re.search(r"/account/password-reset/(\S+)/(\S+)/", mail.outbox[0].body)
    token = link.group(2)
    stored = " ".join(str(r.args_kwargs) + str(r.return_value) for r in DBTaskResult.objects.all())
    assert token not in stored and "password-reset/" not in stored
    # Nor in the e-mail's delivery record: the link is made as each attempt is sent.
    delivery = EmailDelivery.objects.get(kind="password-reset")
    assert delivery.status == EmailDelivery.Status.SENT
    assert token not in f"{delivery.path} {delivery.intro} {delivery.subject}"
    assert delivery.path == ""
    sends = DBTaskResult.objects.filter(task_path="accounts.tasks.send_password_link")
    assert [r.args_kwargs["kwargs"] for r in sends] == [
        {"user_id": str(lee.pk), "purpose": "reset"}
    ]
    # And the link that was sent works.
    assert Client().get(link.group(0)).status_code == 200


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_adding_a_person_queues_the_email_with_the_change_and_no_link(cast) -> None:
    from tests.conftest import verified_client

    ada = User.objects.get(email="ada@northgate.example")
    client = verified_client(ada)
    client.post(
        "/people/add/",
        {"full_name": "Nia Jones", "email": "nia@northgate.example", "roles": ["practitioner"]},
    )
    nia = User.objects.get(email="nia@northgate.example")
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs["kwargs"] == {"user_id": str(nia.pk), "purpose": "welcome"}
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert "/account/password-reset/" in mail.outbox[0].body
