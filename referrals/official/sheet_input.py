"""The answer sheet's input, built from a referral's case and its concerns.

Maps Signpost's own values to the official form's option identifiers (official.sheet.SheetInput) and
adds what the lead supplied (Referral.answers). Issue 14, "the answer sheet tells the truth":

- only what the record says is filled in; the screening's types of exploitation are suggestions
  the lead confirms (SheetInput.suggested_types), never ticks;
- the First Responder is the lead as their own profile describes them (job title and phone from
  "Your details", never a guessed title) and the organisation's settings give the form's own
  organisation name and the team inbox for "in your absence";
- nationality and organisation are given only as the form's own list values (official.lists);
- "other potential victims" come only from the concern's "who else may be exploited", never from
  who was there or who may be exploiting them (those feed "who exploited them");
- the account is not written into the retired /what-happened step.
"""

from __future__ import annotations

from typing import Any

from cases.models import Case
from concerns.models import AgeGroup, Concern
from guidance.catalogue import get_catalogue
from referrals.handovers import document_concerns
from referrals.models import Kind, Referral
from referrals.official.lists import match
from referrals.official.sheet import SheetInput

# Signpost's gender values -> the form's (pv-gender: female / male / unknown).
GENDER = {"female": "female", "male": "male", "another-way": "unknown", "not-known": "unknown"}
# The case's screening types -> the form's /types-of-exploitation situations. "sexual" is the
# form's child sexual exploitation box for a child, and prostitution for an adult.
TYPES = {
    "labour": ("forced-to-work",),
    "criminal": ("forced-to-commit-crime",),
    "domestic-servitude": ("unpaid-household-work",),
    "organ-harvesting": ("organs-removed",),
}
_YES_NO = ("yes", "no")


def under_18(case: Case) -> str:
    """pv-under-age: as the case treats the person (an unknown age is a child's, not-sure)."""
    if not case.treated_as_child:
        return "no"
    if case.age_group == AgeGroup.UNDER_18 or case.date_of_birth is not None:
        return "yes"
    return "not-sure"


def _join(parts: list[str]) -> str:
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def _indicators(concerns: list[Concern]) -> tuple[str, ...] | None:
    catalogue = get_catalogue()
    seen: list[str] = []
    recorded = False
    for concern in concerns:
        recorded = recorded or bool(concern.screening)
        for ind_id in concern.indicator_ids or []:
            text = catalogue.get(ind_id).text if ind_id in catalogue else ind_id
            if text not in seen:
                seen.append(text)
    if not seen and not recorded:
        return None
    return tuple(seen)


def _types(case: Case, child: bool) -> tuple[str, ...] | None:
    codes = list(case.types.values_list("type", flat=True))
    chosen: list[str] = []
    for code in codes:
        if code == "sexual":
            chosen.append("child-exploitation" if child else "prostitution")
        chosen.extend(TYPES.get(code, ()))
    return tuple(dict.fromkeys(chosen)) or None


def sheet_input(referral: Referral, *, answers: dict[str, str] | None = None) -> SheetInput:
    """Everything the case holds that the official form asks, plus the lead's answers."""
    case = referral.case
    # A case accepted from a handover also reads the concerns handed over with it.
    concerns = document_concerns(case)
    child_value = under_18(case)
    child = child_value != "no"
    names = case.person_name.split()
    lead = case.assigned_lead if referral.kind != Kind.PASS_TO_FIRST_RESPONDER else None
    lead_names = lead.full_name.split() if lead else []
    interpreter = next(
        (c.interpreter_needed for c in concerns if c.interpreter_needed in _YES_NO), None
    )
    language = next((c.languages for c in concerns if c.languages), "")
    consent: str | None = case.consent_to_nrm or None
    if referral.kind == Kind.DUTY_TO_NOTIFY:
        consent = "no"
    # The form takes only its own list of First Responder Organisations (official.lists).
    if referral.kind == Kind.PASS_TO_FIRST_RESPONDER:
        receiving = referral.receiving_organisation if referral.receiving_organisation_id else None
        org_name = (
            receiving.nrm_organisation
            if receiving is not None and receiving.nrm_organisation
            else match("organisations", referral.receiving_organisation_name)
        )
    else:
        org_name = referral.organisation.nrm_organisation
    org_name = match("organisations", org_name)
    others_details = _join([c.others_exploited for c in concerns])
    others = {"yes": "yes", "not-sure": "not-sure"}.get(case.others_at_risk)
    if others is None and others_details:
        others = "yes"
    values: dict[str, Any] = {
        "reference": referral.reference,
        "organisation_name": org_name,
        "nation": case.nation,
        "referrer_first_name": lead_names[0] if lead_names else "",
        "referrer_last_name": " ".join(lead_names[1:]),
        "referrer_role": lead.job_title.strip() if lead else "",
        "referrer_phone": lead.phone.strip() if lead else "",
        "referrer_alternative_email": referral.organisation.team_inbox if lead else "",
        "under_18": child_value,
        "under_18_during_exploitation": (
            case.under_18_during_exploitation or None if not child else None
        ),
        "first_name": names[0] if names else "",
        "last_name": " ".join(names[1:]),
        "date_of_birth": case.date_of_birth,
        "gender": GENDER.get(case.gender),
        "nationality": match("nationalities", case.nationality),
        "interpreter_needed": interpreter,
        "language": language if interpreter == "yes" else "",
        "consent_to_nrm": consent,
        "when_happened": "; ".join(c.happened_when for c in concerns if c.happened_when),
        "indicators": _indicators(concerns),
        "suggested_types": _types(case, child) or (),
        "who_exploited": _join([c.exploiters for c in concerns]),
        # The concern's account, as the form asks it (never one block in /what-happened).
        "how_it_started": _join([c.how_it_started for c in concerns]),
        "required_to_do": _join([c.what_they_do for c in concerns]),
        "living_conditions": _join([c.living_conditions for c in concerns]),
        "treatment": _join([c.treatment for c in concerns]),
        "birthplace": _join([c.birthplace for c in concerns]),
        "family": _join([c.family for c in concerns]),
        "education": _join([c.education for c in concerns]),
        "employment_history": _join([c.work_history for c in concerns]),
        "other_victims": others,
        "other_victims_details": others_details if others else "",
        "answers_supplied": dict(referral.answers if answers is None else answers),
    }
    return SheetInput(**values)


def derived_fields(referral: Referral) -> set[str]:
    """The field names the case itself answers (so the lead must never type them)."""
    from referrals.official.sheet import build_sheet

    return set(build_sheet(sheet_input(referral, answers={})).answers)
