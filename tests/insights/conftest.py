"""The national figures as shipped, loaded through the service (so tests do not depend on the
data migration's rows surviving a transactional test's flush)."""

from __future__ import annotations

from pathlib import Path

import pytest

from insights.national import YearFigures, parse_rows
from insights.services import national_statistics_load

DATA_FILE = Path(__file__).resolve().parents[2] / "insights" / "data" / "nrm-statistics.csv"


def shipped_years() -> list[YearFigures]:
    return parse_rows(DATA_FILE.read_text(encoding="utf-8"))


def load_shipped_figures() -> None:
    national_statistics_load(rows=shipped_years())


@pytest.fixture
def national_figures(db: None) -> list[YearFigures]:
    load_shipped_figures()
    return shipped_years()


@pytest.fixture
def exact_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cell-key perturbation changes nothing: for the tests of suppression itself, which check
    exact counts (the perturbation has its own tests in test_differencing.py)."""
    monkeypatch.setattr("insights.cellkey.CHANGES", ((256, 0),))
