"""What the accounts pages show, built from the person and their records (no changes of state).

Each function takes what the view looked up and returns the template's context (or one value of
it); the views bind forms, call services and render.
"""

from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User

SIGNED_OUT_MESSAGES = {
    "idle": "You were signed out because you had not done anything for {idle}. "
    "Anything you saved is still there.",
    "limit": "You were signed out because you had been signed in for {limit}.",
    "reauth": "You were signed out because your password was entered wrongly too many times "
    "when confirming a change. Sign in again. You can confirm changes again after 15 minutes.",
}


def duration(seconds: int) -> str:
    """A time limit in words: "2 hours", "30 minutes", "1 second"."""
    if seconds >= 3600 and seconds % 3600 == 0:
        hours = seconds // 3600
        return f"{hours} hour{'s' if hours != 1 else ''}"
    if seconds >= 60:
        minutes = seconds // 60
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{seconds} second{'s' if seconds != 1 else ''}"


def signed_out_notice(reason: str) -> str:
    """Why the person was signed out (the sign-in page's `?signed_out=`), or "" for none."""
    return SIGNED_OUT_MESSAGES.get(reason, "").format(
        idle=duration(settings.SIGNPOST_IDLE_TIMEOUT),
        limit=duration(settings.SIGNPOST_ABSOLUTE_TIMEOUT),
    )


def has_app(person: User) -> bool:
    """Whether the person has a confirmed authenticator app."""
    return TOTPDevice.objects.filter(user=person, confirmed=True).exists()


def backup_codes_left(person: User) -> int:
    return StaticToken.objects.filter(device__user=person).count()


def account_page(person: User) -> dict[str, Any]:
    return {"has_app": has_app(person), "backup_left": backup_codes_left(person)}


def mfa_setup_page(device: TOTPDevice) -> dict[str, Any]:
    """The QR code and the secret (in groups of four) for adding the app, from its device."""
    secret = device.config_url.split("secret=")[1].split("&")[0]
    qr = segno.make(device.config_url, micro=False).svg_inline(
        scale=4, title="QR code for your authenticator app"
    )
    return {
        "qr_svg": qr,
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }
