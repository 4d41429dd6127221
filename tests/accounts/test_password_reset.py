import re

import pytest
from django.core import mail
from django.test import Client, override_settings
from django_tasks_db.models import DBTaskResult

from audit.models import AuditEvent

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def reset_link() -> str:
    return re.search(r"http://[^/]+(/account/password-reset/\S+/)", mail.outbox[-1].body).group(1)


@pytest.mark.django_db
def test_a_reset_request_answers_the_same_for_unknown_addresses(
    lee, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        known = Client().post("/account/password-reset/", {"email": lee.email})
    unknown = Client().post("/account/password-reset/", {"email": "nobody@northgate.example"})
    assert (
        known.content.count(b"Check your email") == unknown.content.count(b"Check your email") == 2
    )
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_password_reset_never_skips_mfa(cast, lee, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/account/password-reset/", {"email": lee.email})
    client = Client()
    link = reset_link()
    short = client.post(link, {"new_password": "short"})
    assert b"Password must be 12 characters or more" in short.content
    common = client.post(link, {"new_password": "password1234"})
    assert b"harder to guess" in common.content
    done = client.post(link, {"new_password": "lantern orchard velvet"})
    assert done["Location"] == "/sign-in/"
    assert client.get("/")["Location"].startswith("/sign-in/")
    client.post("/sign-in/", {"email": lee.email, "password": "lantern orchard velvet"})
    assert client.get("/")["Location"] == "/account/security-code/"
    assert AuditEvent.objects.filter(kind="password-set").exists()


@pytest.mark.django_db
def test_a_reset_link_works_once(lee, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/account/password-reset/", {"email": lee.email})
    link = reset_link()
    Client().post(link, {"new_password": "lantern orchard velvet"})
    again = Client().get(link)
    assert again.status_code == 400
    assert b"This link does not work" in again.content


@pytest.mark.django_db
@override_settings(TASKS=DB_TASKS)
def test_the_reset_request_does_the_account_look_up_in_the_background(lee) -> None:
    # The request only queues the address; the look-up, audit and e-mail wait for the worker.
    Client().post("/account/password-reset/", {"email": lee.email})
    assert len(mail.outbox) == 0
    assert not AuditEvent.objects.filter(kind="password-reset-requested").exists()
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "accounts.tasks.password_reset_requested"
    assert queued.args_kwargs == {"args": [], "kwargs": {"email": lee.email}}
