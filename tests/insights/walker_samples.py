"""Insights URLs take no parameters; setup loads the national figures so the access walker and
the axe sweep see the national page as people will, with its charts and tables."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from accounts.demo import Cast
from tests.insights.conftest import load_shipped_figures

SAMPLES: dict[str, Callable[[Cast], dict[str, Any]]] = {}


def setup(cast: Cast) -> None:
    load_shipped_figures()
