"""Privacy's parts of the home page, the menu (core/panels.py) and the case page
(cases/panels.py), registered in PrivacyConfig.ready."""

from __future__ import annotations

from django.utils import timezone

from accounts.models import User
from cases import panels as case_panels
from cases.models import Case
from cases.selectors import CaseAccess
from core import panels
from core.access import Role
from core.panels import Context
from privacy import selectors
from privacy.models import SupportGrant


def _support_now(user: User) -> list[SupportGrant]:
    """The support person's grants in force (empty, without a query, for anyone else)."""
    if not selectors.is_support_person(user):
        return []
    return list(selectors.active_grants_of(user))


def home_data_protection(user: User) -> Context | None:
    """ "Data protection" for a lead or an admin; how long records are kept for an admin."""
    if not user.has_any_role((Role.ADMIN, Role.LEAD)):
        return None
    return {"retention": user.has_role(Role.ADMIN)}


def home_support(user: User) -> Context | None:
    """A support person's "Support access": how many cases they may see now."""
    grants = _support_now(user)
    return {"support_now": grants} if grants else None


def nav_privacy(user: User) -> Context | None:
    """ "Retention" for an admin; "Support access" for a support person with access now."""
    retention, support_now = user.has_role(Role.ADMIN), bool(_support_now(user))
    if not (retention or support_now):
        return None
    return {"retention": retention, "support_now": support_now}


def case_box(user: User, case: Case, access: CaseAccess) -> Context | None:
    """Legal hold, subject access and support access, for a lead of the case's organisation."""
    if not (access.owner and user.has_role(Role.LEAD)):  # owner: the case's organisation
        return None
    now = timezone.now()
    grants = [g for g in selectors.support_grants_of_case(case) if g.is_active_at(now)]
    return {"hold": selectors.active_hold(case), "grants": grants}


def register() -> None:
    panels.register_nav_panel("privacy", nav_privacy, template="privacy/_nav.html", order=40)
    panels.register_home_panel(
        "data-protection", home_data_protection, template="privacy/_home.html", order=50
    )
    panels.register_home_panel(
        "support-access", home_support, template="privacy/_home_support.html", order=55
    )
    case_panels.register_case_panel(
        "data-protection", case_box, template="privacy/_case_box.html", side=True
    )
