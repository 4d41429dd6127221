"""The guide's parts of the home page and the menu (core/panels.py), for everyone signed in;
registered in GuidanceConfig.ready."""

from __future__ import annotations

from accounts.models import User
from core import panels
from core.panels import Context


def for_everyone(user: User) -> Context:
    return {}


def register() -> None:
    panels.register_nav_panel("guidance", for_everyone, template="guidance/_nav.html", order=60)
    panels.register_home_panel("guidance", for_everyone, template="guidance/_home.html", order=60)
