"""The organisation's and the person's own parts of the home page and the menu
(core/panels.py), registered in AccountsConfig.ready: people and the audit log for an admin,
and everyone's sign-in settings."""

from __future__ import annotations

from accounts.models import User
from core import panels
from core.access import Role
from core.panels import Context


def for_admins(user: User) -> Context | None:
    return {} if user.has_role(Role.ADMIN) else None


def for_everyone(user: User) -> Context:
    return {}


def register() -> None:
    panels.register_nav_panel("admin", for_admins, template="accounts/_nav.html", order=90)
    panels.register_home_panel("organisation", for_admins, template="accounts/_home.html", order=90)
    panels.register_home_panel(
        "account", for_everyone, template="accounts/_home_account.html", order=100
    )
