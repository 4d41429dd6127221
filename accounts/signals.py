"""Sign-in events go to the audit log; each session is remembered so it can be ended."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from accounts.models import User, UserSession, normalise_email
from audit.services import audit_record
from core.middleware import mark_session_start, sign_out_reason


@receiver(user_logged_in)
def on_signed_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    mark_session_start(request)
    request.session.save()
    UserSession.objects.get_or_create(user=user, session_key=request.session.session_key)
    audit_record(request=request, kind="sign-in", actor=user, target=user)


@receiver(user_logged_out)
def on_signed_out(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is None:
        return
    if request.session.session_key:
        UserSession.objects.filter(session_key=request.session.session_key).delete()
    why = sign_out_reason(request)
    audit_record(request=request, kind="sign-out", actor=user, target=user, detail={"why": why})


@receiver(user_login_failed)
def on_sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any
) -> None:
    # Record which account was tried if it exists, never the text that was typed.
    email = normalise_email(credentials.get("email") or credentials.get("username"))
    user = User.objects.filter(email__iexact=email).first() if email else None
    audit_record(
        request=request,
        kind="sign-in-failed",
        actor=None,
        organisation=user.organisation if user else None,
        target=user,
    )
