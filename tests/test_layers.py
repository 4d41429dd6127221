"""Imports point down the layers of docs/conventions.md, never up (issue 18).

Reads the import statements of the app code (not tests, not migrations) without running it.
An app may import any app in a lower layer; an import of an app in the same or a higher layer
fails here, unless it is one of today's known ones in KNOWN_UPWARD below, each with its reason
and the planned fix. Imports under `if TYPE_CHECKING:` are for type hints only and never run,
so they are not counted. A new app must be given a layer in LAYERS.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Lowest first. An app imports only from the layers before its own.
LAYERS: list[tuple[str, ...]] = [
    ("core",),  # references, dates, nations, access rules, forms, csv, pdf, tasks, worker
    ("counting",),  # the counting store: monthly tallies, the apps register their counters
    ("audit",),  # the audit chain: every service writes to it
    ("accounts",),  # organisations, people, roles, sign-in
    ("notices",),  # in-app notices and link-only e-mail
    ("guidance",),  # the catalogue of signs and the pathways (pure rules)
    ("concerns",),
    ("cases",),
    ("referrals",),
    ("insights",),  # figures (read from the counting store)
    ("learning", "privacy"),
    ("demo",),  # seed_demo: fills every app
    ("signpost",),  # the project: settings and URLs
]

# Upward imports still allowed: "file -> imported module": "why; the planned fix". None are
# left (issue 18 removed the last eight); never add one: put the code in the right layer, or turn
# the dependency around with a hook the lower app owns (counting/store.py's sides, core/forms.py's
# password check, cases/panels.py).
KNOWN_UPWARD: dict[str, str] = {}


def rank_of() -> dict[str, int]:
    return {app: rank for rank, apps in enumerate(LAYERS) for app in apps}


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", "")
            if name == "TYPE_CHECKING":
                skipped.update(id(inner) for inner in ast.walk(node))
    return skipped


def imports_of(source: str) -> list[tuple[int, str]]:
    """(line, module) for each absolute import that runs (not under TYPE_CHECKING)."""
    tree = ast.parse(source)
    skipped = _type_checking_nodes(tree)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def app_files() -> list[tuple[str, Path]]:
    files = []
    for apps in LAYERS:
        for app in apps:
            for path in sorted((ROOT / app).rglob("*.py")):
                if "migrations" not in path.relative_to(ROOT).parts:
                    files.append((app, path))
    return files


def upward_imports() -> dict[str, str]:
    """ "file -> module": "file:line" for every import of an app in the same or a higher layer."""
    ranks = rank_of()
    found: dict[str, str] = {}
    for app, path in app_files():
        relative = path.relative_to(ROOT).as_posix()
        for line, module in imports_of(path.read_text(encoding="utf-8")):
            target = module.split(".")[0]
            if target in ranks and target != app and ranks[target] >= ranks[app]:
                found.setdefault(f"{relative} -> {module}", f"{relative}:{line}")
    return found


def test_every_app_has_a_layer() -> None:
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps <= set(rank_of()), f"give these apps a layer in LAYERS: {apps - set(rank_of())}"


def test_no_app_imports_one_above_it() -> None:
    new = {key: where for key, where in upward_imports().items() if key not in KNOWN_UPWARD}
    assert not new, (
        "These imports point up the layers (docs/conventions.md); move the code down or turn "
        f"the dependency around: {sorted(new.values())}"
    )


def test_the_known_upward_imports_are_all_still_there() -> None:
    """When an upward import is removed, its allowance goes too, so it cannot come back."""
    gone = set(KNOWN_UPWARD) - set(upward_imports())
    assert not gone, f"remove these from KNOWN_UPWARD: {sorted(gone)}"


def test_the_reader_sees_an_upward_import_and_ignores_type_hints() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "from referrals.selectors import referrals_of_case\n"
        "if TYPE_CHECKING:\n"
        "    from insights import tallies\n"
        "def later():\n"
        "    import privacy.retention\n"
    )
    assert imports_of(source) == [
        (1, "typing"),
        (2, "referrals.selectors"),
        (6, "privacy.retention"),
    ]
