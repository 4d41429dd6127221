from __future__ import annotations

import time
import uuid
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import rotate_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.http import (
    urlsafe_base64_decode,
)
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import presenters, services, sso_views, tasks, throttle
from accounts.forms import (
    CodeForm,
    ConfirmPasswordForm,
    EmailDomainsForm,
    FactorChangeForm,
    PasswordResetRequestForm,
    PersonAddForm,
    RolesForm,
    SetPasswordForm,
    SetupCodeForm,
    SignInForm,
    SignsSettingForm,
    YourDetailsForm,
    add_reassign_field,
    chosen_lead,
)
from accounts.models import User
from accounts.open_work import OpenWork, open_work_of, other_leads
from accounts.selectors import people_of
from audit.services import audit_record, client_ip
from core.access import AuthenticatedRequest, Role, public, roles_required, signed_in
from core.views import safe_next

NEXT_KEY = "signpost_next"

LOCKED_OUT = (
    "You have tried to sign in too many times. Wait 15 minutes, then try again, "
    "or reset your password."
)


def _safe_next(request: HttpRequest, value: str | None) -> str:
    return safe_next(request, value, reverse("core:home"))


@public
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method == "GET":
        return redirect("core:home")
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, email=form.cleaned_data["email"], password=form.cleaned_data["password"]
        )
        if user is not None and not services.passwords_allowed(user):
            # Issue 20: this organisation signs its people in through its own provider only.
            form.add_error(
                None,
                "Your organisation signs you in with its own accounts. Use "
                "'Sign in with your organisation's account' above",
            )
            audit_record(
                request=request,
                kind="sso.password-refused",
                actor=None,
                organisation=user.organisation,
                target=user,
            )
            status = 400
        elif user is not None:
            login(request, user)
            target = _safe_next(request, request.GET.get("next"))
            if user.mfa_required():
                request.session[NEXT_KEY] = target
                return redirect("accounts:mfa")
            return HttpResponseRedirect(target)
        # One message whether or not the account exists, so it cannot be used to find accounts.
        form.add_error(None, "Enter a correct email address and password")
        status = 400
    elif request.method == "POST":
        status = 400
    notice = presenters.signed_out_notice(request.GET.get("signed_out", ""))
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "notice": notice, "sso_form": sso_views.sso_form_if_offered()},
        status=status,
    )


def locked_out(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """django-axes calls this once an account name has failed five times in 15 minutes."""
    form = SignInForm(request.POST or None)
    form.is_valid()
    form.add_error(None, LOCKED_OUT)
    return render(request, "accounts/sign_in.html", {"form": form}, status=429)


@signed_in(allow_unverified=True)
@require_POST
def sign_out(request: AuthenticatedRequest) -> HttpResponse:
    provider_id = request.session.get(sso_views.SIGNED_IN_KEY)
    logout(request)
    if provider_id:  # signed in through the organisation's provider: offer its sign-out too
        page = sso_views.signed_out_page(request, provider_id)
        if page is not None:
            return page
    messages.success(request, "You have signed out.")
    return redirect("accounts:sign-in")


@signed_in(allow_unverified=True)
def mfa(request: AuthenticatedRequest) -> HttpResponse:
    """Ask for the second factor, or set one up if the person has none yet."""
    user = request.user
    if user.is_verified():
        return redirect("core:home")
    if not _has_second_factor(user):
        return _mfa_setup(request, next_url=request.session.get(NEXT_KEY))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["code"])
        if device is not None:
            _verified(request, device)
            audit_record(
                request=request,
                kind="mfa-verified",
                actor=user,
                target=user,
                detail={
                    "factor": "backup-code"
                    if device.persistent_id.startswith("otp_static")
                    else "app"
                },
            )
            return HttpResponseRedirect(request.session.pop(NEXT_KEY, reverse("core:home")))
        audit_record(request=request, kind="mfa-failed", actor=user, target=user)
        form.add_error("code", "The security code is not correct. Check it and try again")
    return render(
        request, "accounts/mfa_verify.html", {"form": form}, status=400 if form.errors else 200
    )


def _verified(request: HttpRequest, device: Any) -> None:
    """Mark the session as past the second factor, under a new session key and CSRF token: a key
    someone saw before the second factor is worth nothing after it (ASVS 5.0 V7.2.4)."""
    otp_login(request, device)
    services.session_rotate(request)
    rotate_token(request)


def _has_second_factor(user: User) -> bool:
    # Once a person has had a factor, only an admin's reset lets them enrol a new one: otherwise
    # someone holding just the password could add their own app after the codes ran out.
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or StaticDevice.objects.filter(user=user, confirmed=True).exists()
    )


FACTOR_CHANGE_KEY = "signpost_factor_change_at"
FACTOR_CHANGE_SECONDS = 10 * 60


def _factor_change_confirmed(request: AuthenticatedRequest, *, purpose: str) -> tuple[Any, bool]:
    """The step before replacing the app or the backup codes: the password and a current code.
    Wrong passwords are limited and audited by accounts/reauth.py; wrong codes are audited here."""
    user = request.user
    form = FactorChangeForm(
        request.POST or None, acting=user, needs_code=services.has_usable_factor(user)
    )
    if request.method != "POST":
        return form, False
    if form.is_valid():
        factor = "none"
        if form.device is not None:
            factor = "backup-code" if isinstance(form.device, StaticDevice) else "app"
        audit_record(
            request=request,
            kind="mfa-change-confirmed",
            actor=user,
            target=user,
            detail={"for": purpose, "factor": factor},
        )
        return form, True
    if form.code_wrong:
        audit_record(
            request=request,
            kind="mfa-failed",
            actor=user,
            target=user,
            detail={"during": f"{purpose}-change"},
        )
    return form, False


@signed_in()
def authenticator(request: AuthenticatedRequest) -> HttpResponse:
    """Add or replace the authenticator app: first the password and a current code."""
    confirmed_at = request.session.get(FACTOR_CHANGE_KEY)
    if confirmed_at and time.time() - confirmed_at < FACTOR_CHANGE_SECONDS:
        return _mfa_setup(request, next_url=reverse("accounts:account"))
    form, confirmed = _factor_change_confirmed(request, purpose="authenticator")
    if confirmed:
        request.session[FACTOR_CHANGE_KEY] = int(time.time())
        return redirect("accounts:authenticator")
    return render(
        request,
        "accounts/authenticator_confirm.html",
        {"form": form, "has_app": presenters.has_app(request.user)},
        status=400 if form.errors else 200,
    )


def _mfa_setup(request: AuthenticatedRequest, *, next_url: str | None) -> HttpResponse:
    user = request.user
    # Idempotent: the first showing makes the device whose secret the QR code carries (and
    # audits it); showing the page again, or posting a code, uses the same one.
    device = services.mfa_setup_device(person=user, request=request)
    form = SetupCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            codes = services.mfa_confirm_totp(person=user, device=device, request=request)
            _verified(request, device)
            request.session.pop(FACTOR_CHANGE_KEY, None)
            return render(
                request,
                "accounts/backup_codes.html",
                {
                    "codes": codes,
                    "next": request.session.pop(NEXT_KEY, None) or next_url or reverse("core:home"),
                },
            )
        form.add_error(
            "code", "The security code is not correct. Check the time on your phone and try again"
        )
    return render(
        request,
        "accounts/mfa_setup.html",
        {"form": form, **presenters.mfa_setup_page(device)},
        status=400 if form.errors else 200,
    )


@signed_in()
@require_POST
def session_extend(request: AuthenticatedRequest) -> HttpResponse:
    # The session middleware has already recorded this request as activity.
    return HttpResponse(status=204)


@signed_in()
def account(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "accounts/account.html", presenters.account_page(request.user))


@signed_in()
def backup_codes(request: AuthenticatedRequest) -> HttpResponse:
    form, confirmed = _factor_change_confirmed(request, purpose="backup-codes")
    if confirmed:
        codes = services.backup_codes_regenerate(person=request.user, request=request)
        return render(
            request,
            "accounts/backup_codes.html",
            {"codes": codes, "next": reverse("accounts:account")},
        )
    return render(
        request,
        "accounts/backup_codes_confirm.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


# Password-reset requests (ASVS 5.0 V6.3.1 and V2.4.1): at most RESET_PER_ADDRESS e-mails to one
# address and RESET_PER_CLIENT requests from one client address in RESET_WINDOW. The answer is
# the same page whether the request was sent, limited or for no account.
RESET_PER_ADDRESS = 3
RESET_PER_CLIENT = 10
RESET_WINDOW = timedelta(hours=1)


@public
def password_reset(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        address = throttle.key_for(f"reset-address:{email}")
        client = throttle.key_for(f"reset-client:{client_ip(request)}")
        with transaction.atomic():
            # Every request counts against the client; only sent ones against the address, so
            # someone flooding an address cannot keep its owner from a reset for ever.
            from_client = throttle.add("reset-client", client, RESET_WINDOW)
            to_address = throttle.recent("reset-address", address, RESET_WINDOW)
            limited = (
                "client"
                if from_client > RESET_PER_CLIENT
                else "address"
                if to_address >= RESET_PER_ADDRESS
                else ""
            )
            if limited:
                audit_record(
                    request=request,
                    kind="password-reset-limited",
                    actor=None,
                    detail={"by": limited},
                )
            else:
                throttle.add("reset-address", address, RESET_WINDOW)
                # Queued with the transaction: the look-up, the audit event and the e-mail
                # happen in the background (no enumeration by timing).
                tasks.password_reset_requested.enqueue(email=email)
        return render(request, "accounts/password_reset_sent.html")
    return render(
        request, "accounts/password_reset.html", {"form": form}, status=400 if form.errors else 200
    )


@public
def password_reset_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)), is_active=True)
    except (User.DoesNotExist, ValidationError, ValueError, TypeError, OverflowError):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "accounts/password_reset_invalid.html", status=400)
    if not services.passwords_allowed(user):
        # A link sent before the organisation turned passwords off: a password set now would
        # be refused at sign-in (issue 20), so none is taken.
        return render(request, "accounts/password_reset_off.html", status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            services.sessions_end_all(person=user)
            audit_record(
                request=request,
                kind="password-set",
                actor=None,
                organisation=user.organisation,
                target=user,
            )
        # No automatic sign-in: the person signs in again, which asks for their second factor.
        messages.success(request, "Your password has been set. Sign in with your new password.")
        return redirect("accounts:sign-in")
    return render(
        request,
        "accounts/password_reset_confirm.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


# Organisation admin pages: people and roles. Admins never see case content here.


@roles_required(Role.ADMIN)
def people(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "accounts/people.html", {"people": people_of(request.user)})


@roles_required(Role.ADMIN)
def signs_setting(request: AuthenticatedRequest) -> HttpResponse:
    """Where the organisation's staff mostly meet people: its signs come first (issue 19)."""
    organisation = request.user.organisation
    form = SignsSettingForm(
        request.POST or None, initial={"signs_setting": organisation.signs_setting}
    )
    if request.method == "POST" and form.is_valid():
        services.organisation_set_signs_setting(
            organisation=organisation,
            setting=form.cleaned_data["signs_setting"],
            by=request.user,
            request=request,
        )
        messages.success(request, "Saved where your staff meet people.")
        return redirect("accounts:people")
    return render(
        request, "accounts/signs_setting.html", {"form": form}, status=400 if form.errors else 200
    )


@signed_in()
def your_details(request: AuthenticatedRequest) -> HttpResponse:
    """The signed-in person's own job title and phone, for their referrals (issue 14)."""
    user = request.user
    form = YourDetailsForm(
        request.POST or None, initial={"job_title": user.job_title, "phone": user.phone}
    )
    if request.method == "POST" and form.is_valid():
        services.user_set_details(
            user=user,
            job_title=form.cleaned_data["job_title"].strip(),
            phone=form.cleaned_data["phone"],
            request=request,
        )
        messages.success(request, "Saved your details.")
        return redirect(_back_to(request) or reverse("accounts:account"))
    return render(
        request,
        "accounts/your_details.html",
        {"form": form, "next": _back_to(request)},
        status=400 if form.errors else 200,
    )


def _back_to(request: HttpRequest) -> str:
    """A same-site address to go back to after saving (never another host)."""
    return safe_next(request, request.POST.get("next") or request.GET.get("next"))


@roles_required(Role.ADMIN)
def email_domains(request: AuthenticatedRequest) -> HttpResponse:
    """The organisation's own e-mail domains, which new accounts must use (issue 17)."""
    organisation = request.user.organisation
    form = EmailDomainsForm(
        request.POST or None,
        acting=request.user,
        initial={"domains": "\n".join(organisation.email_domains)},
    )
    if request.method == "POST" and form.is_valid():
        services.organisation_set_email_domains(
            organisation=organisation,
            domains=form.cleaned_data["domains"],
            by=request.user,
            request=request,
        )
        messages.success(request, "Email domains saved.")
        return redirect("accounts:people")
    return render(
        request, "accounts/email_domains.html", {"form": form}, status=400 if form.errors else 200
    )


@roles_required(Role.ADMIN)
def person_add(request: AuthenticatedRequest) -> HttpResponse:
    form = PersonAddForm(request.POST or None, organisation=request.user.organisation)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            person = services.person_create(
                organisation=request.user.organisation,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                roles=form.cleaned_data["roles"],
                by=request.user,
                request=request,
            )
            # Queued in the same transaction; the task makes the link when it sends.
            tasks.send_password_link.enqueue(user_id=str(person.pk), purpose="welcome")
        messages.success(
            request, f"{person.full_name} has been added and sent an email to set a password."
        )
        return redirect("accounts:person", pk=person.pk)
    return render(
        request, "accounts/person_add.html", {"form": form}, status=400 if form.errors else 200
    )


@roles_required(Role.ADMIN, object_scoped=True)
def person(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    person = get_object_or_404(people_of(request.user), pk=pk)
    return render(
        request, "accounts/person.html", {"person": person, "has_app": presenters.has_app(person)}
    )


@roles_required(Role.ADMIN, object_scoped=True)
def person_roles(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    person = get_object_or_404(people_of(request.user), pk=pk)
    form = RolesForm(
        request.POST or None, acting=request.user, initial={"roles": sorted(person.role_set())}
    )
    work, leads = _open_work_form(form, person, when=Role.LEAD in person.role_set())
    if request.method == "POST" and person.pk == request.user.pk:
        # An admin may not grant themselves access to case content: another admin must.
        form.is_valid()
        form.add_error(None, "You cannot change your own roles. Ask another admin to do it")
    elif request.method == "POST" and form.is_valid():
        try:
            services.person_set_roles(
                person=person,
                roles=form.cleaned_data["roles"],
                by=request.user,
                reassign_to=chosen_lead(form, leads),
                request=request,
            )
        except services.OpenWorkNotReassigned as refused:
            form.add_error("reassign_to" if refused.leads else None, str(refused))
        else:
            messages.success(request, f"Roles changed for {person.full_name}.")
            return redirect("accounts:person", pk=person.pk)
    return render(
        request,
        "accounts/person_roles.html",
        {"form": form, "person": person, "work": work, "leads": leads},
        status=400 if form.errors else 200,
    )


def _open_work_form(form: Any, person: User, *, when: bool) -> tuple[OpenWork, list[User]]:
    """The person's open cases and tasks, and (if any, and `when`) the question of who takes
    them over added to the form (issue 15 item 6)."""
    work = open_work_of(person) if when else OpenWork()
    leads = other_leads(person) if work else []
    if work and leads:
        add_reassign_field(form, person, leads)
    return work, leads


@roles_required(Role.ADMIN, object_scoped=True)
def person_mfa_reset(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    person = get_object_or_404(people_of(request.user), pk=pk)
    form = ConfirmPasswordForm(request.POST or None, acting=request.user)
    if request.method == "POST" and form.is_valid():
        services.mfa_reset(person=person, by=request.user, request=request)
        messages.success(
            request, f"{person.full_name} will set up a new second factor when they next sign in."
        )
        return redirect("accounts:person", pk=person.pk)
    return render(
        request,
        "accounts/person_confirm.html",
        {"form": form, "person": person, "action": "reset-mfa"},
        status=400 if form.errors else 200,
    )


@roles_required(Role.ADMIN, object_scoped=True)
def person_active(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    person = get_object_or_404(people_of(request.user), pk=pk)
    form = ConfirmPasswordForm(request.POST or None, acting=request.user)
    work, leads = _open_work_form(form, person, when=person.is_active)
    if request.method == "POST" and form.is_valid():
        if person.is_active:
            if person.pk == request.user.pk:
                form.add_error(None, "You cannot deactivate your own account")
            else:
                try:
                    services.person_deactivate(
                        person=person,
                        by=request.user,
                        reassign_to=chosen_lead(form, leads),
                        request=request,
                    )
                except services.OpenWorkNotReassigned as refused:
                    form.add_error("reassign_to" if refused.leads else None, str(refused))
                else:
                    messages.success(
                        request, f"{person.full_name} has been deactivated and signed out."
                    )
                    return redirect("accounts:person", pk=person.pk)
        else:
            services.person_reactivate(person=person, by=request.user, request=request)
            messages.success(request, f"{person.full_name} can sign in again.")
            return redirect("accounts:person", pk=person.pk)
    return render(
        request,
        "accounts/person_confirm.html",
        {
            "form": form,
            "person": person,
            "action": "deactivate" if person.is_active else "reactivate",
            "work": work,
            "leads": leads,
        },
        status=400 if form.errors else 200,
    )
