import time
from functools import partial

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from core import panels
from core.middleware import LAST_SEEN, last_seen_every


def idle_seconds_left(request: HttpRequest) -> int:
    """Until the idle sign-out, counted from the last-seen time the server holds (written at
    most every `last_seen_every()` seconds, a minute by default), so the page's warning comes in
    time."""
    session = getattr(request, "session", None)
    last_seen = session.get(LAST_SEEN) if session is not None else None
    if last_seen is None:
        return settings.SIGNPOST_IDLE_TIMEOUT
    return max(settings.SIGNPOST_IDLE_TIMEOUT - (int(time.time()) - int(last_seen)), 0)


def signpost(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    # Someone who still owes their second factor gets no menu: only the security-code page.
    signed_in = bool(
        user and user.is_authenticated and (user.is_verified() or not user.mfa_required())
    )
    # The menu's items, registered by each app (core/panels.py); built only when a page shows
    # the menu, once per page.
    nav: object = []
    if signed_in and user is not None:
        nav = SimpleLazyObject(partial(panels.nav_panels, user))
    return {
        "service_name": "Signpost",
        "signed_in": signed_in,
        "user_roles": user.role_set() if user is not None and signed_in else set(),
        "nav_panels": nav,
        "idle_timeout": idle_seconds_left(request) if signed_in else settings.SIGNPOST_IDLE_TIMEOUT,
        "timeout_warning": settings.SIGNPOST_TIMEOUT_WARNING,
        "last_seen_every": last_seen_every(),
    }
