"""The official form's choice lists: read from the data files, stored as FormListValue rows.

The form accepts only its own values in its select fields (nationality, the First Responder
Organisation, the local authority, overseas countries: referrals/official/data/lists/README.md),
so a sheet meant to be typed into it must use them. `load_lists` refreshes the rows from the
files; `values_of` and `match` read them.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

LISTS_DIR = Path(__file__).resolve().parent / "data" / "lists"
FILES = {
    "nationalities": "nationalities.txt",
    "countries": "countries.txt",
    "organisations": "organisations.txt",
    "local-authorities": "local-authorities.csv",
}
# The form's select fields and the list each takes its values from.
LIST_OF_FIELD: dict[str, str] = {
    "user-organisation": "organisations",
    "pv-nationality": "nationalities",
    "pv-nationality-second": "nationalities",
    "local-authority-contacted-about-child-local-authority-name": "local-authorities",
    **{f"where-exploitation-happened-overseas-country-{i}": "countries" for i in range(1, 11)},
}


def read_file(list_name: str) -> list[tuple[str, str]]:
    """(value, code) pairs in the file's order, without blanks or repeats."""
    path = LISTS_DIR / FILES[list_name]
    rows: list[tuple[str, str]] = []
    if path.suffix == ".csv":
        with path.open(newline="", encoding="utf-8") as fh:
            rows = [(r["name"].strip(), r["gss_code"].strip()) for r in csv.DictReader(fh)]
    else:
        rows = [(line.strip(), "") for line in path.read_text(encoding="utf-8").splitlines()]
    seen: set[str] = set()
    out = []
    for value, code in rows:
        if value and value not in seen:
            seen.add(value)
            out.append((value, code))
    return out


def load_lists(model: Any) -> dict[str, int]:
    """Replace the stored values of every list with the files' (model: FormListValue, or the
    historical model in a migration). Returns the number of values per list."""
    counts: dict[str, int] = {}
    for list_name in FILES:
        rows = read_file(list_name)
        model.objects.filter(list_name=list_name).delete()
        model.objects.bulk_create(
            model(list_name=list_name, value=value, code=code, position=i)
            for i, (value, code) in enumerate(rows)
        )
        counts[list_name] = len(rows)
    return counts


def values_of(list_name: str) -> list[str]:
    from referrals.models import FormListValue

    return list(
        FormListValue.objects.filter(list_name=list_name)
        .order_by("position")
        .values_list("value", flat=True)
    )


def match(list_name: str, text: str) -> str:
    """The list's own value for `text` when it is one of them, ignoring case and spaces at the
    ends; "" otherwise. Never a guess: "Romania" is not matched to "Romanian"."""
    from referrals.models import FormListValue

    wanted = (text or "").strip()
    if not wanted:
        return ""
    found = FormListValue.objects.filter(list_name=list_name, value__iexact=wanted).first()
    return found.value if found else ""
