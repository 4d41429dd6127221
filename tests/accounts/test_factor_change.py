"""Issue 17: the authenticator app and the backup codes are replaced only after the password AND
a current code (from the app or a backup code), and each step is audited."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
from tests.conftest import PASSWORD

APP = "/account/authenticator/"
CODES = "/account/backup-codes/"


def code_of(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def reset_throttles(user) -> None:
    for device in [*TOTPDevice.objects.filter(user=user), *StaticDevice.objects.filter(user=user)]:
        device.throttle_reset()


@pytest.fixture
def old_app(lee) -> TOTPDevice:
    return TOTPDevice.objects.create(user=lee, name="Authenticator app", confirmed=True)


def backup_tokens(user) -> set[str]:
    return set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))


@pytest.mark.django_db
def test_a_new_app_code_alone_no_longer_replaces_the_app(as_user, lee, old_app) -> None:
    client = as_user(lee)
    page = client.get(APP)
    assert b"Replace your authenticator app" in page.content
    assert b'name="confirm_password"' in page.content and b'name="current_code"' in page.content
    # What a stolen session could do before: start a set-up and confirm it with its own app.
    new_app = TOTPDevice.objects.filter(user=lee, confirmed=False).first()
    new_app = new_app or TOTPDevice.objects.create(user=lee, name="Theirs", confirmed=False)
    response = client.post(APP, {"code": code_of(new_app)})
    assert response.status_code == 400
    assert TOTPDevice.objects.filter(pk=old_app.pk, confirmed=True).exists()
    assert not TOTPDevice.objects.filter(user=lee, confirmed=True).exclude(pk=old_app.pk).exists()
    assert not AuditEvent.objects.filter(kind="mfa-enrolled").exists()


@pytest.mark.django_db
def test_replacing_the_app_needs_both_the_password_and_a_current_code(
    as_user, cast, lee, old_app
) -> None:
    client = as_user(lee)
    backup = cast.backup_codes["lee"]
    only_password = client.post(APP, {"confirm_password": PASSWORD})
    assert only_password.status_code == 400
    assert b"Enter a security code from your app or a backup code" in only_password.content
    wrong_password = client.post(APP, {"confirm_password": "not-it-at-all", "current_code": backup})
    assert wrong_password.status_code == 400
    assert backup in backup_tokens(lee), "a wrong password must not use up a backup code"
    wrong_code = client.post(APP, {"confirm_password": PASSWORD, "current_code": "123456"})
    assert wrong_code.status_code == 400
    assert b"The security code is not correct" in wrong_code.content
    assert AuditEvent.objects.filter(
        kind="mfa-failed", actor=lee, detail={"during": "authenticator-change"}
    ).exists()
    reset_throttles(lee)
    confirmed = client.post(APP, {"confirm_password": PASSWORD, "current_code": code_of(old_app)})
    assert confirmed.status_code == 302 and confirmed["Location"] == APP
    assert b"Set up your authenticator app" in client.get(APP).content
    new_app = TOTPDevice.objects.get(user=lee, confirmed=False)
    done = client.post(APP, {"code": code_of(new_app)})
    assert b"Save your backup codes" in done.content
    assert list(TOTPDevice.objects.filter(user=lee).values_list("pk", flat=True)) == [new_app.pk]
    assert backup not in backup_tokens(lee)
    kinds = list(AuditEvent.objects.filter(actor=lee).values_list("kind", "detail"))
    assert ("mfa-change-confirmed", {"for": "authenticator", "factor": "app"}) in kinds
    assert ("mfa-enrolled", {"replaced": True}) in kinds
    # The confirmation is used up: the next replacement asks again.
    assert b'name="confirm_password"' in client.get(APP).content


@pytest.mark.django_db
def test_new_backup_codes_need_the_password_and_a_current_code(as_user, cast, lee) -> None:
    client = as_user(lee)
    before = backup_tokens(lee)
    only_password = client.post(CODES, {"confirm_password": PASSWORD})
    assert only_password.status_code == 400
    assert backup_tokens(lee) == before
    done = client.post(
        CODES, {"confirm_password": PASSWORD, "current_code": cast.backup_codes["lee"]}
    )
    assert b"Save your backup codes" in done.content
    assert len(backup_tokens(lee)) == 10 and not before & backup_tokens(lee)
    assert AuditEvent.objects.filter(
        kind="mfa-change-confirmed", detail={"for": "backup-codes", "factor": "backup-code"}
    ).exists()
    assert AuditEvent.objects.filter(kind="mfa-backup-codes-replaced", actor=lee).exists()


@pytest.mark.django_db
def test_with_no_factor_left_the_password_alone_sets_up_an_app(as_user, priya) -> None:
    client = as_user(priya)
    page = client.get(APP)
    assert b"Set up an authenticator app" in page.content
    assert b'name="current_code"' not in page.content
    assert client.post(APP, {"confirm_password": "not-it-at-all"}).status_code == 400
    assert client.post(APP, {"confirm_password": PASSWORD})["Location"] == APP
    assert b"Set up your authenticator app" in client.get(APP).content
