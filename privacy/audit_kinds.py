"""Audit event kinds written by privacy (audit/kinds.py)."""

from audit.kinds import EventKind, register

PRIVACY = "Privacy, retention and support access"

register(
    EventKind("legal-hold-placed", PRIVACY, "Legal hold placed", ("hold",)),
    EventKind("legal-hold-lifted", PRIVACY, "Legal hold lifted", ("hold",)),
    EventKind(
        "record-deleted",
        PRIVACY,
        "Record deleted at the end of its retention",
        ("case", "concerns"),
    ),
    EventKind(
        "retention-rule-changed", PRIVACY, "Retention period changed", ("record_type", "from", "to")
    ),
    EventKind("subject-access-export", PRIVACY, "Subject access copy made", ("format",)),
    EventKind(
        "support-access-granted", PRIVACY, "Support access granted", ("grant", "to", "hours")
    ),
    EventKind("support-access-refused", PRIVACY, "Support access refused"),
    EventKind("support-access-revoked", PRIVACY, "Support access ended", ("grant",)),
    EventKind("support-access-used", PRIVACY, "Support access used", ("grant",)),
)
