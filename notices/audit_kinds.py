"""Audit event kinds written by notices (audit/kinds.py)."""

from audit.kinds import EventKind, register

NOTICES = "Notices and e-mail"

register(
    EventKind("notice-opened", NOTICES, "Notice opened"),
    EventKind("notices-read", NOTICES, "Notices marked read", ("count",)),
    EventKind("email-delivery-retried", NOTICES, "E-mail sent again", ("kind", "attempts_before")),
)
