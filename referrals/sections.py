"""The task list: a referral's sections, and which of the form's steps each one covers.

For the NRM and Duty to Notify (and the handover pack, which carries the same answer sheet),
the official form's steps are grouped into a few sections; a section is complete when none of
its fields is missing. Other kinds of referral are a document pre-filled from the case, with
sections of their own questions (`Question`) for what the case does not hold yet. Which kind has
which sections is said once, in referrals.kinds.
"""

from __future__ import annotations

from dataclasses import dataclass

from referrals.official.form import FORM_STEPS
from referrals.official.sheet import Sheet


@dataclass(frozen=True)
class Question:
    """One thing a kind's document needs that the case may not hold yet, asked of the lead once.

    `on_case`: a fact about the person (their address, parents and carers, school), kept on the
    case so every later document has it; otherwise an answer for this referral only
    (Referral.details). `child_only`: asked only while the case is treated as a child."""

    key: str
    label: str
    hint: str = ""
    widget: str = "textarea"  # "textarea" | "text" | "radio"
    choices: tuple[tuple[str, str], ...] = ()
    on_case: bool = False
    child_only: bool = False
    # Not needed when another question of the kind has this answer ("why do the parents not
    # know?" once they know): (key, value).
    unless: tuple[str, str] | None = None


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    steps: tuple[str, ...] = ()  # the form's step paths (sheet sections only)
    questions: tuple[Question, ...] = ()  # a kind's own questions (question sections only)

    @property
    def is_sheet(self) -> bool:
        return bool(self.steps)

    @property
    def is_questions(self) -> bool:
        return bool(self.questions)


_REFERRAL = (
    "/reference",
    "/organisation",
    "/fr-location",
    "/fr-details",
    "/fr-alternative-contact",
    "/why-are-you-making-the-referral",
)
_AGE_CONSENT = (
    "/pv-under-age",
    "/local-authority-contacted-about-child",
    "/pv-under-age-at-time-of-exploitation",
    "/pv-want-to-submit-nrm",
    "/refuse-nrm",
    "/reported-to-police",
    "/authorities-cooperation",
)
_SUPPORT = (
    "/does-pv-need-support",
    "/pv-phone-number",
    "/upload-evidence",
    "/what-evidence-you-will-submit",
)
_PERSON = tuple(
    s.path
    for s in FORM_STEPS
    if s.path.startswith(("/pv-", "/does-pv-have-children", "/who-contact", "/someone-else"))
    and s.path not in _AGE_CONSENT + _SUPPORT
)
_EXPLOITATION = tuple(
    s.path for s in FORM_STEPS if s.path not in _REFERRAL + _AGE_CONSENT + _SUPPORT + _PERSON
)

SHEET_SECTIONS: tuple[Section, ...] = (
    Section("about-the-referral", "About the referral and the first responder", _REFERRAL),
    Section("age-and-consent", "Age, consent and the authorities", _AGE_CONSENT),
    Section("the-exploitation", "What happened: the exploitation", _EXPLOITATION),
    Section("about-the-person", "About the person", _PERSON),
    Section("support-and-evidence", "Support and evidence", _SUPPORT),
)
SUMMARY = Section("case-summary", "What the case holds")
ANYTHING_TO_ADD = Section("anything-to-add", "Anything to add")
FIRST_RESPONDER = Section("first-responder", "Who will make the referral")

# The first responder's own officer: the receiving organisation gives these in its own
# referral, so a handover pack never asks the sender for them (issue 15, item 1).
RECEIVER_STEPS = ("/fr-details", "/fr-alternative-contact")
RECEIVER_FIELDS: frozenset[str] = frozenset(
    f.name for s in FORM_STEPS if s.path in RECEIVER_STEPS for f in s.fields
)
PACK_SECTIONS: tuple[Section, ...] = tuple(
    Section(s.slug, s.title, tuple(p for p in s.steps if p not in RECEIVER_STEPS))
    for s in SHEET_SECTIONS
)


def sections_for(kind: str) -> tuple[Section, ...]:
    """A kind's sections, as its entry in referrals.kinds lists them."""
    # Imported here: the registry is built from the sections above.
    from referrals.kinds import spec

    return spec(kind).sections


def section_named(kind: str, slug: str) -> Section | None:
    return next((s for s in sections_for(kind) if s.slug == slug), None)


def missing_in(section: Section, sheet: Sheet | None) -> list[str]:
    """The field names still missing in a sheet section, in the form's order."""
    if sheet is None or not section.is_sheet:
        return []
    return [
        f.name
        for step in sheet.steps
        if step.path in section.steps
        for f in step.fields
        if f.missing
    ]


def asked_in(section: Section, sheet: Sheet | None, supplied: set[str]) -> list[str]:
    """The fields a sheet section's page asks, in the form's order: what is missing, and what
    the lead supplied (to change it). Never what the case answers."""
    if sheet is None or not section.is_sheet:
        return []
    return [
        f.name
        for step in sheet.steps
        if step.path in section.steps
        for f in step.fields
        if f.missing or f.name in supplied
    ]


def section_of_step(kind: str, path: str) -> Section | None:
    """The sheet section that covers one of the form's steps."""
    return next((s for s in sections_for(kind) if path in s.steps), None)


def applies(section: Section, sheet: Sheet | None) -> bool:
    """Whether the form asks anything in this section on this path."""
    if not section.is_sheet:
        return True
    return sheet is not None and any(step.path in section.steps for step in sheet.steps)
