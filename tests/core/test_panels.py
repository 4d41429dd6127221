"""The home page's and the menu's panels (core/panels.py, issue 18): each app registers its
own, the view (or the menu's context processor) fills them in one go, a panel whose build
returns None shows nothing, and they come in their order whichever app registered first."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.urls import reverse

from cases import services as case_services
from core import panels
from core.context_processors import signpost
from core.panels import PanelRegistry
from tests.cases.factories import open_case

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
HOME = reverse("core:home")


def test_a_registry_builds_each_panel_in_order_and_skips_one_that_returns_none() -> None:
    registry: PanelRegistry[[str]] = PanelRegistry()
    registry.register("late", lambda who: {"who": who}, template="late.html", order=20)
    registry.register("nothing", lambda who: None, template="nothing.html", order=5)
    registry.register("early", lambda who: {"n": 1}, template="early.html", order=10)
    registry.register("early-too", lambda who: {}, template="early-too.html", order=10)
    filled = registry.fill("lee")
    # By order; two with the same order keep the order they were registered in.
    assert [p.name for p in filled] == ["early", "early-too", "late"]
    assert filled[2].template == "late.html" and filled[2].context == {"who": "lee"}
    assert registry.names() == ["nothing", "early", "early-too", "late"]


def test_registering_a_name_again_replaces_it_where_its_order_puts_it() -> None:
    registry: PanelRegistry[[]] = PanelRegistry()
    registry.register("a", lambda: {"v": 1}, template="a.html", order=1)
    registry.register("b", lambda: {}, template="b.html", order=2)
    registry.register("a", lambda: {"v": 2}, template="a2.html", order=3)
    assert registry.names() == ["b", "a"]
    assert [(p.template, p.context) for p in registry.fill()] == [
        ("b.html", {}),
        ("a2.html", {"v": 2}),
    ]
    registry.unregister("a")
    assert registry.names() == ["b"]


def test_the_home_page_and_the_menu_keep_the_order_each_app_asked_for() -> None:
    assert panels.HOME.names() == [
        "notices",
        "concerns",
        "concerns-received",
        "cases",
        "tasks",
        "data-protection",
        "support-access",
        "guidance",
        "learning",
        "insights",
        "organisation",
        "account",
    ]
    assert panels.NAV.names() == [
        "concerns",
        "cases",
        "referrals",
        "privacy",
        "notices",
        "guidance",
        "learning",
        "insights",
        "admin",
    ]


def test_a_home_panel_that_returns_none_shows_nothing(as_user, priya, monkeypatch) -> None:
    registry: PanelRegistry = PanelRegistry()
    registry.register("guide", lambda user: None, template="guidance/_home.html", order=1)
    registry.register("account", lambda user: {}, template="accounts/_home_account.html", order=2)
    monkeypatch.setattr(panels, "HOME", registry)
    page = as_user(priya).get(HOME).content.decode()
    assert "Your sign-in and security settings" in page
    assert "Find out what to do" not in page
    assert "Worried about someone?" not in page  # no other app's section either


def test_each_role_sees_its_own_home_sections_in_order(as_user, priya, lee, ada, ana) -> None:
    def headings(user) -> list[str]:
        page = as_user(user).get(HOME).content.decode()
        main = page[page.index("<main") : page.index("</main>")]
        return re.findall(r'<h2 class="govuk-heading-m">([^<]*)</h2>', main)

    common = ["What should I do?", "Learning", "Figures"]
    assert headings(priya) == ["Worried about someone?", *common, "Your account"]
    assert headings(lee) == [
        "Worried about someone?",
        "Concerns sent to you",
        "Cases",
        "Data protection",
        *common,
        "Your account",
    ]
    assert headings(ada) == ["Data protection", *common, "Your organisation", "Your account"]
    assert headings(ana) == [*common, "Your account"]


def test_the_menu_shows_each_role_its_items_in_order(as_user, priya, lee, ada, ana) -> None:
    def items(user) -> list[str]:
        page = as_user(user).get(reverse("accounts:account")).content.decode()
        start = page.index('id="navigation"')
        menu = page[start : page.index("</ul>", start)]
        links = menu.split('class="govuk-service-navigation__link"')[1:]
        return [link.split(">", 1)[1].split("<", 1)[0].strip() for link in links]

    common = ["Notices", "What should I do?", "Learning", "Figures"]
    ends = ["Your account"]  # then the sign-out button
    assert items(priya) == ["Home", "Record a concern", "My concerns", *common, *ends]
    assert items(lee) == [
        "Home",
        "Record a concern",
        "My concerns",
        "New concerns",
        "Cases",
        "Deadlines",
        *common,
        *ends,
    ]
    assert items(ada) == ["Home", "Retention", *common, "People", "Audit log", *ends]
    assert items(ana) == ["Home", *common, *ends]


def test_the_menu_is_built_only_when_a_page_shows_it(rf, client, as_user, priya, monkeypatch):
    built: list[object] = []
    registry: PanelRegistry = PanelRegistry()
    registry.register("x", lambda user: built.append(user), template="guidance/_nav.html", order=1)
    monkeypatch.setattr(panels, "NAV", registry)
    request = rf.get(HOME)
    request.user = priya
    request.session = {}
    context = signpost(request)
    assert built == []  # nothing built until the menu is read
    assert list(context["nav_panels"]) == [] and built == [priya]
    assert client.get(reverse("core:accessibility")).status_code == 200  # not signed in: no menu
    assert built == [priya]
    as_user(priya).get(reverse("core:accessibility"))
    assert built == [priya, priya]  # once for the page


def test_the_home_page_makes_the_same_few_queries_however_much_there_is(
    as_user, lee, priya, django_assert_max_num_queries
) -> None:
    client = as_user(lee)
    client.get(HOME)  # warm the session
    with django_assert_max_num_queries(14):
        client.get(HOME)
    for i in range(12):
        case = open_case(lee, priya)
        case_services.task_add(
            case=case, title=f"Ring {i}", working_days=2, assigned_to=lee, by=lee
        )
    with django_assert_max_num_queries(14):
        page = client.get(HOME).content.decode()
    assert page.count('href="/cases/tasks/') == 12


def test_no_template_tag_reads_through_a_selector() -> None:
    """What a page shows is built by its view (or a registered panel), never queried from a
    template: no template tag library imports a selectors module."""
    found = []
    for path in ROOT.glob("*/templatetags/*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            found += [f"{path.relative_to(ROOT)}: {n}" for n in names if "selectors" in n]
    assert found == []
