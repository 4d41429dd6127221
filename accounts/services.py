"""Changes to people and their sign-in factors. Each writes its audit event in one transaction."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import (
    IdentityProvider,
    Organisation,
    ProviderMfaDevice,
    RoleGrant,
    User,
    UserSession,
)
from accounts.open_work import OpenWork, move_open_work, open_work_of, other_leads
from accounts.sealing import seal
from audit.services import audit_record
from core.access import Role


class OpenWorkNotReassigned(Exception):
    """The person still holds open cases or tasks: name a lead to take them over first."""

    def __init__(self, person: User, work: OpenWork, leads: list[User]) -> None:
        self.work = work
        self.leads = leads
        if leads:
            message = (
                f"{person.full_name} has {work.describe()}. Choose the lead who takes them over"
            )
        else:
            message = (
                f"{person.full_name} has {work.describe()} and there is no other safeguarding "
                "lead to take them over. Give someone else the safeguarding lead role first, "
                "then come back"
            )
        super().__init__(message)


def _hand_over_open_work(
    *, person: User, to: User | None, then: str, by: User, request: HttpRequest | None
) -> None:
    """Inside the caller's transaction: give the person's open cases and tasks to `to`, one of
    the organisation's other leads, or refuse (issue 15 item 6: no orphans)."""
    work = open_work_of(person)
    if not work:
        return
    leads = other_leads(person)
    if to is None or to.pk not in {lead.pk for lead in leads}:
        raise OpenWorkNotReassigned(person, work, leads)
    moved = move_open_work(person=person, to=to, by=by, request=request)
    audit_record(
        request=request,
        kind="lead-work-reassigned",
        actor=by,
        target=person,
        detail={"to": str(to.pk), "cases": moved.cases, "tasks": moved.tasks, "then": then},
    )


BACKUP_CODE_COUNT = 10


def person_create(
    *,
    organisation: Organisation,
    email: str,
    full_name: str,
    roles: list[str],
    by: User,
    request: HttpRequest | None = None,
) -> User:
    if not organisation.allows_email(email):
        # The form says this in words; this guards every other caller (deny by default).
        raise ValueError("New accounts must use one of the organisation's e-mail domains")
    with transaction.atomic():
        user = User.objects.create_user(email=email, full_name=full_name, organisation=organisation)
        RoleGrant.objects.bulk_create([RoleGrant(user=user, role=r) for r in sorted(set(roles))])
        audit_record(
            request=request,
            kind="person-created",
            actor=by,
            target=user,
            detail={"roles": sorted(set(roles))},
        )
    return user


def organisation_set_signs_setting(
    *, organisation: Organisation, setting: str, by: User, request: HttpRequest | None = None
) -> None:
    """Where the organisation's staff mostly meet people (issue 19: the signs page order)."""
    with transaction.atomic():
        before = organisation.signs_setting
        organisation.signs_setting = setting
        organisation.save(update_fields=["signs_setting", "updated_at"])
        audit_record(
            request=request,
            kind="organisation-signs-setting-changed",
            actor=by,
            target=organisation,
            detail={"from": before, "to": setting},
        )


def organisation_set_email_domains(
    *, organisation: Organisation, domains: list[str], by: User, request: HttpRequest | None = None
) -> None:
    """Which e-mail domains count as the organisation's own for new accounts (issue 17)."""
    with transaction.atomic():
        before = list(organisation.email_domains)
        organisation.email_domains = list(domains)
        organisation.save(update_fields=["email_domains", "updated_at"])
        # Domains are the organisation's, not a person's: they may go in the event.
        audit_record(
            request=request,
            kind="organisation-email-domains-changed",
            actor=by,
            target=organisation,
            detail={
                "added": sorted(set(domains) - set(before)),
                "removed": sorted(set(before) - set(domains)),
            },
        )


def person_set_roles(
    *,
    person: User,
    roles: list[str],
    by: User,
    reassign_to: User | None = None,
    request: HttpRequest | None = None,
) -> None:
    """Change a person's roles. Taking the lead role from someone with open cases or tasks
    first gives them to `reassign_to` (raises OpenWorkNotReassigned without one)."""
    wanted = set(roles)
    with transaction.atomic():
        current = set(person.roles.values_list("role", flat=True))
        if Role.LEAD in current and Role.LEAD not in wanted:
            _hand_over_open_work(
                person=person, to=reassign_to, then="lead-role-removed", by=by, request=request
            )
        person.roles.filter(role__in=current - wanted).delete()
        RoleGrant.objects.bulk_create([RoleGrant(user=person, role=r) for r in wanted - current])
        person._role_cache = None
        audit_record(
            request=request,
            kind="roles-changed",
            actor=by,
            target=person,
            detail={"added": sorted(wanted - current), "removed": sorted(current - wanted)},
        )


def sessions_end_all(*, person: User) -> int:
    keys = list(person.sessions.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=person).delete()
    return len(keys)


def session_rotate(request: HttpRequest) -> None:
    """Give the signed-in session a new key, keeping what it holds and its link to the person."""
    old_key = request.session.session_key
    request.session.cycle_key()
    new_key = request.session.session_key
    moved = UserSession.objects.filter(session_key=old_key).update(session_key=new_key)
    if not moved and request.user.is_authenticated:
        UserSession.objects.get_or_create(user=request.user, session_key=new_key)


def person_deactivate(
    *,
    person: User,
    by: User,
    reassign_to: User | None = None,
    request: HttpRequest | None = None,
) -> None:
    """Deactivate a person. Their open cases and tasks first go to `reassign_to` (raises
    OpenWorkNotReassigned without one)."""
    with transaction.atomic():
        _hand_over_open_work(
            person=person, to=reassign_to, then="deactivated", by=by, request=request
        )
        person.is_active = False
        person.deactivated_at = timezone.now()
        person.save(update_fields=["is_active", "deactivated_at", "updated_at"])
        ended = sessions_end_all(person=person)
        audit_record(
            request=request,
            kind="person-deactivated",
            actor=by,
            target=person,
            detail={"sessions_ended": ended},
        )


def person_reactivate(*, person: User, by: User, request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        person.is_active = True
        person.deactivated_at = None
        person.save(update_fields=["is_active", "deactivated_at", "updated_at"])
        audit_record(request=request, kind="person-reactivated", actor=by, target=person)


def mfa_reset(*, person: User, by: User, request: HttpRequest | None = None) -> None:
    """Remove every second factor: the person must enrol again at their next sign-in."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=person).delete()
        StaticDevice.objects.filter(user=person).delete()
        sessions_end_all(person=person)
        audit_record(request=request, kind="mfa-reset", actor=by, target=person)


def mfa_setup_device(*, person: User, request: HttpRequest | None = None) -> TOTPDevice:
    """The person's unconfirmed authenticator device, made (and audited) the first time only.

    The set-up page must show the QR code of the secret its form is then checked against, so
    that secret is kept from the page's first showing. Asking again returns the same device and
    changes nothing, so showing the page (a GET) is safe to repeat; the device does nothing
    until `mfa_confirm_totp` confirms it with a code from the app."""
    with transaction.atomic():
        # One device even when the page is opened twice at once: take the person's row first.
        User.objects.select_for_update().filter(pk=person.pk).first()
        device = TOTPDevice.objects.filter(user=person, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(
                user=person, name="Authenticator app", confirmed=False
            )
            audit_record(request=request, kind="mfa-setup-started", actor=person, target=person)
    return device


def mfa_confirm_totp(
    *, person: User, device: TOTPDevice, request: HttpRequest | None = None
) -> list[str]:
    """Confirm a new authenticator app and issue fresh backup codes (returned once, to show)."""
    with transaction.atomic():
        replaced, _ = TOTPDevice.objects.filter(user=person).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save()
        codes = backup_codes_replace(person=person)
        audit_record(
            request=request,
            kind="mfa-enrolled",
            actor=person,
            target=person,
            detail={"replaced": bool(replaced)},
        )
    return codes


def has_usable_factor(person: User) -> bool:
    """Whether the person can give a code now: a confirmed app, or a backup code not yet used."""
    return (
        TOTPDevice.objects.filter(user=person, confirmed=True).exists()
        or StaticToken.objects.filter(device__user=person, device__confirmed=True).exists()
    )


def backup_codes_replace(*, person: User) -> list[str]:
    static, _ = StaticDevice.objects.get_or_create(
        user=person, name="backup", defaults={"confirmed": True}
    )
    static.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
    return codes


def backup_codes_regenerate(*, person: User, request: HttpRequest | None = None) -> list[str]:
    with transaction.atomic():
        codes = backup_codes_replace(person=person)
        audit_record(request=request, kind="mfa-backup-codes-replaced", actor=person, target=person)
    return codes


# Single sign-on through the organisation's own provider (issue 20).

PROVIDER_FIELDS = [
    "issuer",
    "client_id",
    "enabled",
    "passwords_allowed",
    "mfa_acr_values",
    "group_roles",
]


def identity_provider_save(
    *,
    organisation: Organisation,
    issuer: str,
    client_id: str,
    client_secret: str,
    enabled: bool,
    passwords_allowed: bool,
    mfa_acr_values: list[str],
    group_roles: dict[str, list[str]],
    by: User,
    request: HttpRequest | None = None,
) -> IdentityProvider:
    """Set the organisation's provider. An empty `client_secret` keeps the one saved."""
    with transaction.atomic():
        provider = IdentityProvider.objects.select_for_update().filter(
            organisation=organisation
        ).first() or IdentityProvider(organisation=organisation)
        before = {f: getattr(provider, f) for f in PROVIDER_FIELDS} if provider.pk else {}
        provider.issuer = issuer
        provider.client_id = client_id
        provider.enabled = enabled
        provider.passwords_allowed = passwords_allowed
        provider.mfa_acr_values = mfa_acr_values
        provider.group_roles = group_roles
        if client_secret:
            provider.client_secret_sealed = seal(client_secret)
        provider.save()
        # Field names only: the secret (and its sealed form) never goes into the audit log.
        audit_record(
            request=request,
            kind="sso.provider-changed",
            actor=by,
            target=provider,
            detail={
                "changed": [f for f in PROVIDER_FIELDS if before.get(f) != getattr(provider, f)],
                "secret_changed": bool(client_secret),
            },
        )
    return provider


def passwords_allowed(person: User) -> bool:
    """False when the person's organisation signs its people in through its provider only."""
    provider = IdentityProvider.objects.filter(organisation_id=person.organisation_id).first()
    return provider is None or not provider.enabled or provider.passwords_allowed


def sso_sync_roles(*, person: User, roles: list[str], request: HttpRequest | None = None) -> bool:
    """Make the person's roles those the provider's groups map to (only when the organisation
    maps groups). True if anything changed; the change is audited like an admin's."""
    wanted = set(roles)
    with transaction.atomic():
        current = set(person.roles.values_list("role", flat=True))
        if current == wanted:
            return False
        person.roles.filter(role__in=current - wanted).delete()
        RoleGrant.objects.bulk_create([RoleGrant(user=person, role=r) for r in wanted - current])
        person._role_cache = None
        audit_record(
            request=request,
            kind="sso.roles-synced",
            actor=None,
            organisation=person.organisation,
            target=person,
            detail={"added": sorted(wanted - current), "removed": sorted(current - wanted)},
        )
    return True


def provider_mfa_device(person: User) -> ProviderMfaDevice:
    """The stand-in django-otp device for "the provider asserted a second factor"."""
    device, _ = ProviderMfaDevice.objects.get_or_create(
        user=person, defaults={"name": "Organisation sign-in", "confirmed": True}
    )
    return device


def user_set_details(
    *, user: User, job_title: str, phone: str, request: HttpRequest | None = None
) -> None:
    """A person's own job title and work phone, for the referrals they make (issue 14: the NRM
    form's First Responder details are asked once and remembered, never guessed)."""
    with transaction.atomic():
        changed = sorted(
            name
            for name, value in (("job_title", job_title), ("phone", phone))
            if getattr(user, name) != value
        )
        user.job_title = job_title
        user.phone = phone
        user.save(update_fields=["job_title", "phone", "updated_at"])
        # Field names only: what they typed stays out of the audit trail.
        audit_record(
            request=request,
            kind="user-details-changed",
            actor=user,
            target=user,
            detail={"changed": changed},
        )


def organisation_set_referral_details(
    *,
    organisation: Organisation,
    nrm_organisation: str,
    team_inbox: str,
    by: User,
    request: HttpRequest | None = None,
) -> None:
    """What the NRM form needs about the organisation (issue 14): its name as the form lists it
    and the team inbox to contact when the person who referred is away."""
    with transaction.atomic():
        before = {
            "nrm_organisation": organisation.nrm_organisation,
            "team_inbox": bool(organisation.team_inbox),
        }
        organisation.nrm_organisation = nrm_organisation
        organisation.team_inbox = team_inbox
        organisation.save(update_fields=["nrm_organisation", "team_inbox", "updated_at"])
        audit_record(
            request=request,
            kind="organisation-referral-details-changed",
            actor=by,
            target=organisation,
            detail={
                "from": before,
                "to": {"nrm_organisation": nrm_organisation, "team_inbox": bool(team_inbox)},
            },
        )
