"""Screening: what the signs a practitioner noted point to, and what to ask next.

Pure Python, no Django. `assess(observed, person)` is the single entry point; the concern
journey (concerns/journey.py) and the demo data call it.

What this deliberately is not (indicators.md, sections 1.6, 3.3 and 6):
- not a verdict: nothing here says whether someone has been trafficked, and there is no score;
- not a gate: in the UK the bar for telling a safeguarding lead (and for an NRM referral) is
  "suspect but cannot prove", so any single sign is enough to tell the lead, and a child is
  always discussed with the lead. The ILO dimension rule is shown only as an explanation of
  which parts of the legal definition the evidence touches.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from guidance.catalogue import (
    EXPLOITATION_TYPE_TITLES,
    EXPLOITATION_TYPES,
    ILO_DIMENSION_TITLES,
    ILO_DIMENSIONS,
    LEGAL_ELEMENTS,
    AgeGroup,
    Catalogue,
    Indicator,
    get_catalogue,
    is_official,
)

AGE_GROUPS: tuple[str, ...] = ("child", "adult", "unknown")
ASK_NEXT_LIMIT = 5

LEGAL_ELEMENT_TITLES: Mapping[str, str] = {
    "act": "how they were recruited, moved, housed or received (the act)",
    "means": "how they were made to go along with it: force, threats, trickery or taking "
    "advantage of a hard situation (the means)",
    "purpose": "what they are made to do: the exploitation itself (the purpose)",
}


@dataclass(frozen=True)
class Person:
    """Who the screening is about, as far as the practitioner knows.

    `answered` holds indicator ids already asked about and answered "no" or "not known", so
    that ask_next does not suggest them again.
    """

    age_group: Literal["child", "adult", "unknown"] = "unknown"
    answered: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.age_group not in AGE_GROUPS:
            raise ValueError(
                f"unknown age group {self.age_group!r}: expected child, adult or unknown"
            )
        # Accept any iterable from callers but keep the stored value hashable and immutable.
        object.__setattr__(self, "answered", frozenset(self.answered))

    @property
    def treated_as_child(self) -> bool:
        # nrm-process.md, Children: under 18 *or may be* means treated as a child until a
        # local authority age assessment says otherwise.
        return self.age_group != "adult"


@dataclass(frozen=True)
class SuggestedType:
    type: str  # one of catalogue.EXPLOITATION_TYPES
    title: str
    indicator_ids: tuple[str, ...]


@dataclass(frozen=True)
class LegalElement:
    element: Literal["act", "means", "purpose"]
    title: str
    needed: bool  # False for "means" when the person is (or may be) a child
    indicator_ids: tuple[str, ...]
    explanation: str


@dataclass(frozen=True)
class IloDimension:
    dimension: str  # one of catalogue.ILO_DIMENSIONS
    title: str
    indicator_ids: tuple[str, ...]
    strong: int
    medium: int
    weak: int
    meets_ilo_rule: bool  # indicators.md 1.3, step 1; explanation only, never a gate


@dataclass(frozen=True)
class Screening:
    catalogue_version: str
    age_group: AgeGroup
    treated_as_child: bool
    observed: tuple[str, ...]  # in catalogue order
    suggested_types: tuple[SuggestedType, ...]
    legal_pattern: tuple[LegalElement, ...]  # always act, means, purpose in that order
    ilo_dimensions: tuple[IloDimension, ...]  # only the dimensions the evidence touches
    tell_lead: bool
    tell_lead_reason: str
    ask_next: tuple[str, ...]
    unofficial: tuple[str, ...]  # observed ids from reconstructed (unverified) sources
    summary: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict for storing with a concern; carries the catalogue version."""
        return {
            "catalogue_version": self.catalogue_version,
            "age_group": self.age_group,
            "treated_as_child": self.treated_as_child,
            "observed": list(self.observed),
            "suggested_types": [
                {"type": s.type, "title": s.title, "indicator_ids": list(s.indicator_ids)}
                for s in self.suggested_types
            ],
            "legal_pattern": [
                {
                    "element": e.element,
                    "title": e.title,
                    "needed": e.needed,
                    "indicator_ids": list(e.indicator_ids),
                    "explanation": e.explanation,
                }
                for e in self.legal_pattern
            ],
            "ilo_dimensions": [
                {
                    "dimension": d.dimension,
                    "title": d.title,
                    "indicator_ids": list(d.indicator_ids),
                    "strong": d.strong,
                    "medium": d.medium,
                    "weak": d.weak,
                    "meets_ilo_rule": d.meets_ilo_rule,
                }
                for d in self.ilo_dimensions
            ],
            "tell_lead": self.tell_lead,
            "tell_lead_reason": self.tell_lead_reason,
            "ask_next": list(self.ask_next),
            "unofficial": list(self.unofficial),
            "summary": list(self.summary),
        }


def ilo_dimension_met(*, strong: int, medium: int, weak: int) -> bool:
    """The ILO/EC (2009) rule for one dimension (indicators.md 1.3, step 1, [S]).

    Positive if: 2+ strong; or 1 strong plus 1+ medium or weak; or 3+ medium; or 2+ medium
    plus 1+ weak. So one strong sign alone, or weak signs alone, never meet it.
    """
    return (
        strong >= 2
        or (strong >= 1 and medium + weak >= 1)
        or medium >= 3
        or (medium >= 2 and weak >= 1)
    )


def _check_ids(ids: Iterable[str], catalogue: Catalogue, what: str) -> frozenset[str]:
    if isinstance(ids, str):
        # A lone string is almost certainly a mistake (it would iterate over characters).
        raise ValueError(f"{what} must be a collection of indicator ids, not a single string")
    checked = frozenset(ids)
    unknown = sorted(i for i in checked if i not in catalogue)
    if unknown:
        raise ValueError(f"unknown indicator id in {what}: {', '.join(map(repr, unknown))}")
    return checked


def _suggested_types(observed: tuple[Indicator, ...]) -> tuple[SuggestedType, ...]:
    found = []
    for type_ in EXPLOITATION_TYPES:
        ids = tuple(ind.id for ind in observed if type_ in ind.exploitation_types)
        if ids:
            found.append(
                SuggestedType(type=type_, title=EXPLOITATION_TYPE_TITLES[type_], indicator_ids=ids)
            )
    # Most signs first; ties keep the NRM statistics' order (sorted() is stable).
    return tuple(sorted(found, key=lambda s: -len(s.indicator_ids)))


def _legal_pattern(
    observed: tuple[Indicator, ...], treated_as_child: bool
) -> tuple[LegalElement, ...]:
    pattern = []
    for element in LEGAL_ELEMENTS:
        ids = tuple(ind.id for ind in observed if ind.legal_element == element)
        # indicators.md 2.2 (Statutory Guidance 2.6-2.11): for a child only the act and the
        # purpose are needed; means is not, and a child cannot consent to their exploitation.
        needed = not (element == "means" and treated_as_child)
        if element == "means" and treated_as_child:
            explanation = (
                "For a child, the law does not need any force, threats or trickery to be shown. "
                "Any signs here still help to explain your worry."
            )
        elif ids:
            explanation = "Some of the signs you noted speak to this part."
        else:
            explanation = (
                "None of the signs you noted speak to this part yet. "
                "That does not mean it is missing."
            )
        pattern.append(
            LegalElement(
                element=element,  # type: ignore[arg-type]
                title=LEGAL_ELEMENT_TITLES[element],
                needed=needed,
                indicator_ids=ids,
                explanation=explanation,
            )
        )
    return tuple(pattern)


def _ilo_dimensions(observed: tuple[Indicator, ...]) -> tuple[IloDimension, ...]:
    touched = []
    for dimension in ILO_DIMENSIONS:
        members = [ind for ind in observed if ind.ilo_dimension == dimension]
        if not members:
            continue
        strong = sum(ind.ilo_strength == "strong" for ind in members)
        medium = sum(ind.ilo_strength == "medium" for ind in members)
        weak = sum(ind.ilo_strength == "weak" for ind in members)
        touched.append(
            IloDimension(
                dimension=dimension,
                title=ILO_DIMENSION_TITLES[dimension],
                indicator_ids=tuple(ind.id for ind in members),
                strong=strong,
                medium=medium,
                weak=weak,
                meets_ilo_rule=ilo_dimension_met(strong=strong, medium=medium, weak=weak),
            )
        )
    return tuple(touched)


def _tell_lead(observed: tuple[Indicator, ...], person: Person) -> tuple[bool, str]:
    # nrm-process.md (Children; Who may refer) and indicators.md 1.6: the threshold is
    # "suspect but cannot prove"; any sign is enough, and any worry about a child is shared.
    if person.age_group == "unknown":
        return True, (
            "We do not know their age, so treat them as a child until the council says "
            "otherwise. Tell your safeguarding lead today."
        )
    if person.age_group == "child":
        return True, (
            "They are under 18. Any worry about a child's safety goes to your safeguarding "
            "lead today, even if no signs are ticked."
        )
    if observed:
        return True, (
            "You have noticed signs of possible exploitation. You do not need proof: "
            "suspecting is enough. Tell your safeguarding lead today."
        )
    return False, (
        "You have not noted any signs yet. If something still worries you, talk to your "
        "safeguarding lead: your own judgement matters more than this list."
    )


_STRENGTH_RANK: Mapping[str | None, int] = {"strong": 3, "medium": 2, "weak": 1, None: 0}


def _ask_next(
    observed: tuple[Indicator, ...],
    person: Person,
    catalogue: Catalogue,
    suggested: tuple[SuggestedType, ...],
    legal: tuple[LegalElement, ...],
) -> tuple[str, ...]:
    """Up to ASK_NEXT_LIMIT unanswered indicators, most informative first.

    "Informative" is a transparent ordering, not a model. Among indicators shown for the
    person's age group that are neither noted nor already answered, sort by:
    1. how many noted signs share an exploitation type with it (stay on the trail the
       evidence already points to);
    2. whether it speaks to a part of the legal definition that is needed but not yet touched
       (for a child "means" is never needed);
    3. its ILO strength (strong, medium, weak, none);
    4. ask-type before observed-type (what can only be learnt by asking is what the
       practitioner is least likely to know already);
    5. official sources before reconstructed ones;
    6. catalogue order.
    """
    noted = {ind.id for ind in observed}
    type_weight = {s.type: len(s.indicator_ids) for s in suggested}
    gaps = {e.element for e in legal if e.needed and not e.indicator_ids}
    candidates = [
        ind
        for ind in catalogue.for_population(person.age_group)
        if ind.id not in noted and ind.id not in person.answered
    ]

    def key(pair: tuple[int, Indicator]) -> tuple[int, ...]:
        position, ind = pair
        return (
            -sum(type_weight.get(t, 0) for t in ind.exploitation_types),
            -int(ind.legal_element in gaps),
            -_STRENGTH_RANK[ind.ilo_strength],
            -int(ind.observed_or_asked == "ask"),
            -int(is_official(ind)),
            position,
        )

    ranked = sorted(enumerate(candidates), key=key)
    return tuple(ind.id for _, ind in ranked[:ASK_NEXT_LIMIT])


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _summary(
    observed: tuple[Indicator, ...],
    person: Person,
    suggested: tuple[SuggestedType, ...],
    legal: tuple[LegalElement, ...],
    tell_lead_reason: str,
    unofficial: tuple[str, ...],
) -> tuple[str, ...]:
    # Plain English for the screen. No verdicts, no scores, and never the word "victim".
    lines = [tell_lead_reason]
    if suggested:
        lines.append(
            "The signs you noted are often seen in " + _join([s.title for s in suggested]) + "."
        )
    elif observed:
        lines.append(
            "The signs you noted are general ones, not linked to one kind of exploitation."
        )
    touched = [e for e in legal if e.indicator_ids]
    if touched:
        lines.append(
            "They touch these parts of the legal meaning of trafficking: "
            + _join([e.title for e in touched])
            + "."
        )
    if person.treated_as_child:
        lines.append(
            "For a child, nobody has to show force, threats or trickery: moving, housing or "
            "recruiting a child in order to exploit them is enough."
        )
    if unofficial:
        lines.append(
            "Some signs you picked come from a list that has not yet been checked against "
            "official guidance."
        )
    lines.append(
        "This is not a finding about what has happened. It is here to help you and your "
        "lead decide what to do next."
    )
    return tuple(lines)


def assess(
    observed: Iterable[str] | frozenset[str],
    person: Person,
    *,
    catalogue: Catalogue | None = None,
) -> Screening:
    """Screen the signs noted for one person.

    `observed` are indicator ids from the catalogue; an unknown id raises ValueError, as does an
    unknown id in `person.answered`. `catalogue` defaults to the packaged one.
    """
    catalogue = catalogue or get_catalogue()
    observed_ids = _check_ids(observed, catalogue, "observed")
    _check_ids(person.answered, catalogue, "answered")
    noted = tuple(ind for ind in catalogue.indicators if ind.id in observed_ids)

    suggested = _suggested_types(noted)
    legal = _legal_pattern(noted, person.treated_as_child)
    tell_lead, reason = _tell_lead(noted, person)
    unofficial = tuple(ind.id for ind in noted if not is_official(ind))
    return Screening(
        catalogue_version=catalogue.version,
        age_group=person.age_group,
        treated_as_child=person.treated_as_child,
        observed=tuple(ind.id for ind in noted),
        suggested_types=suggested,
        legal_pattern=legal,
        ilo_dimensions=_ilo_dimensions(noted),
        tell_lead=tell_lead,
        tell_lead_reason=reason,
        ask_next=_ask_next(noted, person, catalogue, suggested, legal),
        unofficial=unofficial,
        summary=_summary(noted, person, suggested, legal, reason, unofficial),
    )
