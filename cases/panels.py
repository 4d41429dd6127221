"""The case page's panels: the parts of it that apps above cases fill (issue 18).

Cases sits below referrals in the layers (docs/conventions.md), so the case page cannot ask
referrals for the case's referrals and handovers. Each higher app registers instead, in its
`AppConfig.ready`, how to build its parts; the case view fills them all with one call
(`fill`) and the page includes each part's template with the context built for it
(`{% case_panel %}` in cases/templatetags/case_tags.py). A build gets the acting person, the
case and what that person may see of it (`CaseAccess`), reads through its own app's selectors
(which take the person, so deny by default holds), and returns None to show nothing.

Three kinds of part:
- a section of the page (`register_case_panel`), after the tasks, in the order registered;
- what stands under a pathway step (`register_step_panel`): its build returns a context for
  each pathway action it has something for;
- the case's own records a decision may name (`register_decision_records`): offered when a
  lead records a decision, and linked from the decisions list by their reference.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from accounts.models import User
from cases.models import Case
from cases.selectors import CaseAccess

Context = dict[str, Any]
PanelBuild = Callable[[User, Case, CaseAccess], Context | None]
StepBuild = Callable[[User, Case, CaseAccess], dict[str, Context]]
RecordsBuild = Callable[[User, Case], Iterable[Any]]


@dataclass(frozen=True)
class _Registered:
    name: str
    template: str
    build: Callable[..., Any]


@dataclass(frozen=True)
class _Records:
    name: str
    build: RecordsBuild
    url: Callable[[Any], str]


_SECTIONS: list[_Registered] = []
_STEPS: list[_Registered] = []
_RECORDS: list[_Records] = []


def _add(registry: list[Any], entry: Any) -> None:
    # Registered once by name: a second ready() (tests reloading apps) replaces, never doubles.
    registry[:] = [e for e in registry if e.name != entry.name] + [entry]


def register_case_panel(name: str, build: PanelBuild, *, template: str) -> None:
    """A section of the case page: `build(user, case, access)` gives its template's context,
    or None when the person has nothing to see there."""
    _add(_SECTIONS, _Registered(name, template, build))


def register_step_panel(name: str, build: StepBuild, *, template: str) -> None:
    """What stands under pathway steps: `build(user, case, access)` gives {action: context}."""
    _add(_STEPS, _Registered(name, template, build))


def register_decision_records(name: str, build: RecordsBuild, *, url: Callable[[Any], str]) -> None:
    """The case's own records a decision may name, oldest first, as far as the person may open
    them: each has `pk`, `reference`, `get_kind_display()` and `get_status_display()`; `url`
    gives a record's page."""
    _add(_RECORDS, _Records(name, build, url))


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: Context


@dataclass(frozen=True)
class CasePanels:
    sections: list[Panel] = field(default_factory=list)
    steps: dict[str, list[Panel]] = field(default_factory=dict)

    def for_step(self, action: str) -> list[Panel]:
        return self.steps.get(action, [])


def fill(user: User, case: Case, access: CaseAccess) -> CasePanels:
    """Every registered part of the case page, built for this person."""
    sections = []
    for entry in _SECTIONS:
        context = entry.build(user, case, access)
        if context is not None:
            sections.append(Panel(entry.name, entry.template, context))
    steps: dict[str, list[Panel]] = {}
    for entry in _STEPS:
        for action, context in entry.build(user, case, access).items():
            steps.setdefault(action, []).append(Panel(entry.name, entry.template, context))
    return CasePanels(sections=sections, steps=steps)


def decision_records(user: User, case: Case) -> list[Any]:
    """The case's own records a decision may name, for the person recording it."""
    return [record for entry in _RECORDS for record in entry.build(user, case)]


def record_links(user: User, case: Case) -> dict[str, str]:
    """A decision's stored reference -> the page of the case's record with it, for the records
    the person may open; a reference made outside Signpost has none and stays plain text."""
    links: dict[str, str] = {}
    for entry in _RECORDS:
        for record in entry.build(user, case):
            if record.reference:
                links.setdefault(record.reference, entry.url(record))
    return links
