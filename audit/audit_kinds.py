"""Audit event kinds written by the audit app itself, and the shared "export" kind that every
app's exports use (audit/kinds.py)."""

from audit.chain import ANCHOR_KIND
from audit.kinds import EventKind, register

register(
    EventKind(
        ANCHOR_KIND,
        "Audit log",
        "Audit chain anchored to its key",
        ("legacy_events", "legacy_head"),
    ),
    # One kind for every export; `what` says which (audit-events, nrm-answer-sheet, figures...).
    EventKind(
        "export",
        "Exports",
        "Exported",
        ("what", "format", "from", "to", "years", "threshold", "export"),
    ),
    # Written by the backup and restore commands (audit/management/commands/).
    EventKind("backup-made", "Backups", "Backup made", ("file",)),
    EventKind("backup-restored", "Backups", "Backup restored", ("file",)),
)
