"""The pathway engine's facts, built straight from what a record or the guide holds.

One function for each source: a concern's answers (a draft's or a sent concern's), a case as the
lead keeps it, and the "What should I do?" guide's answers. Each builds `Facts` directly (no
string dictionary parsed back), and each maps a person's "I don't know" to the engine's safer
reading (reference/pathways.md, Version 2: "not known" never leads to the less safe answer).

No Django import: a record is read by attribute or key, so this stays in the pure rules layer.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from guidance.pathways import Facts, Organisation

# The record's yes / no / not-sure answers, as the engine's true / false / not known.
_YES_NO = {"yes": True, "no": False}
# Other children who "may" be at risk are the fact itself: "I don't know" counts as may be.
_MAY_BE = {"yes": True, "no": False, "not-sure": True}
# The age answer (a record's and the guide's spell it alike), as the official form's under_18.
_UNDER_18 = {"under-18": "yes", "18-or-over": "no", "not-sure": "not-sure"}
_YNS = ("yes", "no", "not-sure")


def _choice(value: Any, allowed: tuple[str, ...]) -> str | None:
    return value if isinstance(value, str) and value in allowed else None


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def organisation_facts(organisation: Any) -> Organisation:
    """The acting organisation's flags; no organisation (signed out) means not known."""
    if organisation is None:
        return Organisation()
    return Organisation(
        first_responder=organisation.first_responder,
        duty_to_notify=organisation.duty_to_notify,
        ictg_available=organisation.ictg_available,
    )


def _under_18(age_group: Any, age_disputed: Any) -> str | None:
    under_18 = _UNDER_18.get(age_group or "")
    # pathways.md V2 rule 1: a doubt about the age is a doubt that they are an adult.
    if age_disputed == "yes" and under_18 == "no":
        return "not-sure"
    return under_18


def facts_from_concern(values: Mapping[str, Any], organisation: Any) -> Facts:
    """From a concern's answers (a draft's answers, or a sent concern's fields by name)."""
    return Facts(
        nation=organisation.nation,
        immediate_danger=_YES_NO.get(values.get("immediate_danger") or ""),
        under_18=_under_18(values.get("age_group"), values.get("age_disputed")),  # type: ignore[arg-type]
        date_of_birth=_date(values.get("date_of_birth")),
        consent_to_nrm=_choice(values.get("consent_to_nrm"), ("yes", "no", "not-asked")),  # type: ignore[arg-type]
        others_at_risk=_YES_NO.get(values.get("others_at_risk") or ""),
        children_at_risk=_MAY_BE.get(values.get("children_at_risk") or ""),
        already_in_nrm=_YES_NO.get(values.get("already_in_nrm") or ""),
        organisation=organisation_facts(organisation),
    )


def concern_values(concern: Any) -> dict[str, Any]:
    """A sent concern's fields by name, the shape `facts_from_concern` reads."""
    return {f.name: getattr(concern, f.name) for f in concern._meta.concrete_fields}


def facts_from_case(case: Any) -> Facts:
    """From the case as the lead keeps it (the facts they may correct on the case page)."""
    return Facts(
        nation=case.nation,
        immediate_danger=_YES_NO.get(case.immediate_danger),
        under_18=_UNDER_18.get(case.age_group),  # type: ignore[arg-type]
        date_of_birth=case.date_of_birth,
        under_18_during_exploitation=_choice(case.under_18_during_exploitation, _YNS),  # type: ignore[arg-type]
        consent_to_nrm=_choice(case.consent_to_nrm, ("yes", "no", "not-asked")),  # type: ignore[arg-type]
        care_and_support_needs=_YES_NO.get(case.care_and_support_needs),
        others_at_risk=_YES_NO.get(case.others_at_risk),
        organisation=organisation_facts(case.organisation),
        age_assessment=_choice(case.age_assessment, ("none", "child", "adult")),  # type: ignore[arg-type]
        capacity_to_consent=_choice(case.capacity_to_consent, _YNS),  # type: ignore[arg-type]
        children_at_risk=_MAY_BE.get(case.children_at_risk),
        already_in_nrm=_YES_NO.get(case.already_in_nrm),
        parental_responsibility_in_uk=_choice(case.parental_responsibility_in_uk, _YNS),  # type: ignore[arg-type]
    )


def facts_from_guide(answers: Mapping[str, str], organisation: Any) -> Facts:
    """From the guide's cleaned answers; `organisation` is None for someone signed out."""
    return Facts(
        nation=answers["nation"],  # type: ignore[arg-type]
        immediate_danger=answers.get("immediate_danger") == "yes",
        under_18=_UNDER_18.get(answers.get("age_group", "")),  # type: ignore[arg-type]
        consent_to_nrm=_choice(answers.get("consent_to_nrm"), ("yes", "no", "not-asked")),  # type: ignore[arg-type]
        capacity_to_consent=_choice(answers.get("capacity_to_consent"), _YNS),  # type: ignore[arg-type]
        children_at_risk=_MAY_BE.get(answers.get("children_at_risk", "")),
        already_in_nrm=_YES_NO.get(answers.get("already_in_nrm", "")),
        organisation=organisation_facts(organisation),
    )
