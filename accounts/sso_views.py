"""Sign-in through the organisation's own provider (issue 20), and its admin page.

Every success and every refusal writes an audit event ("sso.signed-in", "sso.refused" with a
reason code). Nothing the provider sends is logged or put in a URL; the session keeps only the
flow's random values until the person comes back.
"""

from __future__ import annotations

import hmac
import time
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts import oidc, services, throttle
from accounts.forms import IdentityProviderForm, SignInForm, SsoStartForm
from accounts.models import IdentityProvider, Organisation, User
from audit.services import audit_record, client_ip
from core.access import AuthenticatedRequest, Role, public, roles_required
from core.views import safe_next

PENDING_KEY = "signpost_oidc_pending"
# Kept in the signed-in session: which provider signed the person in (for its sign-out link).
SIGNED_IN_KEY = "signpost_sso_provider"
NEXT_KEY = "signpost_next"  # the same key as accounts.views uses before the second factor
# Starts and refusals from one client address in a window: beyond it, wait (ASVS 5.0 V2.4.1).
TRIES_PER_CLIENT = 20
TRIES_WINDOW = timedelta(minutes=15)

REFUSALS = {
    "flow": "Signing in took too long or was started in another window. Start again.",
    "provider-error": "Your organisation's sign-in service did not sign you in. Start again, "
    "or ask your IT team if it keeps happening.",
    "provider-unreachable": "Signpost could not reach your organisation's sign-in service. Try "
    "again in a few minutes.",
    "provider-misconfigured": "Your organisation's sign-in service is not set up correctly for "
    "Signpost. Ask your organisation's Signpost admin to check it.",
    "token-invalid": "The answer from your organisation's sign-in service could not be trusted, "
    "so you have not been signed in. Start again. If it happens again, tell your IT team.",
    "token-expired": "The answer from your organisation's sign-in service had expired, so you "
    "have not been signed in. Start again. If it happens again, tell your IT team.",
    "email-not-verified": "Your organisation's sign-in service did not confirm your email "
    "address, so Signpost cannot tell who you are. Ask your IT team.",
    "unknown-person": "There is no Signpost account for you at {organisation}. Ask your "
    "organisation's Signpost admin to add you.",
    "deactivated": "Your Signpost account at {organisation} has been deactivated. Ask your "
    "organisation's Signpost admin if you need it again.",
    "too-many": "There have been too many attempts to sign in from here. Wait 15 minutes, then "
    "try again.",
}


def sso_form_if_offered() -> SsoStartForm | None:
    """The sign-in page offers the organisation route only once some organisation has one."""
    return SsoStartForm() if IdentityProvider.objects.filter(enabled=True).exists() else None


def _redirect_uri(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("accounts:sso-callback"))


def _provider_for(email: str) -> IdentityProvider | None:
    """The one enabled provider whose organisation owns the address's domain."""
    found = [
        p
        for p in IdentityProvider.objects.filter(enabled=True).select_related("organisation")
        if p.organisation.allows_email(email)
    ]
    # A domain claimed by two organisations must not pick one of them at random.
    return found[0] if len(found) == 1 else None


def _refuse(
    request: HttpRequest,
    reason: str,
    *,
    organisation: Organisation | None,
    code: str = "",
    person: User | None = None,
) -> HttpResponse:
    throttle.add("sso-client", throttle.key_for(f"sso:{client_ip(request)}"), TRIES_WINDOW)
    audit_record(
        request=request,
        kind="sso.refused",
        actor=None,
        organisation=organisation,
        target=person,
        detail={"why": reason, "code": code[:40]},
    )
    message = REFUSALS.get(reason, REFUSALS["provider-error"]).format(
        organisation=organisation.name if organisation else "your organisation"
    )
    # A broken or replayed flow is a bad request; every other refusal is a refusal.
    status = 400 if reason == "flow" else 403
    return render(request, "accounts/sso_refused.html", {"message": message}, status=status)


def _too_many(request: HttpRequest) -> bool:
    key = throttle.key_for(f"sso:{client_ip(request)}")
    return throttle.recent("sso-client", key, TRIES_WINDOW) >= TRIES_PER_CLIENT


@public
def sso_start(request: HttpRequest) -> HttpResponse:
    """From the sign-in page: find the organisation by the address's domain, send them there."""
    if request.method != "POST":
        form = SsoStartForm()
        return render(request, "accounts/sign_in.html", {"form": SignInForm(), "sso_form": form})
    form = SsoStartForm(request.POST)
    if form.is_valid():
        if _too_many(request):
            return _refuse(request, "too-many", organisation=None)
        email = form.cleaned_data["sso_email"]
        provider = _provider_for(email)
        if provider is not None:
            next_url = safe_next(request, request.GET.get("next"), reverse("core:home"))
            try:
                url, pending = oidc.start(
                    provider,
                    redirect_uri=_redirect_uri(request),
                    login_hint=email,
                    next_url=next_url,
                )
            except oidc.Refused as exc:
                return _refuse(
                    request, exc.reason, organisation=provider.organisation, code=exc.code
                )
            throttle.add("sso-client", throttle.key_for(f"sso:{client_ip(request)}"), TRIES_WINDOW)
            request.session[PENDING_KEY] = pending.as_session()
            # A page that moves on at once, not a redirect: the sign-in form's CSP allows forms
            # to post to Signpost only, and browsers apply that to a redirect after the post.
            return render(request, "accounts/sso_continue.html", {"provider_url": url})
        form.add_error(
            "sso_email",
            "Your organisation does not sign in to Signpost with its own accounts. "
            "Sign in with your email address and password instead",
        )
    return render(
        request,
        "accounts/sign_in.html",
        {"form": SignInForm(), "sso_form": form},
        status=400,
    )


@public
def sso_callback(request: HttpRequest) -> HttpResponse:
    """The provider sends the person back here with a code (or an error)."""
    pending = oidc.Pending.from_session(request.session.pop(PENDING_KEY, None))
    provider = None
    if pending is not None:
        provider = (
            IdentityProvider.objects.filter(pk=pending.provider_id, enabled=True)
            .select_related("organisation")
            .first()
        )
    organisation = provider.organisation if provider else None
    state = request.GET.get("state", "")
    if pending is None or provider is None or time.time() - pending.started > oidc.FLOW_LIFETIME:
        return _refuse(request, "flow", organisation=organisation, code="state")
    if request.GET.get("error"):
        # A refusal either way (some providers leave the state off an error). The provider's
        # error code (e.g. access_denied) is a fixed word, not personal data.
        code = "".join(c for c in request.GET["error"] if c.isalnum() or c in "_-")
        return _refuse(request, "provider-error", organisation=organisation, code=code)
    if not hmac.compare_digest(state.encode(), pending.state.encode()):
        return _refuse(request, "flow", organisation=organisation, code="state")
    if not request.GET.get("code"):
        return _refuse(request, "provider-error", organisation=organisation, code="no-code")
    try:
        claims = oidc.finish(
            provider, pending, redirect_uri=_redirect_uri(request), code=request.GET["code"]
        )
    except oidc.Refused as exc:
        return _refuse(request, exc.reason, organisation=organisation, code=exc.code)
    email = oidc.verified_email(claims)
    if email is None:
        return _refuse(request, "email-not-verified", organisation=organisation)
    # Only people of the provider's own organisation: an address at another organisation's
    # domain, or a person who belongs elsewhere, gets the same refusal as an unknown one.
    person = None
    if provider.organisation.allows_email(email):
        person = User.objects.filter(
            organisation=provider.organisation, email__iexact=email
        ).first()
    if person is None:
        return _refuse(request, "unknown-person", organisation=organisation)
    if not person.is_active:
        return _refuse(request, "deactivated", organisation=organisation, person=person)
    roles = oidc.roles_from_groups(claims, provider)
    if roles is not None:
        services.sso_sync_roles(person=person, roles=roles, request=request)
    provider_mfa = oidc.asserted_mfa(claims, provider)
    if provider_mfa and person.mfa_required():
        # django-otp keeps this device in the new session: the session counts as verified.
        person.otp_device = services.provider_mfa_device(person)  # type: ignore[attr-defined]
    # Django's login() gives the session a new key (and the signal writes "sign-in").
    login(request, person, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SIGNED_IN_KEY] = str(provider.pk)
    audit_record(
        request=request,
        kind="sso.signed-in",
        actor=person,
        target=person,
        detail={"provider_mfa": provider_mfa, "roles_from_groups": roles is not None},
    )
    if person.mfa_required() and not provider_mfa:
        request.session[NEXT_KEY] = pending.next
        return redirect("accounts:mfa")
    return redirect(pending.next or reverse("core:home"))


def signed_out_page(request: HttpRequest, provider_id: str | None) -> HttpResponse | None:
    """After sign-out: the page offering the provider's own sign-out, if it has one."""
    provider = IdentityProvider.objects.filter(pk=provider_id).first() if provider_id else None
    if provider is None:
        return None
    url = oidc.end_session_url(
        provider, after=request.build_absolute_uri(reverse("accounts:sign-in"))
    )
    return render(request, "accounts/sso_signed_out.html", {"provider_logout_url": url})


@roles_required(Role.ADMIN)
def identity_provider(request: AuthenticatedRequest) -> HttpResponse:
    """The organisation's own sign-in provider (issue 20), behind the admin's password."""
    organisation = request.user.organisation
    provider = IdentityProvider.objects.filter(organisation=organisation).first()
    initial = {"enabled": "yes", "passwords_allowed": "yes"}
    if provider is not None:
        initial = {
            "issuer": provider.issuer,
            "client_id": provider.client_id,
            "enabled": "yes" if provider.enabled else "no",
            "passwords_allowed": "yes" if provider.passwords_allowed else "no",
            "mfa_acr_values": "\n".join(provider.mfa_acr_values),
            "group_roles": "\n".join(
                f"{group} = {role}"
                for group, roles in provider.group_roles.items()
                for role in roles
            ),
        }
    form = IdentityProviderForm(
        request.POST or None,
        acting=request.user,
        initial=initial,
        has_secret=bool(provider and provider.client_secret_sealed),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            oidc.forget_cache()
            oidc.discover(data["issuer"])
        except oidc.Refused:
            form.add_error(
                "issuer",
                "Signpost could not read the provider's settings from this issuer. Check the "
                "address, and that the provider publishes /.well-known/openid-configuration",
            )
        else:
            services.identity_provider_save(
                organisation=organisation,
                issuer=data["issuer"],
                client_id=data["client_id"],
                client_secret=data["client_secret"],
                enabled=data["enabled"] == "yes",
                passwords_allowed=data["passwords_allowed"] == "yes",
                mfa_acr_values=data["mfa_acr_values"],
                group_roles=data["group_roles"],
                by=request.user,
                request=request,
            )
            messages.success(request, "Sign-in provider saved.")
            return redirect("accounts:people")
    return render(
        request,
        "accounts/identity_provider.html",
        {"form": form, "redirect_uri": _redirect_uri(request), "provider": provider},
        status=400 if form.errors else 200,
    )
