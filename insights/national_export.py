"""The national figures as a CSV download, in the columns of the file they were loaded from
(insights/national.py reads that file)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from core.csv import safe_cell
from insights.national import COLUMNS, YearFigures


def spreadsheet_safe(value: int | str | None) -> int | str:
    """A cell a spreadsheet will not run as a formula (OWASP CSV injection): text goes through
    core.csv.safe_cell (a leading single quote before = + - @ tab or carriage return); numbers
    stay numbers and a figure not published (None) is an empty cell."""
    if value is None:
        return ""
    if isinstance(value, int):
        return value
    return safe_cell(value)


def to_csv(years: Sequence[YearFigures]) -> str:
    """The national figures in the same columns as the file they were loaded from."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for figures in sorted(years, key=lambda f: f.year):
        writer.writerow([spreadsheet_safe(figures.as_dict()[column]) for column in COLUMNS])
    return out.getvalue()


def file_name(years: Sequence[YearFigures]) -> str:
    """The download's name, by the years it holds: nrm-statistics-2009-to-2025.csv."""
    span = f"{years[0].year}-to-{years[-1].year}" if years else "none"
    return f"nrm-statistics-{span}.csv"
