"""Audit event kinds written by accounts (audit/kinds.py)."""

from audit.kinds import EventKind, register

SECURITY = "Signing in and security"
PEOPLE = "People and the organisation"

register(
    EventKind("sign-in", SECURITY, "Signed in"),
    EventKind("sign-in-failed", SECURITY, "Sign-in failed"),
    EventKind("sign-out", SECURITY, "Signed out", ("why",)),
    EventKind("sessions-ended", SECURITY, "Sessions ended", ("reason", "sessions_ended")),
    EventKind("mfa-setup-started", SECURITY, "Second factor set-up started"),
    EventKind("mfa-enrolled", SECURITY, "Second factor added", ("replaced",)),
    EventKind("mfa-verified", SECURITY, "Second factor used", ("factor",)),
    EventKind("mfa-failed", SECURITY, "Second factor failed", ("during",)),
    EventKind("mfa-reset", SECURITY, "Second factor reset by an admin"),
    EventKind(
        "mfa-change-confirmed",
        SECURITY,
        "Change confirmed with the second factor",
        ("factor", "for"),
    ),
    EventKind("mfa-backup-codes-replaced", SECURITY, "Backup codes replaced"),
    EventKind("password-set", SECURITY, "Password set"),
    EventKind("password-reset-requested", SECURITY, "Password reset asked for"),
    EventKind("password-reset-limited", SECURITY, "Password reset refused: too many", ("by",)),
    EventKind(
        "password-reset-refused",
        SECURITY,
        "Password reset refused: the organisation signs in with its own accounts",
        ("reason",),
    ),
    EventKind(
        "password-confirm-failed", SECURITY, "Password re-entered wrongly", ("tries", "limit")
    ),
    EventKind("password-confirm-refused", SECURITY, "Password re-entry refused", ("reason",)),
    EventKind(
        "sso.signed-in",
        SECURITY,
        "Signed in through the organisation's provider",
        ("provider_mfa", "roles_from_groups"),
    ),
    EventKind("sso.refused", SECURITY, "Sign-in through the provider refused", ("why", "code")),
    EventKind("sso.password-refused", SECURITY, "Password refused: the provider is required"),
    EventKind(
        "sso.roles-synced", SECURITY, "Roles set from the provider's groups", ("added", "removed")
    ),
    EventKind("person-created", PEOPLE, "Person added", ("roles",)),
    EventKind("person-deactivated", PEOPLE, "Person deactivated", ("sessions_ended",)),
    EventKind("person-reactivated", PEOPLE, "Person reactivated"),
    EventKind(
        "lead-work-reassigned",
        PEOPLE,
        "Open cases and tasks given to another lead",
        ("to", "cases", "tasks", "then"),
    ),
    EventKind("roles-changed", PEOPLE, "Roles changed", ("added", "removed")),
    EventKind(
        "organisation-email-domains-changed",
        PEOPLE,
        "Organisation's e-mail domains changed",
        ("added", "removed"),
    ),
    EventKind(
        "organisation-signs-setting-changed",
        PEOPLE,
        "Organisation's setting for signs changed",
        ("from", "to"),
    ),
    EventKind("user-details-changed", PEOPLE, "Own referral details changed", ("changed",)),
    EventKind(
        "organisation-referral-details-changed",
        PEOPLE,
        "Organisation's referral details changed",
        ("from", "to"),
    ),
    EventKind(
        "sso.provider-changed",
        PEOPLE,
        "Organisation's sign-in provider changed",
        ("changed", "secret_changed"),
    ),
)
