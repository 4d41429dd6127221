"""What one section page of the answer sheet asks, and what it shows as already answered.

Issue 14: the lead sees plain questions grouped by the online form's pages, with a hint saying
where each answer came from. The page asks what is missing, what the lead gave before, the
optional questions still blank and, when the lead chooses "Change" on an answer the record gave,
that answer (their correction wins). A follow-up question on the same page of the form is asked
with the answer that opens it (conditional reveal), so no save is needed to see it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from referrals.models import Referral
from referrals.official.form import CHECKED, FIELDS, FORM_STEPS, TYPES_OF_EXPLOITATION
from referrals.official.lists import LIST_OF_FIELD
from referrals.official.questions import PAGES, QUESTIONS, TYPE_LABELS
from referrals.official.sheet import Sheet
from referrals.sections import Section

STEPS = {s.path: s for s in FORM_STEPS}
# Where a record answer comes from, in words (the hint under each question).
_PROFILE = {"fr-details-first-name", "fr-details-last-name", "fr-details-role", "fr-details-phone"}
_ORGANISATION = {"user-organisation", "fr-alternative-contact", "fr-location"}


def source_hint(name: str, source: str | None) -> str:
    """Where an answer came from, for the hint under its question."""
    if source == "lead":
        return "You gave this answer on this referral."
    if source == "record":
        if name in _PROFILE:
            return "From your details (Your account)."
        if name in _ORGANISATION:
            return "From your organisation's referral details."
        if name == "reference":
            return "This referral's own reference."
        if name == "who-exploited-pv":
            return "From the concern: who may be exploiting them."
        if name.startswith("other-potential-victims"):
            return "From the concern: who else may be exploited."
        return "From the case record."
    return "The case does not say."


@dataclass
class Item:
    name: str
    parent: str = ""  # a follow-up: the question on the same page that opens it
    reveal_value: str = ""


@dataclass
class Group:
    path: str
    title: str
    items: list[Item] = field(default_factory=list)


@dataclass
class Plan:
    groups: list[Group]
    values: dict[str, str]  # the current answer of each asked field
    hints: dict[str, str]
    suggested_types: list[str]  # field names the record suggests (pre-ticked, to confirm)
    answered: list[dict[str, Any]]  # what the record answers in this section, to change

    @property
    def names(self) -> list[str]:
        return [i.name for g in self.groups for i in g.items]


def plan(
    referral: Referral,
    section: Section,
    sheet: Sheet,
    *,
    change: str = "",
    record_values: Mapping[str, str] | None = None,
) -> Plan:
    record_values = record_values or {}
    by_name = {f.name: f for step in sheet.steps for f in step.fields}
    groups: list[Group] = []
    values: dict[str, str] = {}
    hints: dict[str, str] = {}
    answered: list[dict[str, Any]] = []
    types_asked = (
        any(
            n in by_name and (by_name[n].missing or sheet.sources.get(n) == "lead")
            for n in TYPES_OF_EXPLOITATION
        )
        or change in TYPES_OF_EXPLOITATION
    )
    for step in sheet.steps:
        if step.path not in section.steps:
            continue
        group = Group(step.path, PAGES[step.path])
        included: set[str] = set()
        for f in STEPS[step.path].fields:
            name = f.name
            sf = by_name.get(name)
            source = sheet.sources.get(name)
            if name in TYPES_OF_EXPLOITATION:
                ask = types_asked
            elif sf is None:
                # A follow-up the form does not ask yet: asked with the answer that opens it.
                ask = f.depends_on is not None and f.depends_on.field in included
            else:
                ask = sf.missing or source == "lead" or sf.status == "blank" or name == change
            if not ask:
                if sf is not None and sf.value:
                    answered.append(
                        {
                            "name": name,
                            "page": group.title,
                            "question": QUESTIONS[name],
                            "value": display(name, sf.value),
                            "hint": source_hint(name, source),
                        }
                    )
                continue
            included.add(name)
            parent = ""
            if f.depends_on is not None and f.depends_on.field in included:
                parent = f.depends_on.field
            group.items.append(
                Item(name, parent, f.depends_on.value if f.depends_on and parent else "")
            )
            current = (sf.value if sf is not None else None) or referral.answers.get(name, "")
            if name == change and source == "record":
                current = record_values.get(name, current)
            values[name] = current or ""
            hint = source_hint(name, source if values[name] else None)
            said = _record_text(referral, name)
            if said and not values[name]:
                # The record holds it in words the form does not list: never guessed.
                hint = f"The case says \u201c{said}\u201d, which is not one of the form's values."
            recorded = record_values.get(name, "")
            if source == "lead" and recorded and recorded != values[name]:
                # A correction: show what the record says, so the lead sees what they replaced.
                hint += f" The record says \u201c{display(name, recorded)}\u201d."
                if FIELDS[name].type in ("textarea", "input-text"):
                    hint += " Empty the box to use the record's answer again."
            if name in LIST_OF_FIELD:
                hint += " The online form accepts only the values in its own list."
            hints[name] = hint
        if group.items:
            groups.append(group)
    suggested = [n for n in sheet.suggestions if sheet.suggestions[n] == CHECKED]
    return Plan(groups, values, hints, suggested, answered)


def _record_text(referral: Referral, name: str) -> str:
    """What the record says in its own words for a field the form takes from a list."""
    if name == "pv-nationality":
        return referral.case.nationality.strip()
    return ""


def display(name: str, value: str) -> str:
    """An answer in words for the page."""
    from referrals.forms import option_label

    f = FIELDS[name]
    if name in TYPES_OF_EXPLOITATION:
        return "Ticked" if value == CHECKED else "Not ticked"
    if f.type in ("radio-group", "checkbox-group"):
        return ", ".join(option_label(v) for v in value.split(",") if v)
    if f.type == "checkbox":
        return "Yes" if value == CHECKED else "No"
    return value


def type_label(name: str) -> str:
    return TYPE_LABELS[name.removeprefix("types-of-exploitation-")]
