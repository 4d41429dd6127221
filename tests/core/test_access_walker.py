"""The access walker: every URL pattern, every role, and a person from another organisation.

A URL whose view declares no access rule fails here (security-targets.md, Access; ASVS 8.2.1).
Samples say how to fill each URL's parameters with a record of Northgate School; the walker then
checks that each role gets what the rule promises, and that the same role at Riverside Council
gets 404 for an object-scoped page.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import path, reverse

from accounts.demo import Cast
from core.access import Role, public
from tests.conftest import verified_client
from tests.core.walker import Route, iter_routes, undeclared

Sample = Callable[[Cast], dict[str, Any]]

# How to fill in each URL that takes parameters: always with a Northgate School record.
SAMPLES: dict[str, Sample] = {
    "accounts:person": lambda c: {"pk": c.people["priya"].pk},
    "accounts:person-roles": lambda c: {"pk": c.people["priya"].pk},
    "accounts:person-mfa-reset": lambda c: {"pk": c.people["priya"].pk},
    "accounts:person-active": lambda c: {"pk": c.people["priya"].pk},
    "accounts:password-reset-confirm": lambda c: {"uidb64": "MQ", "token": "not-a-token"},
}
# Each app's tests may add `tests/<app>/walker_samples.py` with its own SAMPLES (and a
# `setup(cast)` that creates the Northgate records those samples point to).
SETUPS: list[Callable[[Cast], None]] = []
for sample_file in sorted(Path(__file__).resolve().parents[1].glob("*/walker_samples.py")):
    module = importlib.import_module(f"tests.{sample_file.parent.name}.walker_samples")
    SAMPLES.update(module.SAMPLES)
    if hasattr(module, "setup"):
        SETUPS.append(module.setup)


def prepare(cast: Cast) -> None:
    """Create the records that the samples point to (each app's setup, once per test)."""
    for setup in SETUPS:
        setup(cast)


ROLE_OF = {"priya": Role.PRACTITIONER, "lee": Role.LEAD, "ada": Role.ADMIN, "ana": Role.ANALYST}


def routes() -> list[Route]:
    return [r for r in iter_routes() if not r.pattern.startswith("static/")]


def url_for(route: Route, cast: Cast) -> str:
    if route.name in SAMPLES:
        return reverse(route.name, kwargs=SAMPLES[route.name](cast))
    return reverse(route.name)


def test_every_url_declares_an_access_rule() -> None:
    missing = undeclared(routes())
    assert missing == [], f"URLs without an access rule (use core.access decorators): {missing}"


def test_the_walker_catches_a_url_without_a_rule() -> None:
    def sneaky(request: Any) -> HttpResponse:
        return HttpResponse("case data")

    def statement(request: Any) -> HttpResponse:
        return HttpResponse("accessibility")

    from django.urls import URLResolver
    from django.urls.resolvers import RegexPattern

    class FakeConf:
        urlpatterns = [
            path("sneaky/", sneaky, name="sneaky"),
            path("open/", public(statement), name="open"),
        ]

    resolver = URLResolver(RegexPattern(r"^/"), FakeConf)
    assert undeclared(list(iter_routes(resolver))) == ["sneaky"]


def _is_login_redirect(response: HttpResponse) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:sign-in")
    )


@pytest.mark.django_db
def test_every_url_gives_each_role_what_its_rule_promises(cast: Cast, make_person) -> None:
    failures: list[str] = []
    prepare(cast)
    clients = {key: verified_client(cast.people[key]) for key in ROLE_OF}
    outsiders = {
        role: verified_client(make_person(cast.orgs["riverside"], role)) for role in Role.ALL
    }
    for route in routes():
        rule = route.rule
        assert rule is not None
        if route.name not in SAMPLES and "<" in route.pattern:
            failures.append(f"{route.name}: add a sample in SAMPLES to fill {route.pattern}")
            continue
        url = url_for(route, cast)
        anonymous = Client().get(url)
        if rule.public:
            if _is_login_redirect(anonymous) or anonymous.status_code in (403, 404):
                failures.append(
                    f"{route.name}: public page refused anonymous ({anonymous.status_code})"
                )
            continue
        if not _is_login_redirect(anonymous):
            failures.append(f"{route.name}: anonymous got {anonymous.status_code}, not sign-in")
        for key, role in ROLE_OF.items():
            status = clients[key].get(url).status_code
            allowed = rule.allows({role})
            if allowed and status in (403, 404):
                failures.append(f"{route.name}: {role} refused ({status}) but the rule allows it")
            if not allowed and status not in (403, 404):
                failures.append(f"{route.name}: {role} got {status} but the rule refuses it")
        if rule.object_scoped:
            for role in rule.roles:
                status = outsiders[role].get(url).status_code
                if status != 404:
                    failures.append(
                        f"{route.name}: {role} of another organisation got {status}, not 404"
                    )
    assert failures == []
