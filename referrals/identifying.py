"""Duty to Notify: find what may identify the person in the report's free text (issue 14).

A Duty to Notify report is anonymous unless the person will co-operate with the authorities
(nrm-process.md, Adults; s52 Modern Slavery Act 2015). The form leaves their name and contact
fields out, but free-text answers can still carry them. Before the report is produced the lead is
shown every free-text answer, with these flagged: names the record holds for the person, e-mail
addresses, phone numbers and UK postcodes. A flag is a prompt to check, not a verdict: the
lead decides what to remove.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from referrals.official.form import FIELDS, IDENTIFYING_FIELDS

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A UK or international number: 10 to 13 digits, spaces, dashes or brackets between them.
PHONE = re.compile(r"(?<![\w])(?:\+|00)?\d(?:[\s()-]*\d){9,12}(?![\w])")
# UK postcodes (the GOV.UK format: outward code, space optional, inward code).
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
_TEXT_TYPES = {"textarea", "input-text"}
KINDS = {
    "name": "a name the record holds for the person",
    "email": "an email address",
    "phone": "a phone number",
    "postcode": "a postcode",
}


@dataclass(frozen=True)
class Flag:
    field: str
    kind: str  # name / email / phone / postcode
    found: str

    @property
    def what(self) -> str:
        return KINDS[self.kind]


def name_parts(names: Iterable[str]) -> list[str]:
    """The words of the person's names worth looking for (two letters or more)."""
    parts: list[str] = []
    for name in names:
        for word in re.findall(r"[^\W\d_][\w'-]+", name or ""):
            if len(word) >= 2 and word.lower() not in {p.lower() for p in parts}:
                parts.append(word)
    return parts


def flags_in(text: str, names: Iterable[str]) -> list[tuple[str, str]]:
    """(kind, the words found) for everything in `text` that may identify the person."""
    found: list[tuple[str, str]] = []
    for word in name_parts(names):
        for m in re.finditer(rf"(?<![\w]){re.escape(word)}(?![\w])", text, re.IGNORECASE):
            found.append(("name", m.group(0)))
    found += [("email", m.group(0)) for m in EMAIL.finditer(text)]
    without_emails = EMAIL.sub(" ", text)
    found += [("phone", m.group(0).strip()) for m in PHONE.finditer(without_emails)]
    found += [("postcode", m.group(0)) for m in POSTCODE.finditer(without_emails)]
    return list(dict.fromkeys(found))  # each once, in the order found


def free_text(answers: Mapping[str, str]) -> dict[str, str]:
    """The report's free-text answers (not its anonymous-by-design identity fields)."""
    return {
        name: value
        for name, value in answers.items()
        if value
        and FIELDS[name].type in _TEXT_TYPES
        and name not in IDENTIFYING_FIELDS
        # Fields about the referrer or a council, not the person.
        and not name.startswith(("fr-", "local-authority-", "reference", "user-organisation"))
    }


def identifying_flags(answers: Mapping[str, str], names: Iterable[str]) -> list[Flag]:
    names = list(names)
    return [
        Flag(field, kind, found)
        for field, text in free_text(answers).items()
        for kind, found in flags_in(text, names)
    ]
