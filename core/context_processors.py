from django.conf import settings
from django.http import HttpRequest


def signpost(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    # Someone who still owes their second factor gets no menu: only the security-code page.
    signed_in = bool(
        user and user.is_authenticated and (user.is_verified() or not user.mfa_required())
    )
    return {
        "service_name": "Signpost",
        "signed_in": signed_in,
        "user_roles": user.role_set() if signed_in else set(),
        "idle_timeout": settings.SIGNPOST_IDLE_TIMEOUT,
        "timeout_warning": settings.SIGNPOST_TIMEOUT_WARNING,
    }
