"""Issue 17: every password-confirmation prompt limits guesses, audits each failure and ends the
session after repeated failures (accounts/reauth.py, used by PasswordConfirmMixin)."""

from datetime import timedelta

import pytest
from django_otp.plugins.otp_static.models import StaticDevice

from accounts.models import Attempt, UserSession
from audit.models import AuditEvent
from tests.conftest import PASSWORD

WRONG = "not-my-password-at-all"


def reset_mfa_url(person) -> str:
    return f"/people/{person.pk}/reset-mfa/"


@pytest.mark.django_db
def test_a_wrong_confirmation_password_is_refused_and_audited(as_user, ada, lee) -> None:
    client = as_user(ada)
    response = client.post(reset_mfa_url(lee), {"confirm_password": WRONG})
    assert response.status_code == 400
    assert b"The password you entered is not correct" in response.content
    event = AuditEvent.objects.get(kind="password-confirm-failed")
    assert event.actor == ada and event.ip_address == "127.0.0.1"
    assert event.detail == {"tries": 1, "limit": 5}
    assert WRONG not in str(event.detail)
    assert StaticDevice.objects.filter(user=lee).exists()


@pytest.mark.django_db
def test_the_fifth_wrong_password_signs_the_person_out_everywhere(as_user, ada, lee) -> None:
    client = as_user(ada)
    other_browser = as_user(ada)
    for _ in range(4):
        assert client.post(reset_mfa_url(lee), {"confirm_password": WRONG}).status_code == 400
    fifth = client.post(reset_mfa_url(lee), {"confirm_password": WRONG})
    assert fifth.status_code == 302
    assert fifth["Location"] == "/sign-in/?signed_out=reauth"
    page = client.get(fifth["Location"])
    assert b"password was entered wrongly too many times" in page.content
    assert client.get("/")["Location"].startswith("/sign-in/")
    assert other_browser.get("/")["Location"].startswith("/sign-in/")
    assert not UserSession.objects.filter(user=ada).exists()
    assert AuditEvent.objects.filter(kind="password-confirm-failed", actor=ada).count() == 5
    ended = AuditEvent.objects.get(kind="sessions-ended", actor=ada)
    assert ended.detail["reason"] == "password-confirm-failures"
    assert StaticDevice.objects.filter(user=lee).exists()


@pytest.mark.django_db
def test_the_right_password_is_refused_until_the_window_has_passed(as_user, ada, lee) -> None:
    client = as_user(ada)
    for _ in range(5):
        client.post(reset_mfa_url(lee), {"confirm_password": WRONG})
    client = as_user(ada)  # signed in again, with password and second factor
    refused = client.post(reset_mfa_url(lee), {"confirm_password": PASSWORD})
    assert refused.status_code == 400
    assert b"wrongly too many times. Try again after" in refused.content
    assert StaticDevice.objects.filter(user=lee).exists()
    assert AuditEvent.objects.filter(kind="password-confirm-refused", actor=ada).exists()
    Attempt.objects.update(at=Attempt.objects.first().at - timedelta(minutes=16))
    done = client.post(reset_mfa_url(lee), {"confirm_password": PASSWORD})
    assert done.status_code == 302
    assert not StaticDevice.objects.filter(user=lee).exists()


@pytest.mark.django_db
def test_thirty_quick_guesses_then_the_right_password_does_not_work(as_user, ada, lee) -> None:
    client = as_user(ada)
    for _ in range(30):
        client.post(reset_mfa_url(lee), {"confirm_password": WRONG})
    client.post(reset_mfa_url(lee), {"confirm_password": PASSWORD})
    assert StaticDevice.objects.filter(user=lee).exists()
    # The first five were checked; the rest came after the sign-out and never reached a prompt.
    assert AuditEvent.objects.filter(kind="password-confirm-failed").count() == 5


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, extra",
    [
        ("/audit/export/", {}),
        ("/people/{lee}/roles/", {"roles": ["lead"]}),
        ("/people/{lee}/access/", {}),
        ("/people/{lee}/reset-mfa/", {}),
    ],
)
def test_every_prompt_shares_one_count(as_user, ada, lee, url, extra) -> None:
    client = as_user(ada)
    url = url.format(lee=lee.pk)
    # Four wrong at one prompt and one at another: the fifth still signs the person out.
    for _ in range(4):
        client.post(reset_mfa_url(lee), {"confirm_password": WRONG})
    last = client.post(url, {"confirm_password": WRONG, **extra})
    assert last.status_code == 302
    assert last["Location"] == "/sign-in/?signed_out=reauth"
    assert not UserSession.objects.filter(user=ada).exists()
