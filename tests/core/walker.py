"""Enumerate every URL pattern with its view, for the access walker and the axe sweep."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from core.access import AccessRule, access_rule_of


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    pattern: str
    view: Any
    rule: AccessRule | None


def iter_routes(
    resolver: URLResolver | None = None, prefix: str = "", ns: str = ""
) -> Iterator[Route]:
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = ns
            if entry.namespace:
                namespace = f"{ns}{entry.namespace}:"
            yield from iter_routes(entry, prefix + str(entry.pattern), namespace)
        elif isinstance(entry, URLPattern):
            name = f"{ns}{entry.name}" if entry.name else f"{prefix}{entry.pattern}"
            yield Route(
                name, prefix + str(entry.pattern), entry.callback, access_rule_of(entry.callback)
            )


def undeclared(routes: list[Route]) -> list[str]:
    return [route.name for route in routes if route.rule is None]
