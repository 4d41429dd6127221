"""Notices' parts of the home page and the menu (core/panels.py), registered in
NoticesConfig.ready. The unread count both show comes from notices/context_processors.py (one
query a page), so these builds query nothing."""

from __future__ import annotations

from accounts.models import User
from core import panels
from core.access import Role
from core.panels import Context


def home_notices(user: User) -> Context:
    """The unread notices (when there are any), and for an admin the e-mails that failed."""
    return {"email_failures": user.has_role(Role.ADMIN)}


def nav_notices(user: User) -> Context:
    return {}


def register() -> None:
    panels.register_nav_panel("notices", nav_notices, template="notices/_nav.html", order=50)
    panels.register_home_panel("notices", home_notices, template="notices/_home.html", order=10)
