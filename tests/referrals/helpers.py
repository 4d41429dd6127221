"""Shared helpers for the referrals tests: complete a referral's sections through the pages,
answering only what each page asks."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from referrals import services
from referrals.forms import TYPES_GROUP
from referrals.models import Referral
from referrals.official.form import CHECKED, FIELDS, MULTI_SEPARATOR, TYPES_OF_EXPLOITATION
from referrals.official.lists import LIST_OF_FIELD, values_of
from referrals.official.sheet import Sheet
from referrals.sections import Section, asked_in, missing_in, sections_for


def value_for(name: str, prefer: dict[str, str]) -> tuple[str, str]:
    if name in prefer:
        return name, prefer[name]
    f = FIELDS[name]
    if name in LIST_OF_FIELD:
        return name, values_of(LIST_OF_FIELD[name])[1]
    if f.type == "radio-group":
        return name, "no" if "no" in f.options else f.options[0]
    if f.type == "checkbox-group":
        return name, f.options[0]
    if f.type == "checkbox":
        return name, "on"
    if f.type == "input-date":
        return name, "1 1 2000"
    return name, "An answer only the lead could give"


def prefilled(referral: Referral, section: Section, sheet: Sheet | None) -> dict[str, Any]:
    """What a section page posts back unchanged: the lead's earlier answers in it."""
    supplied = services.lead_supplied(referral, sheet)
    data: dict[str, Any] = {}
    for name in asked_in(section, sheet, supplied):
        if name not in supplied:
            continue
        value = referral.answers.get(name, "")
        f = FIELDS[name]
        if name in TYPES_OF_EXPLOITATION:
            if value == CHECKED:
                data.setdefault(TYPES_GROUP, []).append(name)
        elif f.type == "checkbox-group":
            data[name] = [v for v in value.split(MULTI_SEPARATOR) if v]
        elif f.type == "checkbox":
            if value == CHECKED:
                data[name] = "on"
        else:
            data[name] = value
    return data


def complete_sections(
    client: Client, referral: Referral, prefer: dict[str, str] | None = None
) -> list[str]:
    """POST every missing field, section by section, until nothing is missing. Returns the
    field names the pages asked."""
    prefer = prefer or {}
    asked: list[str] = []
    for _round in range(30):
        referral.refresh_from_db()
        sheet = services.sheet_of(referral)
        todo = [(s, missing_in(s, sheet)) for s in sections_for(referral.kind) if s.is_sheet]
        todo = [(s, m) for s, m in todo if m]
        if not todo:
            return asked
        section, missing = todo[0]
        # As a browser would: the lead's earlier answers in this section come pre-filled.
        data: dict[str, str | list[str]] = {
            "version": str(referral.version),
            **prefilled(referral, section, sheet),
        }
        types = [n for n in missing if n in TYPES_OF_EXPLOITATION]
        if types:
            data[TYPES_GROUP] = [types[0]]
        for name in missing:
            if name in TYPES_OF_EXPLOITATION:
                continue
            key, value = value_for(name, prefer)
            data[key] = value
        asked.extend(missing)
        url = reverse("referrals:section", kwargs={"pk": referral.pk, "slug": section.slug})
        page = client.get(url)
        assert page.status_code == 200
        for name in missing:
            if name not in TYPES_OF_EXPLOITATION:
                assert f'name="{name}"' in page.content.decode(), name
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:3000]
    raise AssertionError("the sections never completed")
