"""The one access rule that is not a role: a platform support person with a grant in force.

No role of core.access gives it, so `allows()` is False for every role (the access walker then
expects 403 or 404 for each of them, and gets 404). The view itself answers 404 unless the
signed-in person holds an active SupportGrant for the case named in the URL.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.access import AccessRule, ViewFunc


@dataclass(frozen=True)
class SupportGrantRule(AccessRule):
    def allows(self, roles: set[str]) -> bool:
        return False


def support_grant_required(view: ViewFunc) -> ViewFunc:
    """Signed in, and the view checks the grant (404 without one)."""
    view.access_rule = SupportGrantRule()  # type: ignore[attr-defined]
    return view
