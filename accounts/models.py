from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django_otp.models import Device

from core import nations
from core.access import Role
from core.models import BaseModel

# The nations and their names come from the one table of nations (core.nations).
Nation = models.TextChoices(  # type: ignore[call-overload]
    "Nation", [(code.upper().replace("-", "_"), (code, name)) for code, name in nations.CHOICES]
)


# security-targets.md, Data protection: UK GDPR Art 9(2)(g) with DPA 2018 Sch 1 para 18.
DEFAULT_LAWFUL_BASIS = (
    "UK GDPR Article 6(1)(e) and Article 9(2)(g); Data Protection Act 2018 Schedule 1 "
    "paragraph 18 (safeguarding of children and of individuals at risk)"
)


def normalise_email(value: object) -> str:
    """The one spelling of an address we count, store and look up: no surrounding spaces, lower
    case. Sign-in lock-outs, password resets and new accounts all use it, so `Rita@` and `rita@`
    share one lock-out counter (ASVS 5.0 V6.3.1; issue 17)."""
    return str(value or "").strip().lower()


class Setting(models.TextChoices):
    """Where an organisation's staff mostly meet people: the signs seen there are listed first on
    the concern's signs page. The values are guidance.catalogue.SETTINGS (a test keeps them so)."""

    SCHOOL = "school", "Schools, colleges and nurseries"
    HEALTH = "health", "Health: GP surgeries, hospitals and clinics"
    WORK = "work", "Workplaces and employers"
    HOME = "home", "Homes: housing, home visits and social care"
    TRAVEL = "travel", "Travel: transport, ports and borders"
    ONLINE = "online", "Online"


class Organisation(BaseModel):
    name = models.CharField(max_length=200, unique=True)
    nation = models.CharField(max_length=20, choices=Nation.choices)
    # nrm-process.md, Who may refer: only First Responder Organisations can make an NRM referral.
    first_responder = models.BooleanField(default=False)
    # nrm-process.md, Adults: specified public authorities must notify (s52 Modern Slavery Act).
    duty_to_notify = models.BooleanField(default=False)
    # nrm-process.md, Children: an ICTG referral where the service runs.
    ictg_available = models.BooleanField(default=False)
    lawful_basis = models.TextField(default=DEFAULT_LAWFUL_BASIS)
    # security-targets.md: MFA optional-then-enforced for practitioners by organisation setting.
    mfa_for_everyone = models.BooleanField(default=False)
    # Issue 19: which signs come first on the signs page. Blank: the catalogue's own order.
    signs_setting = models.CharField(max_length=10, choices=Setting.choices, blank=True)
    # The e-mail domains the organisation's own staff use ("northgate.example"): new accounts
    # must be at one of them (issue 17). An empty list allows no new accounts at all: the safer
    # reading, so an organisation that has not said which addresses are its own cannot be given
    # an outside one. Set by the organisation's admins on "Email domains" (behind their password).
    email_domains = models.JSONField(default=list, blank=True)
    # Issue 14: what the NRM online form needs about the organisation, set once by an admin.
    # The form's own value for "user-organisation" (one of the First Responder Organisations it
    # lists, referrals.FormListValue); blank until an admin picks it.
    nrm_organisation = models.CharField(max_length=200, blank=True)
    # A team inbox the Single Competent Authority can write to when the person who made a
    # referral is away (the form's "fr-alternative-contact").
    team_inbox = models.EmailField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def allows_email(self, email: str) -> bool:
        """Whether `email` is at one of the organisation's own domains (exactly: a subdomain must
        be listed itself)."""
        _, _, domain = normalise_email(email).rpartition("@")
        return bool(domain) and domain in self.email_domains


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        user = self.model(email=normalise_email(email), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        raise NotImplementedError("Signpost has no superusers: use organisation admins.")

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=normalise_email(username))


class User(AbstractBaseUser, BaseModel):  # type: ignore[django-manager-missing]
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    # Issue 14: a First Responder's own details for the NRM form (fr-details-role, -phone),
    # given once on "Your details" and remembered. Blank until they say: never guessed.
    job_title = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="people")
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    deactivated_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    # The person's roles, read once per object; set it to None after changing their roles.
    _role_cache: set[str] | None = None

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name

    def role_set(self) -> set[str]:
        cached = self._role_cache
        if cached is None:
            cached = set(self.roles.values_list("role", flat=True))
            self._role_cache = cached
        return cached

    def has_role(self, role: str) -> bool:
        return role in self.role_set()

    def has_any_role(self, roles: Iterable[str]) -> bool:
        return bool(self.role_set().intersection(roles))

    def mfa_required(self) -> bool:
        if self.has_any_role((Role.LEAD, Role.ADMIN)):
            return True
        return self.organisation.mfa_for_everyone

    def is_verified(self) -> bool:  # replaced per request by django-otp's middleware
        return False

    # Django's permission API: Signpost has no Django admin and no superusers.
    @property
    def is_staff(self) -> bool:
        return False

    @property
    def is_superuser(self) -> bool:
        return False


class RoleGrant(models.Model):
    """One role held by one person. A person may hold several roles in their own organisation."""

    class Kind(models.TextChoices):
        PRACTITIONER = Role.PRACTITIONER, "Practitioner"
        LEAD = Role.LEAD, "Safeguarding lead"
        ADMIN = Role.ADMIN, "Organisation admin"
        ANALYST = Role.ANALYST, "Analyst"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20, choices=Kind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="one_grant_per_role"),
        ]

    def __str__(self) -> str:
        return self.get_role_display()


class UserSession(models.Model):
    """Which sessions belong to whom, so deactivating a person can end them all at once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"session of {self.user_id}"


class Attempt(models.Model):
    """One counted try (a wrong confirmation password, a reset request) for rate limits.

    `key` is an HMAC of the person, address or client it counts, never the address itself, and
    rows older than the window are removed as new ones arrive (accounts/throttle.py)."""

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "at"], name="attempt_scope_key_at")]

    def __str__(self) -> str:
        return f"{self.scope} at {self.at:%Y-%m-%d %H:%M}"


class IdentityProvider(BaseModel):
    """The organisation's own OpenID Connect provider (issue 20): its staff sign in with the
    accounts their IT team already runs. Roles stay Signpost's; the provider only says who."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="identity_provider"
    )
    issuer = models.URLField(max_length=300)
    client_id = models.CharField(max_length=300)
    # Fernet-sealed with a key derived from settings (accounts/sealing.py), never in the clear.
    client_secret_sealed = models.TextField(blank=True)
    enabled = models.BooleanField(default=True)
    # False: the organisation's people may only sign in through the provider.
    passwords_allowed = models.BooleanField(default=True)
    # `acr` values that mean the provider asked for a second factor (besides amr "mfa").
    mfa_acr_values = models.JSONField(default=list, blank=True)
    # Optional: {"provider group": ["lead", ...]}. Empty: roles are granted in Signpost only.
    group_roles = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"sign-in provider of {self.organisation_id}"


class ProviderMfaDevice(Device):
    """Stands for "the organisation's provider asserted a second factor at this sign-in", so
    django-otp counts the session as verified. It never accepts a code typed into Signpost."""

    def verify_token(self, token: object) -> bool:
        return False
