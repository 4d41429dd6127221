"""Signs a person out, with a message, once a password-confirmation prompt has locked them out."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from accounts import reauth
from core.middleware import sign_out_because


class ReauthMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = reauth.current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            reauth.current_request.reset(token)
        user = getattr(request, "user", None)
        if user is not None and getattr(user, reauth.LOCKED_FLAG, False):
            # Every session was ended in the database already; this clears the browser's own.
            sign_out_because(request, "password-confirm-failures")
            url = reverse(settings.LOGIN_URL) + "?" + urlencode({"signed_out": "reauth"})
            return HttpResponseRedirect(url)
        return response
