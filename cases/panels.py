"""The case page's and the case queue's panels: the parts of them that apps above cases fill
(issue 18; the registries are core/panels.py's `PanelRegistry`).

Cases sits below referrals and privacy in the layers (docs/conventions.md), so the case page
cannot ask referrals for the case's referrals and handovers, nor privacy for its legal hold. Each
higher app registers instead, in its `AppConfig.ready`, how to build its parts; the page's
presenter (cases/presenters.py, called by the view) fills them all with one call (`fill`,
`fill_queue`) and the page renders each part's template with the context built for it
(`{% case_panel %}` in cases/templatetags/case_tags.py). A build reads through its own app's
selectors (which take the person, so deny by default holds), and returns None to show nothing.

The kinds of part:
- a section of the case page (`register_case_panel`), after the tasks, in the order registered;
  with `side=True`, in the column beside the summary, under "Work on this case";
- what stands under a pathway step (`register_step_panel`): its build returns a context for
  each pathway action it has something for;
- the case's own records a decision may name (`register_decision_records`): offered when a
  lead records a decision, and linked from the decisions list by their reference;
- a prompt above the case queue's tabs (`register_queue_panel`): `build(user)`, for the lead.
A case page's build gets the acting person, the case and what that person may see of it
(`CaseAccess`).

At the end: cases' own parts of core's home page and menu (core/panels.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from accounts.models import User
from cases import selectors
from cases.models import Case
from cases.selectors import CaseAccess
from core import panels as core_panels
from core.access import Role
from core.panels import Context, Panel, PanelRegistry

PanelBuild = Callable[[User, Case, CaseAccess], Context | None]
StepBuild = Callable[[User, Case, CaseAccess], dict[str, Context]]
RecordsBuild = Callable[[User, Case], Iterable[Any]]
QueueBuild = Callable[[User], Context | None]


@dataclass(frozen=True)
class _Registered:
    name: str
    template: str
    build: StepBuild


@dataclass(frozen=True)
class _Records:
    name: str
    build: RecordsBuild
    url: Callable[[Any], str]


_SECTIONS: PanelRegistry[[User, Case, CaseAccess]] = PanelRegistry()
_SIDE: PanelRegistry[[User, Case, CaseAccess]] = PanelRegistry()
_QUEUE: PanelRegistry[[User]] = PanelRegistry()
_STEPS: list[_Registered] = []
_RECORDS: list[_Records] = []


def _add(registry: list[Any], entry: Any) -> None:
    # Registered once by name: a second ready() (tests reloading apps) replaces, never doubles.
    registry[:] = [e for e in registry if e.name != entry.name] + [entry]


def register_case_panel(name: str, build: PanelBuild, *, template: str, side: bool = False) -> None:
    """A section of the case page: `build(user, case, access)` gives its template's context,
    or None when the person has nothing to see there. `side=True` puts it in the column beside
    the summary."""
    (_SECTIONS if side else _SIDE).unregister(name)
    (_SIDE if side else _SECTIONS).register(name, build, template=template)


def register_step_panel(name: str, build: StepBuild, *, template: str) -> None:
    """What stands under pathway steps: `build(user, case, access)` gives {action: context}."""
    _add(_STEPS, _Registered(name, template, build))


def register_decision_records(name: str, build: RecordsBuild, *, url: Callable[[Any], str]) -> None:
    """The case's own records a decision may name, oldest first, as far as the person may open
    them: each has `pk`, `reference`, `get_kind_display()` and `get_status_display()`; `url`
    gives a record's page."""
    _add(_RECORDS, _Records(name, build, url))


def register_queue_panel(name: str, build: QueueBuild, *, template: str) -> None:
    """A prompt above the case queue's tabs: `build(user)` gives its template's context, or
    None when there is nothing to prompt."""
    _QUEUE.register(name, build, template=template)


@dataclass(frozen=True)
class CasePanels:
    sections: list[Panel] = field(default_factory=list)
    side: list[Panel] = field(default_factory=list)
    steps: dict[str, list[Panel]] = field(default_factory=dict)

    def for_step(self, action: str) -> list[Panel]:
        return self.steps.get(action, [])


def fill(user: User, case: Case, access: CaseAccess) -> CasePanels:
    """Every registered part of the case page, built for this person."""
    steps: dict[str, list[Panel]] = {}
    for entry in _STEPS:
        for action, context in entry.build(user, case, access).items():
            steps.setdefault(action, []).append(Panel(entry.name, entry.template, context))
    return CasePanels(
        sections=_SECTIONS.fill(user, case, access),
        side=_SIDE.fill(user, case, access),
        steps=steps,
    )


def fill_queue(user: User) -> list[Panel]:
    """The prompts above the case queue's tabs, built for this lead."""
    return _QUEUE.fill(user)


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


# ---- Cases' own parts of core's pages (core/panels.py), registered in CasesConfig.ready.


def home_cases(user: User) -> Context | None:
    """A lead's "Cases": how many open cases they lead, and how many new concerns wait to be
    triaged."""
    if not user.has_role(Role.LEAD):
        return None
    return {
        "new": selectors.received_concerns(user).count(),
        "mine": selectors.cases_owned_by(user).filter(assigned_lead=user, status="open").count(),
    }


def home_tasks(user: User) -> Context | None:
    """The open tasks given to the person (at most 20), each linking to its own task page (issue
    15 item 5), so a lost e-mail loses nothing; nothing when there are none."""
    if not user.has_any_role((Role.PRACTITIONER, Role.LEAD)):
        return None
    given = selectors.tasks_given_to(user).filter(assigned_to_id=user.pk, done_at=None)
    tasks = list(given[:20])
    return {"tasks": tasks} if tasks else None


def nav_cases(user: User) -> Context | None:
    return {} if user.has_role(Role.LEAD) else None


def register() -> None:
    core_panels.register_nav_panel("cases", nav_cases, template="cases/_nav.html", order=20)
    core_panels.register_home_panel("cases", home_cases, template="cases/_home.html", order=30)
    core_panels.register_home_panel(
        "tasks", home_tasks, template="cases/_home_tasks.html", order=35
    )
