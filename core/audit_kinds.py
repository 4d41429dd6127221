"""Audit event kinds written by core (audit/kinds.py)."""

from audit.kinds import EventKind, register

BACKUPS = "Backups"

register(
    EventKind("backup-made", BACKUPS, "Backup made", ("file",)),
    EventKind("backup-restored", BACKUPS, "Backup restored", ("file",)),
)
