"""Access rules: every view declares who may reach it, and the access walker test checks them.

A view without a declared rule fails the suite (tests/core/test_access_walker.py). Rules are data
(`AccessRule`), so the walker can read what each URL promises and test every role against it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

if TYPE_CHECKING:  # types only: core sits below accounts (docs/conventions.md)
    from accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """For type checkers only: the request of a view behind `signed_in` or `roles_required`,
    whose user is a signed-in `User` (django-stubs otherwise says `User | AnonymousUser`).
    Annotate such a view's `request` with it; nothing is different at run time."""

    user: User


class Role:
    PRACTITIONER = "practitioner"
    LEAD = "lead"
    ADMIN = "admin"
    ANALYST = "analyst"
    ALL = ("practitioner", "lead", "admin", "analyst")


@dataclass(frozen=True)
class AccessRule:
    """Who may use a view.

    public: anyone, signed in or not. Otherwise the person must be signed in and hold one of
    `roles` (an empty tuple means any signed-in person). `object_scoped` views look up a record by
    an id in the URL and answer 404 to anyone outside the record's organisation.
    """

    public: bool = False
    roles: tuple[str, ...] = ()
    object_scoped: bool = False
    # Where an unverified signed-in person may still go (the MFA pages themselves, sign-out).
    allow_unverified: bool = False

    def allows(self, roles: set[str]) -> bool:
        if self.public or not self.roles:
            return True
        return bool(roles.intersection(self.roles))


ViewFunc = Callable[..., HttpResponse]


def _mark(view: ViewFunc, rule: AccessRule) -> ViewFunc:
    view.access_rule = rule  # type: ignore[attr-defined]
    return view


def public(view: ViewFunc) -> ViewFunc:
    """A page anyone may see, signed in or not (sign-in, accessibility statement...)."""
    return _mark(login_not_required(view), AccessRule(public=True))


def signed_in(*, allow_unverified: bool = False) -> Callable[[ViewFunc], ViewFunc]:
    """Any signed-in person of any role."""

    def decorator(view: ViewFunc) -> ViewFunc:
        return _mark(view, AccessRule(allow_unverified=allow_unverified))

    return decorator


def roles_required(*roles: str, object_scoped: bool = False) -> Callable[[ViewFunc], ViewFunc]:
    """The person must hold one of `roles`; otherwise 403 (the page exists, the record does not)."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated or not request.user.has_any_role(roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return _mark(wrapped, AccessRule(roles=tuple(roles), object_scoped=object_scoped))

    return decorator


def access_rule_of(view: Any) -> AccessRule | None:
    """The rule declared on a view function or class-based view (through .as_view())."""
    rule = getattr(view, "access_rule", None)
    if rule is None and hasattr(view, "view_class"):
        rule = getattr(view.view_class, "access_rule", None)
    return rule
