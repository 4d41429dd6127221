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
    # Written by core's backup and restore commands, declared here because core sits below
    # audit (docs/conventions.md); the commands are to move beside audit (issue 18).
    EventKind("backup-made", "Backups", "Backup made", ("file",)),
    EventKind("backup-restored", "Backups", "Backup restored", ("file",)),
)
