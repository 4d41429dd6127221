"""Session limits, enforced MFA and private caching: the sign-in rules of security-targets.md."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from core.access import access_rule_of

AUTH_AT = "signpost_auth_at"
LAST_SEEN = "signpost_last_seen"
SIGN_OUT_REASON = "signpost_sign_out_reason"  # an attribute of the request, not the session


def sign_out_because(request: HttpRequest, reason: str) -> None:
    """Sign the person out, saying why: the sign-out signal (accounts.signals) writes the one
    audit event, with `sign_out_reason(request)`."""
    setattr(request, SIGN_OUT_REASON, reason)
    logout(request)


def sign_out_reason(request: HttpRequest) -> str:
    """Why this request signed its person out: "signed-out" unless `sign_out_because` said."""
    reason = getattr(request, SIGN_OUT_REASON, "signed-out")
    return str(reason)


def mark_session_start(request: HttpRequest) -> None:
    now = int(time.time())
    request.session[AUTH_AT] = now
    request.session[LAST_SEEN] = now


def last_seen_every() -> int:
    """Seconds between writes of the session's last-seen time: SIGNPOST_LAST_SEEN_EVERY, but
    never less often than a tenth of the idle limit, so a short limit (a kiosk setting, or a
    test) cannot sign out someone who is still working. The page's timer allows for it too."""
    return min(settings.SIGNPOST_LAST_SEEN_EVERY, settings.SIGNPOST_IDLE_TIMEOUT // 10)


class SessionLimitsMiddleware:
    """Sign a person out after 30 idle minutes or 12 hours in all (settings say exactly)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            auth_at = request.session.get(AUTH_AT, now)
            last_seen = request.session.get(LAST_SEEN, now)
            reason = None
            if now - auth_at > settings.SIGNPOST_ABSOLUTE_TIMEOUT:
                reason = "limit"
            elif now - last_seen > settings.SIGNPOST_IDLE_TIMEOUT:
                reason = "idle"
            if reason:
                sign_out_because(request, reason)
                url = reverse(settings.LOGIN_URL) + "?" + urlencode({"signed_out": reason})
                return HttpResponseRedirect(url)
            # Write only what changed, and last-seen at most every last_seen_every() seconds (a
            # minute by default): assigning a session key saves the session row, and writing it
            # on every request made every page view a database write (issue 16). Sign-out can
            # come up to that long early, never late.
            if AUTH_AT not in request.session:
                request.session[AUTH_AT] = auth_at
            if LAST_SEEN not in request.session or now - last_seen >= last_seen_every():
                request.session[LAST_SEEN] = now
        return self.get_response(request)


class MfaRequiredMiddleware:
    """Leads and admins (and anyone in an organisation that requires it) must pass MFA first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        rule = access_rule_of(view_func)
        if rule is not None and (rule.public or rule.allow_unverified):
            return None
        if user.mfa_required() and not user.is_verified():
            return HttpResponseRedirect(reverse("accounts:mfa"))
        return None


class PrivateCacheMiddleware:
    """Pages may carry case data: no browser or proxy may keep a copy (ASVS 14.3.3)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response
