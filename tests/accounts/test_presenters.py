"""What the accounts pages show (accounts/presenters.py)."""

import pytest
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import presenters


def test_a_time_limit_reads_in_the_largest_whole_unit() -> None:
    assert presenters.duration(7200) == "2 hours"
    assert presenters.duration(3600) == "1 hour"
    assert presenters.duration(5400) == "90 minutes"
    assert presenters.duration(60) == "1 minute"
    assert presenters.duration(59) == "59 seconds"
    assert presenters.duration(1) == "1 second"


@override_settings(SIGNPOST_IDLE_TIMEOUT=1800, SIGNPOST_ABSOLUTE_TIMEOUT=43200)
def test_the_signed_out_notice_says_why_with_the_limits() -> None:
    assert "for 30 minutes" in presenters.signed_out_notice("idle")
    assert "for 12 hours" in presenters.signed_out_notice("limit")
    assert presenters.signed_out_notice("") == ""
    assert presenters.signed_out_notice("anything-else") == ""


@pytest.mark.django_db
def test_the_account_page_counts_backup_codes_left(cast, lee, make_person, northgate) -> None:
    # The cast signs in with one printed backup code and has no app yet.
    assert presenters.account_page(lee) == {"has_app": False, "backup_left": 1}
    TOTPDevice.objects.create(user=lee, name="Authenticator app", confirmed=True)
    assert presenters.account_page(lee) == {"has_app": True, "backup_left": 1}
    newcomer = make_person(northgate, "practitioner", email="new@northgate.example")
    assert presenters.account_page(newcomer) == {"has_app": False, "backup_left": 0}


@pytest.mark.django_db
def test_the_setup_page_groups_the_secret_in_fours(make_person, northgate) -> None:
    person = make_person(northgate, "admin", email="new.admin@northgate.example")
    device = TOTPDevice.objects.create(user=person, name="Authenticator app", confirmed=False)
    page = presenters.mfa_setup_page(device)
    secret = device.config_url.split("secret=")[1].split("&")[0]
    assert page["secret"].replace(" ", "") == secret
    assert all(len(group) == 4 for group in page["secret"].split(" ")[:-1])
    assert (
        page["qr_svg"].startswith("<svg") and "QR code for your authenticator app" in page["qr_svg"]
    )
