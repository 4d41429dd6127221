import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from tests.conftest import PASSWORD

SIGN_IN = "/sign-in/"


def sign_in(client: Client, email: str, password: str = PASSWORD):
    return client.post(SIGN_IN, {"email": email, "password": password})


@pytest.mark.django_db
def test_a_practitioner_signs_in_with_email_and_password(priya) -> None:
    client = Client()
    response = sign_in(client, "priya@northgate.example")
    assert response.status_code == 302
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_sign_in_gives_a_new_session_key(priya) -> None:
    client = Client()
    client.get(SIGN_IN)
    client.cookies["sessionid"] = "a" * 32
    sign_in(client, "priya@northgate.example")
    assert client.cookies["sessionid"].value != "a" * 32


@pytest.mark.django_db
def test_wrong_password_and_unknown_account_get_the_same_message(priya) -> None:
    wrong = sign_in(Client(), "priya@northgate.example", "not-the-password-at-all")
    unknown = sign_in(Client(), "nobody@northgate.example", "not-the-password-at-all")
    assert wrong.status_code == unknown.status_code == 400
    message = b"Enter a correct email address and password"
    assert message in wrong.content and message in unknown.content


@pytest.mark.django_db
def test_empty_sign_in_shows_govuk_errors_and_keeps_the_email(priya) -> None:
    response = Client().post(SIGN_IN, {"email": "priya@northgate.example", "password": ""})
    body = response.content.decode()
    assert "There is a problem" in body
    assert 'href="#id_password">Enter your password' in body
    assert 'value="priya@northgate.example"' in body
    assert "<title>Error: " in body


@pytest.mark.django_db
def test_five_failures_lock_the_account_for_everyone_the_same_way(priya) -> None:
    for email in ("priya@northgate.example", "ghost@northgate.example"):
        client = Client()
        for _ in range(5):
            sign_in(client, email, "wrong-password-guess")
        locked = sign_in(client, email, PASSWORD)
        assert locked.status_code == 429
        assert b"tried to sign in too many times" in locked.content
    # Even the right password does not get in while the lock lasts.
    client = Client()
    sign_in(client, "priya@northgate.example")
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_sign_in_and_failed_sign_in_are_audited_without_what_was_typed(priya) -> None:
    sign_in(Client(), "priya@northgate.example", "wrong-password-guess")
    sign_in(Client(), "priya@northgate.example")
    kinds = list(AuditEvent.objects.values_list("kind", flat=True))
    assert "sign-in-failed" in kinds and "sign-in" in kinds
    for event in AuditEvent.objects.all():
        assert "wrong-password-guess" not in str(event.detail)
        assert "priya@" not in str(event.detail)


@pytest.mark.django_db
def test_sign_out_needs_a_post_and_ends_the_session(priya) -> None:
    client = Client()
    sign_in(client, "priya@northgate.example")
    assert client.get(reverse("accounts:sign-out")).status_code == 405
    client.post(reverse("accounts:sign-out"))
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_next_parameter_cannot_send_people_to_another_site(priya) -> None:
    client = Client()
    response = client.post(
        SIGN_IN + "?next=https://evil.example/",
        {"email": "priya@northgate.example", "password": PASSWORD},
    )
    assert response["Location"] == "/"
