"""The one check behind every "enter your password to confirm" prompt (downloads, roles, second
factor resets, deactivation, backup codes, retention, thresholds...).

ASVS 5.0 V6.3.1 (limits on guessing) and V16.3.1 (authentication failures are logged): each wrong
password is counted and audited; the fifth in 15 minutes ends every session of that person and
signs them out, and until the window has passed the prompt refuses even the right password.
"""

from __future__ import annotations

import contextvars
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts import throttle
from accounts.models import User
from audit.services import audit_record
from core.forms import PasswordCheckRefused

LIMIT = 5
WINDOW = timedelta(minutes=15)
SCOPE = "password-confirm"
LOCKED_FLAG = "_signpost_reauth_locked"

# Set by accounts.middleware.ReauthMiddleware, so the audit events carry the client address.
current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "signpost_current_request", default=None
)


class TooManyTries(PasswordCheckRefused):
    """The person has used up their tries: the caller shows `message` and nothing else."""


def _when(at: Any) -> str:
    local = timezone.localtime(at + WINDOW)
    return local.strftime("%-I:%M%p").lower()


def confirm_password(user: User, password: str) -> bool:
    """True when `password` is the person's own. A wrong one is counted and audited; the LIMIT-th
    wrong one in WINDOW ends all their sessions and raises TooManyTries, as does any try while
    the limit stands."""
    request = current_request.get()
    key = throttle.key_for(f"user:{user.pk}")
    # The events are written inside the transaction; TooManyTries is raised after it, so an
    # exception never rolls them back.
    with transaction.atomic():
        # One prompt at a time per person, so parallel guesses cannot slip past the count.
        User.objects.select_for_update().filter(pk=user.pk).first()
        if throttle.recent(SCOPE, key, WINDOW) >= LIMIT:
            audit_record(
                request=request,
                kind="password-confirm-refused",
                actor=user,
                target=user,
                detail={"reason": "too-many-tries"},
            )
            first = throttle.first_in_window(SCOPE, key, WINDOW) or timezone.now()
            outcome = "refused"
        elif user.check_password(password):
            return True
        else:
            tries = throttle.add(SCOPE, key, WINDOW)
            audit_record(
                request=request,
                kind="password-confirm-failed",
                actor=user,
                target=user,
                detail={"tries": tries, "limit": LIMIT},
            )
            if tries < LIMIT:
                return False
            from accounts.services import sessions_end_all

            ended = sessions_end_all(person=user)
            audit_record(
                request=request,
                kind="sessions-ended",
                actor=user,
                target=user,
                detail={"reason": "password-confirm-failures", "sessions_ended": ended},
            )
            outcome = "signed-out"
    if outcome == "refused":
        raise TooManyTries(
            f"You have entered your password wrongly too many times. Try again after {_when(first)}"
        )
    # The middleware sees this on the way out and signs the browser out with a message.
    setattr(user, LOCKED_FLAG, True)
    raise TooManyTries(
        "You have entered your password wrongly too many times. You have been signed out"
    )
