"""The document of each kind of referral that has no official answer sheet: what the case holds,
laid out for the organisation that receives it (a MASH, the police, a guardian service, adult
safeguarding), on screen and as a PDF.

Never a fact the record does not hold (docs/conventions.md, "Kinds of referral": "A document
never states what the record does not hold"): an empty answer reads "Not recorded", and the
questions still unanswered are listed so the lead can add them (the kind's question sections)
before sending.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from cases.models import Case
from core import nations
from guidance.catalogue import get_catalogue
from referrals.handovers import document_concerns
from referrals.models import Referral
from referrals.sections import Question, Section

NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class Row:
    label: str
    value: str  # NOT_RECORDED when the record does not hold it
    recorded: bool


@dataclass(frozen=True)
class Part:
    heading: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Document:
    title: str
    to: str  # who receives it, in the case's nation's words
    parts: tuple[Part, ...]
    still_needed: tuple[str, ...] = field(default=())  # question labels not answered yet


def _row(label: str, value: str | None) -> Row:
    text = (value or "").strip()
    return Row(label, text or NOT_RECORDED, bool(text))


def _date(value: object) -> str:
    return value.strftime("%-d %B %Y") if value else ""  # type: ignore[attr-defined]


def _choice(question: Question, value: str) -> str:
    return dict(question.choices).get(value, value)


def answer_of(referral: Referral, question: Question) -> str:
    """The lead's answer to one of the kind's questions: on the case, or on the referral."""
    if question.on_case:
        return str(getattr(referral.case, question.key, "") or "")
    return str(referral.details.get(question.key, "") or "")


def questions_asked(referral: Referral, section: Section) -> tuple[Question, ...]:
    """The questions a section's page asks for this referral (a child's only for a child)."""
    child = referral.case.treated_as_child
    return tuple(q for q in section.questions if child or not q.child_only)


def _needed(referral: Referral, question: Question) -> bool:
    """Whether the document needs the answer: not once the answer it depends on rules it out."""
    if question.unless is None:
        return True
    key, value = question.unless
    return str(referral.details.get(key, "")) != value


def still_needed(referral: Referral, sections: tuple[Section, ...]) -> tuple[str, ...]:
    return tuple(
        q.label
        for s in sections
        if s.is_questions
        for q in questions_asked(referral, s)
        if _needed(referral, q) and not answer_of(referral, q).strip()
    )


def _answers(referral: Referral, sections: tuple[Section, ...], heading: str) -> Part:
    """The lead's answers to the kind's own questions (the person's facts are with the
    person)."""
    rows = []
    for s in sections:
        if not s.is_questions:
            continue
        for q in questions_asked(referral, s):
            if q.on_case or not _needed(referral, q):
                continue
            value = answer_of(referral, q)
            rows.append(_row(q.label, _choice(q, value) if value else ""))
    return Part(heading, tuple(rows))


def _concern_parts(case: Case) -> tuple[Part, Part]:
    """What was seen and said, in the practitioner's and the person's own words, and the signs
    ticked: each concern of the case, dated."""
    # The case's own concerns, then any handed over to it (referrals.handovers).
    concerns = document_concerns(case)
    catalogue = get_catalogue()

    def each(attr: str) -> str:
        return "\n\n".join(
            f"{c.submitted_at:%-d %B %Y}: {getattr(c, attr).strip()}"
            for c in concerns
            if (getattr(c, attr) or "").strip()
        )

    signs = sorted(
        {catalogue.get(i).text for c in concerns for i in (c.indicator_ids or []) if i in catalogue}
    )
    extra = "\n".join(c.something_else for c in concerns if (c.something_else or "").strip())
    languages = "; ".join(sorted({c.languages for c in concerns if c.languages}))
    interpreter = next(
        (c.get_interpreter_needed_display() for c in concerns if c.interpreter_needed), ""
    )
    seen = Part(
        "What was seen and said",
        (
            _row("What the practitioner saw", each("what_you_saw")),
            _row("What the person said, in their own words", each("their_words")),
            _row("When", "; ".join(c.happened_when for c in concerns if c.happened_when)),
            _row("Where", "; ".join(c.happened_where for c in concerns if c.happened_where)),
            _row("Who the person has told", each("told_who")),
            _row("Signs of exploitation noticed", "\n".join(signs)),
            _row("Anything else noticed", extra),
        ),
    )
    talk = Part(
        "Talking with them",
        (
            _row("Languages", languages),
            _row("Needs an interpreter", interpreter),
        ),
    )
    return seen, talk


def _person_part(case: Case, heading: str, child: bool) -> Part:
    rows = [
        _row("Name", case.person_name),
        _row("Date of birth", _date(case.date_of_birth)),
        _row("Age", case.age_label),
        _row("Gender", case.get_gender_display()),
        _row("Nationality", case.nationality),
        _row("Description", case.person_description),
        _row("Address", case.address),
    ]
    if child:
        rows += [
            _row("Parents and carers", case.parents_and_carers),
            _row("School, college or other setting", case.school_or_setting),
        ]
    return Part(heading, tuple(rows))


def _risk_part(case: Case) -> Part:
    return Part(
        "Risk",
        (
            _row("In immediate danger", case.get_immediate_danger_display()),
            _row("Others may be at risk", case.get_others_at_risk_display()),
            _row("Children may be at risk", case.get_children_at_risk_display()),
        ),
    )


def _about_part(referral: Referral) -> Part:
    lead = referral.case.assigned_lead
    return Part(
        "About this referral",
        (
            _row("Signpost reference", referral.reference),
            _row("Case", referral.case.reference),
            _row("From", referral.organisation.name),
            _row("Contact", f"{lead.full_name}, {lead.email}" if lead else ""),
            _row("Prepared", _date(referral.created_at)),
            _row("Sent", _date(referral.sent_on)),
        ),
    )


def _pathway_done(case: Case) -> str:
    from guidance.pathways import ACTIONS  # pure Python: the action titles

    done = case.pathway_items.filter(state="done").order_by("done_on")
    return "\n".join(
        f"{_date(i.done_on)}: {ACTIONS.get(i.action, i.action)}" + (f". {i.note}" if i.note else "")
        for i in done
    )


def _document(
    referral: Referral,
    sections: tuple[Section, ...],
    title: str,
    to: str,
    person_heading: str,
    extra: tuple[Part, ...] = (),
) -> Document:
    case = referral.case
    child = case.treated_as_child
    seen, talk = _concern_parts(case)
    parts = (
        _about_part(referral),
        _person_part(case, person_heading, child),
        talk,
        seen,
        _risk_part(case),
        *extra,
        Part("Already done on Signpost", (_row("Steps recorded as done", _pathway_done(case)),)),
        _answers(referral, sections, "What the safeguarding lead adds"),
        Part("Anything to add", (_row("Note", referral.note),)),
    )
    return Document(title, to, parts, still_needed(referral, sections))


def childrens_social_care(referral: Referral, sections: tuple[Section, ...]) -> Document:
    nation = nations.nation(referral.case.nation)
    return _document(
        referral,
        sections,
        "Referral to children's social care",
        nation.childrens_services,
        "The child",
    )


def police(referral: Referral, sections: tuple[Section, ...]) -> Document:
    nation = nations.nation(referral.case.nation)
    return _document(referral, sections, "Information for the police", nation.police, "The person")


def guardian(referral: Referral, sections: tuple[Section, ...]) -> Document:
    case = referral.case
    nation = nations.nation(case.nation)
    extra = (
        Part(
            "Parental responsibility",
            (
                _row(
                    "Someone in the UK holds parental responsibility",
                    case.get_parental_responsibility_in_uk_display(),
                ),
            ),
        ),
    )
    return _document(
        referral,
        sections,
        "Referral to a child's guardian service",
        nation.guardian_service + (f" ({nation.guardian_line})" if nation.guardian_line else ""),
        "The child",
        extra,
    )


def adult_safeguarding(referral: Referral, sections: tuple[Section, ...]) -> Document:
    case = referral.case
    nation = nations.nation(case.nation)
    extra = (
        Part(
            "Care, support and capacity",
            (
                _row(
                    "Seems to have care and support needs",
                    case.get_care_and_support_needs_display(),
                ),
                _row(
                    f"Can decide about a referral ({nation.capacity_law})",
                    case.get_capacity_to_consent_display(),
                ),
            ),
        ),
    )
    return _document(
        referral,
        sections,
        "Adult safeguarding referral",
        nation.adult_safeguarding,
        "The person",
        extra,
    )


Builder = Callable[[Referral, tuple[Section, ...]], Document]


def generated_at() -> str:
    return timezone.localtime().strftime("%-d %B %Y, %H:%M")
