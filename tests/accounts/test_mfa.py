import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import RoleGrant
from audit.models import AuditEvent
from tests.conftest import PASSWORD


def sign_in(client: Client, email: str) -> None:
    client.post("/sign-in/", {"email": email, "password": PASSWORD})


@pytest.mark.django_db
def test_a_lead_must_pass_mfa_before_any_page(cast) -> None:
    client = Client()
    sign_in(client, "lee@northgate.example")
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/account/security-code/"
    assert client.get("/account/").status_code == 302


@pytest.mark.django_db
def test_a_backup_code_works_once(cast) -> None:
    code = cast.backup_codes["lee"]
    client = Client()
    sign_in(client, "lee@northgate.example")
    response = client.post("/account/security-code/", {"code": code})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    again = Client()
    sign_in(again, "lee@northgate.example")
    refused = again.post("/account/security-code/", {"code": code})
    assert refused.status_code == 400
    assert b"The security code is not correct" in refused.content


@pytest.mark.django_db
def test_a_new_admin_sets_up_an_authenticator_app_and_gets_backup_codes(
    make_person, northgate
) -> None:
    admin = make_person(northgate, "admin", email="new.admin@northgate.example")
    client = Client()
    sign_in(client, admin.email)
    page = client.get("/account/security-code/")
    assert b"Set up your authenticator app" in page.content
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    wrong = client.post("/account/security-code/", {"code": "000000"})
    assert wrong.status_code == 400
    # django-otp slows down guessing after a wrong code; a real person takes longer than this.
    device.refresh_from_db()
    device.throttle_reset()
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    done = client.post("/account/security-code/", {"code": code})
    assert b"Save your backup codes" in done.content
    assert client.get("/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(kind="mfa-enrolled", target_id=str(admin.pk)).exists()


@pytest.mark.django_db
def test_a_practitioner_needs_no_mfa_unless_the_organisation_requires_it(priya, northgate) -> None:
    client = Client()
    sign_in(client, priya.email)
    assert client.get("/").status_code == 200
    northgate.mfa_for_everyone = True
    northgate.save()
    client = Client()
    sign_in(client, priya.email)
    assert client.get("/")["Location"] == "/account/security-code/"


@pytest.mark.django_db
def test_giving_someone_the_lead_role_makes_mfa_compulsory(priya) -> None:
    RoleGrant.objects.create(user=priya, role="lead")
    client = Client()
    sign_in(client, priya.email)
    assert client.get("/")["Location"] == "/account/security-code/"
