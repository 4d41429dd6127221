"""Issue 17: passing the second factor gives the session a new key (ASVS 5.0 V7.2.4)."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.models import UserSession
from tests.conftest import PASSWORD


def signed_in(email: str) -> Client:
    client = Client()
    client.post("/sign-in/", {"email": email, "password": PASSWORD})
    return client


@pytest.mark.django_db
def test_a_backup_code_gives_a_new_session_key_and_keeps_the_person_signed_in(cast, lee) -> None:
    client = signed_in(lee.email)
    before = client.cookies["sessionid"].value
    response = client.post("/account/security-code/", {"code": cast.backup_codes["lee"]})
    assert response.status_code == 302
    after = client.cookies["sessionid"].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert client.get("/").status_code == 200
    # The new key is still one of Lee's sessions, so deactivating Lee ends it.
    assert list(UserSession.objects.filter(user=lee).values_list("session_key", flat=True)) == [
        after
    ]
    services.person_deactivate(person=lee, by=lee)
    assert client.get("/")["Location"].startswith("/sign-in/")


@pytest.mark.django_db
def test_a_key_seen_before_the_second_factor_is_not_signed_in_after_it(cast, lee) -> None:
    client = signed_in(lee.email)
    stolen = Client()
    stolen.cookies["sessionid"] = client.cookies["sessionid"].value
    client.post("/account/security-code/", {"code": cast.backup_codes["lee"]})
    assert stolen.get("/")["Location"].startswith("/sign-in/")


@pytest.mark.django_db
def test_enrolling_an_app_at_sign_in_gives_a_new_session_key(make_person, northgate) -> None:
    admin = make_person(northgate, "admin", email="new.admin@northgate.example")
    client = signed_in(admin.email)
    client.get("/account/security-code/")
    before = client.cookies["sessionid"].value
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    done = client.post("/account/security-code/", {"code": code})
    assert b"Save your backup codes" in done.content
    assert client.cookies["sessionid"].value != before
    assert client.get("/").status_code == 200
