"""Showing the set-up page makes the unconfirmed app device once, audits that once, and showing
it again changes nothing (a GET is safe to repeat)."""

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from audit.models import AuditEvent
from tests.conftest import PASSWORD


@pytest.mark.django_db
def test_the_setup_device_is_made_once_and_audited_once(make_person, northgate) -> None:
    admin = make_person(northgate, "admin", email="new.admin@northgate.example")
    first = services.mfa_setup_device(person=admin)
    again = services.mfa_setup_device(person=admin)
    assert first.pk == again.pk and not again.confirmed
    assert TOTPDevice.objects.filter(user=admin).count() == 1
    started = AuditEvent.objects.filter(kind="mfa-setup-started", target_id=str(admin.pk))
    assert started.count() == 1


@pytest.mark.django_db
def test_showing_the_setup_page_twice_shows_the_same_secret(make_person, northgate) -> None:
    admin = make_person(northgate, "admin", email="new.admin@northgate.example")
    client = Client()
    client.post("/sign-in/", {"email": admin.email, "password": PASSWORD})
    one = client.get("/account/security-code/")
    two = client.get("/account/security-code/")
    assert one.context["secret"] == two.context["secret"]
    assert TOTPDevice.objects.filter(user=admin).count() == 1
    assert AuditEvent.objects.filter(kind="mfa-setup-started").count() == 1
