from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django_otp import match_token
from django_otp.models import Device

from accounts.models import Organisation, RoleGrant, Setting, User, normalise_email
from core.forms import GovukForm, PasswordConfirmMixin, field_of, govuk


class SignInForm(GovukForm):
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "username"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])


class CodeForm(GovukForm):
    code = govuk(
        forms.CharField(
            label="Security code",
            help_text="The 6-digit code from your authenticator app, or one of your backup codes.",
            max_length=16,
            error_messages={"required": "Enter your security code"},
            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
        ),
        width=10,
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).lower()


class SetupCodeForm(CodeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "code"
        ].help_text = "The 6-digit code your authenticator app shows for Signpost."

    def clean_code(self) -> str:
        code = super().clean_code()
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Enter the 6-digit code from your authenticator app")
        return code


ROLE_HINTS = {
    "practitioner": "Records concerns and sees only their own.",
    "lead": "Receives concerns, decides and refers. Must use a second factor.",
    "admin": "Manages people and settings. Sees no case content. Must use a second factor.",
    "analyst": "Sees figures for the organisation, never a case or a person.",
}


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=RoleGrant.Kind.choices,
            label="Roles",
            help_text="Select all that apply.",
            error_messages={"required": "Select at least one role"},
            **kwargs,
        )
        govuk(self, choice_hints=ROLE_HINTS)


def _domain_list(domains: list[str]) -> str:
    ats = [f"@{d}" for d in domains]
    return ats[0] if len(ats) == 1 else ", ".join(ats[:-1]) + " or " + ats[-1]


class PersonAddForm(GovukForm):
    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={"required": "Enter the person's full name"},
    )
    email = forms.EmailField(
        label="Work email address",
        error_messages={
            "required": "Enter the person's work email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    roles = RolesField()

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        self.organisation = organisation
        super().__init__(*args, **kwargs)
        if organisation.email_domains:
            self.fields["email"].help_text = (
                f"Their address at your organisation, ending in "
                f"{_domain_list(organisation.email_domains)}."
            )

    def clean_email(self) -> str:
        email = normalise_email(self.cleaned_data["email"])
        domains = self.organisation.email_domains
        if not domains:
            raise forms.ValidationError(
                "Your organisation has no email domains set. Set them before adding people"
            )
        if not self.organisation.allows_email(email):
            raise forms.ValidationError(f"Enter an email address ending in {_domain_list(domains)}")
        # One answer whether the account is ours or another organisation's, so this form cannot
        # be used to find out who has a Signpost account elsewhere (issue 17).
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "This email address cannot be used for a new account. Check the people list, "
                "or contact Signpost support"
            )
        return email


class RolesForm(PasswordConfirmMixin, GovukForm):
    roles = RolesField()

    field_order = ["roles", "confirm_password"]


class ConfirmPasswordForm(PasswordConfirmMixin, GovukForm):
    pass


# A domain name: labels of letters, digits and hyphens, at least two of them (RFC 1035 s2.3.1,
# with IDNs in their xn-- form). No "@", no wildcards.
DOMAIN = re.compile(r"^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$")
MAX_DOMAINS = 20


class SignsSettingForm(GovukForm):
    signs_setting = govuk(
        forms.ChoiceField(
            label="Where do your staff mostly meet the people they help?",
            help_text="The signs most often seen there come first when someone records a concern. "
            "Every other sign is still listed.",
            choices=[*Setting.choices, ("", "Somewhere else, or in many places")],
            widget=forms.RadioSelect,
            required=False,
        ),
        page_heading=True,
    )


class EmailDomainsForm(PasswordConfirmMixin, GovukForm):
    domains = forms.CharField(
        label="Email domains",
        help_text="One on each line, for example northgate.example. New accounts must use an "
        "address at one of these. A subdomain must be listed on its own.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "autocomplete": "off"}),
    )

    field_order = ["domains", "confirm_password"]

    def clean_domains(self) -> list[str]:
        found: list[str] = []
        for line in self.cleaned_data["domains"].replace(",", "\n").splitlines():
            domain = line.strip().lower().lstrip("@").rstrip(".")
            if not domain:
                continue
            if not DOMAIN.match(domain):
                raise forms.ValidationError(
                    f"Enter each domain like northgate.example: “{domain[:60]}” is not a domain"
                )
            if domain not in found:
                found.append(domain)
        if len(found) > MAX_DOMAINS:
            raise forms.ValidationError(f"Enter {MAX_DOMAINS} domains or fewer")
        return found


class FactorChangeForm(PasswordConfirmMixin, GovukForm):
    """Before the authenticator app or the backup codes are replaced: the password AND a code
    from a factor the person has now (ASVS 5.0 V7.5.1; issue 17). When nothing is
    left to give a code from (no app, every backup code used), the password alone."""

    current_code = govuk(
        forms.CharField(
            label="Security code",
            help_text="The 6-digit code from your current authenticator app, or one of your "
            "backup codes.",
            max_length=16,
            error_messages={"required": "Enter a security code from your app or a backup code"},
            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
        ),
        width=10,
    )

    def __init__(self, *args: Any, acting: User, needs_code: bool, **kwargs: Any) -> None:
        super().__init__(*args, acting=acting, **kwargs)
        self.fields["confirm_password"].help_text = ""
        if not needs_code:
            del self.fields["current_code"]
        self.device: Device | None = None
        self.code_wrong = False

    def clean_current_code(self) -> str:
        return "".join(self.cleaned_data["current_code"].split()).lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # The code is tried only after the right password, so a wrong password never uses up a
        # backup code. django-otp slows repeated wrong codes on each device.
        if (
            "current_code" in self.fields
            and "confirm_password" in data
            and data.get("current_code")
        ):
            self.device = match_token(self.acting, data["current_code"])
            if self.device is None:
                self.code_wrong = True
                self.add_error("current_code", "The security code is not correct")
        return data


PASSWORD_MESSAGES = {
    "password_too_short": "Password must be 12 characters or more",
    "password_too_common": "Choose a password that is harder to guess: this one is widely used",
    "password_too_similar": "Choose a password that is not like your name or email address",
}


class SetPasswordForm(GovukForm):
    new_password = forms.CharField(
        label="New password",
        help_text="At least 12 characters. A few unrelated words make a strong password.",
        strip=False,
        error_messages={"required": "Enter a new password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_new_password(self) -> str:
        password = self.cleaned_data["new_password"]
        try:
            password_validation.validate_password(password, self.user)
        except forms.ValidationError as exc:
            # Django's own wording, put the GOV.UK way ("Password must be...").
            raise forms.ValidationError(
                [PASSWORD_MESSAGES.get(e.code or "", e.messages[0]) for e in exc.error_list]
            ) from exc
        return password

    def save(self, commit: bool = True) -> User:
        self.user.set_password(self.cleaned_data["new_password"])
        if commit:
            self.user.save()
        return self.user


class PasswordResetRequestForm(GovukForm):
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "username"}),
    )

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])


class SsoStartForm(GovukForm):
    """Sign in through the organisation's own accounts: the address says which organisation."""

    sso_email = forms.EmailField(
        label="Work email address",
        help_text="We will send you to your organisation to sign in.",
        error_messages={
            "required": "Enter your work email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "username"}),
    )

    def clean_sso_email(self) -> str:
        return normalise_email(self.cleaned_data["sso_email"])


YES_NO = [("yes", "Yes"), ("no", "No")]


class IdentityProviderForm(PasswordConfirmMixin, GovukForm):
    """The organisation's OpenID Connect provider (issue 20). The secret is never shown again."""

    issuer = forms.URLField(
        label="Issuer",
        help_text="The provider's issuer address, for example "
        "https://login.microsoftonline.com/<tenant id>/v2.0 or https://accounts.google.com.",
        max_length=300,
        assume_scheme="https",
        error_messages={
            "required": "Enter the issuer address",
            "invalid": "Enter the issuer as a full address starting with https://",
        },
        widget=forms.URLInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    client_id = forms.CharField(
        label="Client ID",
        help_text="The application (client) ID your provider gave Signpost.",
        max_length=300,
        error_messages={"required": "Enter the client ID"},
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    client_secret = forms.CharField(
        label="Client secret",
        help_text="Kept encrypted and never shown again. Leave it empty to keep the one saved.",
        required=False,
        max_length=1000,
        strip=True,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )
    enabled = forms.ChoiceField(
        label="Can people sign in through this provider now?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether people can sign in through this provider"},
    )
    passwords_allowed = forms.ChoiceField(
        label="Can people also sign in with a Signpost password?",
        help_text="Choose no once everyone signs in through your provider.",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether people can still use a password"},
    )
    mfa_acr_values = forms.CharField(
        label="Authentication context values that mean a second factor (optional)",
        help_text="One on each line. Signpost already accepts the standard amr value “mfa”. "
        "Without either, leads and admins enter a Signpost security code as well.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "spellcheck": "false", "autocomplete": "off"}),
    )
    group_roles = forms.CharField(
        label="Provider groups that give a role (optional)",
        help_text="One on each line, like “group-id = lead”. Roles are practitioner, lead, "
        "admin and analyst. When set, roles follow the groups at each sign-in; when empty, "
        "you grant roles in Signpost.",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false", "autocomplete": "off"}),
    )

    field_order = [
        "issuer",
        "client_id",
        "client_secret",
        "enabled",
        "passwords_allowed",
        "mfa_acr_values",
        "group_roles",
        "confirm_password",
    ]

    def __init__(self, *args: Any, has_secret: bool = False, **kwargs: Any) -> None:
        self.has_secret = has_secret
        super().__init__(*args, **kwargs)

    def clean_issuer(self) -> str:
        value = self.cleaned_data["issuer"].strip()
        # Plain http only for a provider on this machine outside production (tests, a trial).
        host = value.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
        local = host in {"localhost", "127.0.0.1"} and not settings.PRODUCTION
        if not value.startswith("https://") and not local:
            raise forms.ValidationError("Enter the issuer as a full address starting with https://")
        return value

    def clean_mfa_acr_values(self) -> list[str]:
        return [v.strip() for v in self.cleaned_data["mfa_acr_values"].splitlines() if v.strip()]

    def clean_group_roles(self) -> dict[str, list[str]]:
        mapping: dict[str, list[str]] = {}
        allowed = {value for value, _ in RoleGrant.Kind.choices}
        for line in self.cleaned_data["group_roles"].splitlines():
            if not line.strip():
                continue
            group, sep, role = line.rpartition("=")
            group, role = group.strip(), role.strip().lower()
            if not sep or not group or role not in allowed:
                raise forms.ValidationError(
                    f"Enter each line like “group-id = lead”: “{line.strip()[:60]}” is not. "
                    "Roles are practitioner, lead, admin and analyst"
                )
            mapping.setdefault(group, [])
            if role not in mapping[group]:
                mapping[group].append(role)
        return mapping

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("client_secret") and not self.has_secret and "client_id" in data:
            self.add_error("client_secret", "Enter the client secret your provider gave Signpost")
        return data


def add_reassign_field(form: forms.Form, person: User, leads: list[User]) -> None:
    """When the person holds open cases or tasks: ask who takes them over (issue 15 item 6).
    Checked by the service, which refuses the change without a lead when one is needed."""
    field = govuk(
        forms.ChoiceField(
            label=f"Who takes over {person.full_name}'s open cases and tasks?",
            help_text="Needed if they stop being a safeguarding lead or are deactivated. "
            "Only the organisation's other safeguarding leads can take them over.",
            choices=[(str(lead.pk), lead.full_name) for lead in leads],
            widget=forms.RadioSelect,
            required=False,
        ),
        label_size="m",
    )
    fields = list(form.fields.items())
    at = next((i for i, (name, _f) in enumerate(fields) if name == "confirm_password"), len(fields))
    fields.insert(at, ("reassign_to", field))
    form.fields = dict(fields)


def chosen_lead(form: forms.Form, leads: list[User]) -> User | None:
    value = form.cleaned_data.get("reassign_to") if hasattr(form, "cleaned_data") else None
    return next((lead for lead in leads if str(lead.pk) == value), None)


class YourDetailsForm(GovukForm):
    """A person's own details for the referrals they make (issue 14)."""

    job_title = forms.CharField(
        label="What is your job title?",
        help_text="As you would give it to the Home Office, for example Safeguarding officer. "
        "It goes on the referrals you make.",
        required=False,
        max_length=200,
    )
    phone = govuk(
        forms.CharField(
            label="What is your work phone number?",
            help_text="Where the Home Office can call you about a referral.",
            required=False,
            max_length=40,
            widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        ),
        width=20,
    )

    def clean_phone(self) -> str:
        value = (self.cleaned_data.get("phone") or "").strip()
        if value and not re.fullmatch(r"\+?[0-9 ()-]{7,20}", value):
            raise forms.ValidationError(
                "Enter a phone number, like 01632 960 001 or +44 1632 960 001"
            )
        return value


class ReferralDetailsForm(GovukForm):
    """What the NRM form needs about the organisation, set by an admin (issue 14)."""

    nrm_organisation = govuk(
        forms.ChoiceField(
            label="Which organisation are you on the NRM online form?",
            help_text="The form offers only its own list of First Responder Organisations. Start "
            "typing to find yours.",
            required=False,
        ),
        autocomplete=True,
    )
    team_inbox = forms.EmailField(
        label="Team inbox for when the referrer is away",
        help_text="The Home Office writes here if the person who made a referral cannot be "
        "reached, for example safeguarding@riverside.example.",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.org"
        },
    )

    def __init__(self, *args: Any, organisations: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "nrm_organisation", forms.ChoiceField).choices = [
            ("", "Not chosen yet"),
            *((o, o) for o in organisations),
        ]
