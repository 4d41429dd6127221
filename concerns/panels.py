"""Concerns' parts of the home page and the menu (core/panels.py), registered in
ConcernsConfig.ready."""

from __future__ import annotations

from accounts.models import User
from concerns.models import Status
from concerns.selectors import concerns_for_leads, draft_of
from core import panels
from core.access import Role
from core.panels import Context

_WRITERS = (Role.PRACTITIONER, Role.LEAD)


def home_concerns(user: User) -> Context | None:
    """ "Worried about someone?", after the person's own unfinished concern if they have one
    (nobody else ever sees a draft)."""
    if not user.has_any_role(_WRITERS):
        return None
    return {"draft": draft_of(user)}


def home_received(user: User) -> Context | None:
    """A lead's "Concerns sent to you": how many new ones wait to be looked at."""
    if not user.has_role(Role.LEAD):
        return None
    return {"waiting": concerns_for_leads(user).filter(status=Status.RECEIVED).count()}


def nav_concerns(user: User) -> Context | None:
    """ "Record a concern" and "My concerns" for those who write them; "New concerns" for a
    lead."""
    record, received = user.has_any_role(_WRITERS), user.has_role(Role.LEAD)
    if not (record or received):
        return None
    return {"record": record, "received": received}


def register() -> None:
    panels.register_nav_panel("concerns", nav_concerns, template="concerns/_nav.html", order=10)
    panels.register_home_panel("concerns", home_concerns, template="concerns/_home.html", order=20)
    panels.register_home_panel(
        "concerns-received", home_received, template="concerns/_home_received.html", order=25
    )
