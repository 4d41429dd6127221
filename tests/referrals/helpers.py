"""Shared helpers for the referrals tests: complete a referral's sections through the pages,
answering only what each page asks."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from referrals import services
from referrals.forms import TYPES_GROUP
from referrals.models import Referral
from referrals.nrm_form import FIELDS, TYPES_OF_EXPLOITATION
from referrals.sections import missing_in, sections_for


def value_for(name: str, prefer: dict[str, str]) -> tuple[str, str]:
    if name in prefer:
        return name, prefer[name]
    f = FIELDS[name]
    if f.type == "radio-group":
        return name, "no" if "no" in f.options else f.options[0]
    if f.type == "checkbox-group":
        return name, f.options[0]
    if f.type == "checkbox":
        return name, "on"
    if f.type == "input-date":
        return name, "1 1 2000"
    return name, "An answer only the lead could give"


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
        data: dict[str, str | list[str]] = {"version": str(referral.version)}
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
