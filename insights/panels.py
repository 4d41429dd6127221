"""Figures' parts of the home page and the menu (core/panels.py), registered in
InsightsConfig.ready."""

from __future__ import annotations

from accounts.models import User
from core import panels
from core.access import Role
from core.panels import Context


def home_figures(user: User) -> Context:
    """The national figures for everyone; the organisation's for its leads and analysts; the
    small-numbers setting for its admins."""
    return {
        "organisation": user.has_any_role((Role.LEAD, Role.ANALYST)),
        "small_numbers": user.has_role(Role.ADMIN),
    }


def nav_figures(user: User) -> Context:
    return {}


def register() -> None:
    panels.register_nav_panel("insights", nav_figures, template="insights/_nav.html", order=80)
    panels.register_home_panel("insights", home_figures, template="insights/_home.html", order=80)
