"""Audit event kinds written by learning (audit/kinds.py)."""

from audit.kinds import EventKind, register

LEARNING = "Learning"

register(
    EventKind(
        "knowledge-check-completed",
        LEARNING,
        "Knowledge check completed",
        ("score", "total", "passed"),
    ),
    EventKind("learning-report-exported", LEARNING, "Learning report exported", ("rows",)),
    EventKind(
        "reflection-session-created",
        LEARNING,
        "Team reflection recorded",
        ("participants", "questions"),
    ),
    EventKind(
        "reflection-session-updated",
        LEARNING,
        "Team reflection changed",
        ("participants", "questions"),
    ),
    EventKind("reflection-session-viewed", LEARNING, "Team reflection viewed"),
    EventKind("reflection-session-printed", LEARNING, "Team reflection printed"),
    EventKind("action-item-created", LEARNING, "Action added to the plan", ("session", "owner")),
    EventKind("action-item-updated", LEARNING, "Action changed", ("owner", "status")),
    EventKind("action-item-status-changed", LEARNING, "Action's progress changed", ("from", "to")),
    EventKind("action-reminder-sent", LEARNING, "Reminder of an action sent", ("owner", "due")),
)
