"""Panels: the parts of a page that the apps above its owner fill (issue 18).

A page that shows something from apps above its own layer (docs/conventions.md) cannot import
them, and a template tag that queries hides the coupling. So each app registers, in its
`AppConfig.ready`, how to build its part of the page: a name, a template, and a `build` that
reads through the app's own selectors and returns the template's context, or None to show
nothing. The page's view fills every panel with one call, and the template renders each with
its own context on top of the page's (`{% panel p %}`, core/templatetags/panels.py).

Core's two pages of panels:
- the home page (`register_home_panel`): `build(user)`; `core.views.home` fills them;
- the menu (`register_nav_panel`): `build(user)`; the context processor
  (`core.context_processors.signpost`) fills them, only when a page shows the menu.
Both take an `order` (smallest first), so the page reads the same whatever order the apps
start in. Other pages keep their own registries built from `PanelRegistry` (the case page and
the case queue: cases/panels.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, ParamSpec

if TYPE_CHECKING:  # types only: core sits below accounts (docs/conventions.md)
    from accounts.models import User

P = ParamSpec("P")
Context = dict[str, Any]


@dataclass(frozen=True)
class Panel:
    """One filled panel: the template to render and its context."""

    name: str
    template: str
    context: Context


@dataclass(frozen=True)
class _Entry(Generic[P]):
    name: str
    template: str
    build: Callable[P, Context | None]
    order: int


class PanelRegistry(Generic[P]):
    """The panels of one page, each built from the same arguments (P), in `order`, and in the
    order registered where two orders are equal."""

    def __init__(self) -> None:
        self._entries: list[_Entry[P]] = []

    def register(
        self, name: str, build: Callable[P, Context | None], *, template: str, order: int = 0
    ) -> None:
        # Registered once by name: a second ready() (tests reloading apps) replaces, never
        # doubles.
        kept = [e for e in self._entries if e.name != name]
        self._entries = sorted([*kept, _Entry(name, template, build, order)], key=_order)

    def unregister(self, name: str) -> None:
        self._entries = [e for e in self._entries if e.name != name]

    def names(self) -> list[str]:
        return [e.name for e in self._entries]

    def fill(self, *args: P.args, **kwargs: P.kwargs) -> list[Panel]:
        """Every panel with something to show, built from the same arguments."""
        filled = []
        for entry in self._entries:
            context = entry.build(*args, **kwargs)
            if context is not None:
                filled.append(Panel(entry.name, entry.template, context))
        return filled


def _order(entry: _Entry[Any]) -> int:
    return entry.order


HOME: PanelRegistry[[User]] = PanelRegistry()
NAV: PanelRegistry[[User]] = PanelRegistry()


def register_home_panel(
    name: str, build: Callable[[User], Context | None], *, template: str, order: int
) -> None:
    """A section of the home page: `build(user)` gives its template's context, or None when
    the person has nothing to see there."""
    HOME.register(name, build, template=template, order=order)


def register_nav_panel(
    name: str, build: Callable[[User], Context | None], *, template: str, order: int
) -> None:
    """Menu items (`<li class="govuk-service-navigation__item">`): `build(user)` gives their
    template's context, or None when the person has none of them. The template reads
    `request` for which item is current."""
    NAV.register(name, build, template=template, order=order)


def home_panels(user: User) -> list[Panel]:
    return HOME.fill(user)


def nav_panels(user: User) -> list[Panel]:
    return NAV.fill(user)
