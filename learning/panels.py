"""Learning's parts of the home page and the menu (core/panels.py), registered in
LearningConfig.ready."""

from __future__ import annotations

from django.utils import timezone

from accounts.models import User
from core import panels
from core.panels import Context
from core.workdays import add_working_days
from learning.selectors import learning_status_of, open_actions_owned_by


def home_learning(user: User) -> Context:
    """Where the person stands with the knowledge check, and their actions: how many are open,
    and which are due by the next working day."""
    horizon = add_working_days(timezone.localdate(), 1, user.organisation.nation)
    return {
        "status": learning_status_of(user),
        "due_actions": list(open_actions_owned_by(user).filter(due_date__lte=horizon)),
        "open_count": open_actions_owned_by(user).count(),
    }


def nav_learning(user: User) -> Context:
    return {}


def register() -> None:
    panels.register_nav_panel("learning", nav_learning, template="learning/_nav.html", order=70)
    panels.register_home_panel("learning", home_learning, template="learning/_home.html", order=70)
