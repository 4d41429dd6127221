"""Audit event kinds written by insights (audit/kinds.py)."""

from audit.kinds import EventKind, register

FIGURES = "Figures"

register(
    EventKind(
        "figures-viewed", FIGURES, "Organisation's figures viewed", ("from", "to", "suppressed")
    ),
    EventKind(
        "insight-threshold-changed", FIGURES, "Smallest number shown changed", ("from", "to")
    ),
    EventKind(
        "national-statistics-loaded",
        FIGURES,
        "National statistics loaded",
        ("added", "changed", "unchanged"),
    ),
)
