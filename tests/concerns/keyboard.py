"""Keyboard-only helpers for the concern journey's browser tests: Tab, Space, arrows, Enter."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

TAB_LIMIT = 400


def _focused(locator: Locator) -> bool:
    return bool(locator.evaluate("el => el === document.activeElement"))


def tab_to(page: Page, locator: Locator) -> None:
    """Press Tab until `locator` has the focus, as a keyboard user would."""
    for _ in range(TAB_LIMIT):
        if _focused(locator):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"could not reach {locator} with the Tab key")


def activate(page: Page, locator: Locator) -> None:
    """Tab to a link or button and press Enter."""
    tab_to(page, locator)
    page.keyboard.press("Enter")


def press_button(page: Page, name: str) -> None:
    activate(page, page.get_by_role("button", name=name, exact=True))


def follow_link(page: Page, name: str) -> None:
    activate(page, page.get_by_role("link", name=name, exact=True).first)


def type_into(page: Page, locator: Locator, text: str) -> None:
    tab_to(page, locator)
    page.keyboard.type(text)


def tick(page: Page, locator: Locator) -> None:
    tab_to(page, locator)
    page.keyboard.press("Space")


def choose(page: Page, name: str, value: str) -> None:
    """Select a radio the keyboard way: Tab into the group, then arrows (or Space)."""
    target = page.locator(f'input[type=radio][name="{name}"][value="{value}"]')
    for _ in range(TAB_LIMIT):
        if page.evaluate(
            "name => document.activeElement && document.activeElement.name === name", name
        ):
            break
        page.keyboard.press("Tab")
    else:
        raise AssertionError(f"could not reach the {name} radios with the Tab key")
    for _ in range(12):
        if target.is_checked():
            return
        page.keyboard.press("Space" if _focused(target) else "ArrowDown")
    raise AssertionError(f"could not choose {value} for {name}")
