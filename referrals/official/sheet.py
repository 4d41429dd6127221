"""The answer sheet for the official NRM / Duty to Notify form, built from a case record.

Pure Python, no Django. A lead with a good case record should be able to complete the Home
Office's online form page by page without re-asking the person or re-typing (nrm-process.md,
"What the official form asks that a good record already holds"). `build_sheet` takes a
`SheetInput` (everything a good case record holds, plus `answers_supplied` for what only the lead
can give) and says, for every one of the form's 141 field names, exactly one of:

- `answers[name]`: the answer to type or pick, in the form's own option identifiers where the
  field has fixed options ("" for an optional field to leave blank or a box to leave unticked);
- `missing`: the form will ask it on this path, and there is no answer yet;
- `not_applicable`: the form will not ask it, given the report and the answers so far.

Rules (nrm-form-fields.md, "Forks worth knowing"; nrm-process.md, Children and Adults):
- A child (under 18, or may be, or age not known: treated as a child) always gets an NRM
  referral, without consent; there is never a Duty to Notify for a child. The local authority
  contacted about the child (name, phone, e-mail, contact's first and last name) must be given
  before the sheet is complete.
- An adult who does not consent (`pv-want-to-submit-nrm` = `no`) gets the Duty to Notify
  report. It keeps them anonymous: their name and contact details are not applicable unless
  they will co-operate with the authorities (`authorities-cooperation` = `yes`); their date of
  birth and phone number are never on it. Whether a Duty to Notify is actually owed (England
  and Wales, a specified public authority) is `guidance.pathways.decide`'s question, not this
  module's: this module mirrors the form.
- A follow-up is applicable only once the answer that reveals it is known (the answer is then
  listed as missing first); an unknown "more than one situation" answer shows the single
  "when did it take place" question.
- The lead's answer wins (issue 14): `answers_supplied` fills what the record leaves empty and
  corrects what the record says. The types of exploitation are one question: once the lead has
  answered it, every box comes from their answer. For a known child, `pv-want-to-submit-nrm` is
  always "yes" (the form makes the referral automatic).
- Nothing is ticked that the record does not say: what the record only suggests (the
  exploitation types the screening's signs point to) goes into `Sheet.suggestions`, never into
  the answers, until the lead confirms it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any, Literal

from referrals.official.form import (
    CHECKED,
    FIELD_NAMES,
    FIELDS,
    FORM_STEPS,
    MULTI_SEPARATOR,
    TYPES_OF_EXPLOITATION,
    FormField,
)

YesNo = Literal["yes", "no"]
YesNoNotSure = Literal["yes", "no", "not-sure"]
Status = Literal["answered", "blank", "missing"]

# The situations /types-of-exploitation asks about, by the form's own checkbox suffix
# ("forced-to-work" is types-of-exploitation-forced-to-work).
EXPLOITATION_TYPES: tuple[str, ...] = tuple(
    n.removeprefix("types-of-exploitation-") for n in TYPES_OF_EXPLOITATION
)

# The fields a case record does not hold: declarations the referrer makes at the time of the
# referral (that it is safe to write to the person by e-mail or post; that the someone else has
# agreed to be the contact) and the evidence uploaded into the form itself. The lead gives these
# in Signpost through `answers_supplied`.
LEAD_SUPPLIED: tuple[str, ...] = (
    "pv-contact-details-email-check",
    "pv-contact-details-post-check",
    "someone-else-permission-check",
    "upload-file",
    "what-evidence-you-will-submit",
)

_YES_NO = ("yes", "no")
_YES_NO_NOT_SURE = ("yes", "no", "not-sure")

# SheetInput attributes with fixed values: the form's own option identifiers.
CHOICE_ATTRIBUTES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "nation": FIELDS["fr-location"].options,
        "under_18": FIELDS["pv-under-age"].options,
        "under_18_during_exploitation": FIELDS["pv-under-age-at-time-of-exploitation"].options,
        "gender": FIELDS["pv-gender"].options,
        "has_children": _YES_NO,
        "interpreter_needed": _YES_NO,
        "communication_help_needed": _YES_NO,
        "has_home_office_reference": _YES_NO,
        "contact_via": FIELDS["who-contact"].options,
        "needs_support": _YES_NO,
        # "not-asked" is Signpost's own value (guidance.pathways): no answer for the form yet.
        "consent_to_nrm": ("yes", "no", "not-asked"),
        "cooperates_with_authorities": _YES_NO,
        "multiple_situations": FIELDS["potential-victim-exploitative-situation-multiple"].options,
        "taken_somewhere": _YES_NO,
        "still_in_situation": _YES_NO,
        "last_contact": FIELDS["when-last-contact"].options,
        "first_chance_to_report": FIELDS["is-this-the-first-chance-to-report"].options,
        "dishonesty_evidence": _YES_NO,
        "others_involved": _YES_NO,
        "exploitation_where": FIELDS["where-exploitation-happened"].options,
        "exploiters_location_known": _YES_NO,
        "exploiters_in_uk": _YES_NO,
        "other_victims": FIELDS["any-other-pvs"].options,
        "future_exploitation": _YES_NO,
        "reported_to_police": _YES_NO,
    }
)
_TUPLE_ATTRIBUTES = ("uk_places", "overseas_countries", "suggested_types")
_OPTIONAL_TUPLE_ATTRIBUTES = ("indicators", "exploitation_types")


@dataclass(frozen=True)
class SheetInput:
    """Everything a good case record holds that the form asks. Text "" and None mean "not
    recorded". Choice attributes take the form's own identifiers (see CHOICE_ATTRIBUTES)."""

    # -- the referral and the first responder (organisation, referrer)
    reference: str = ""  # reference: the case reference
    organisation_name: str = ""  # user-organisation
    nation: str | None = None  # fr-location: where the referrer works
    referrer_first_name: str = ""  # fr-details-first-name
    referrer_last_name: str = ""  # fr-details-last-name
    referrer_role: str = ""  # fr-details-role
    referrer_phone: str = ""  # fr-details-phone
    referrer_alternative_email: str = ""  # fr-alternative-contact (optional)
    why_referring: str = ""  # why-are-you-making-the-referral
    # -- for a child: the local authority contacted about them
    local_authority_name: str = ""  # local-authority-contacted-about-child-local-authority-name
    local_authority_phone: str = ""  # ...-local-authority-phone
    local_authority_email: str = ""  # ...-local-authority-email
    local_authority_contact_first_name: str = ""  # ...-local-authority-first-name
    local_authority_contact_last_name: str = ""  # ...-local-authority-last-name
    interview_details: str = ""  # where-how-interview-carried-out
    professional_insight: str = ""  # professional-insight

    # -- the person
    under_18: str | None = None  # pv-under-age: yes / no / not-sure
    under_18_during_exploitation: str | None = None  # pv-under-age-at-time-of-exploitation
    first_name: str = ""  # pv-name-first-name
    last_name: str = ""  # pv-name-last-name
    other_names: str = ""  # pv-name-nickname: nickname or other names
    date_of_birth: date | None = None  # pv-dob
    gender: str | None = None  # pv-gender: female / male / unknown
    nationality: str = ""  # pv-nationality
    second_nationality: str = ""  # pv-nationality-second
    has_children: str | None = None  # does-pv-have-children (derived from the number if None)
    number_of_children: int | None = None  # does-pv-have-children-yes-amount
    interpreter_needed: str | None = None  # pv-interpreter-requirements (yes if language given)
    language: str = ""  # pv-interpreter-requirements-language
    communication_help_needed: str | None = None  # pv-other-help-with-communication
    communication_aid: str = ""  # pv-other-help-with-communication-aid
    has_home_office_reference: str | None = None  # pv-ho-reference (yes if a reference given)
    home_office_reference: str = ""  # pv-ho-reference-type
    email: str = ""  # pv-contact-details (email) and pv-contact-details-email-input
    street: str = ""  # pv-contact-details (post) and pv-contact-details-street
    town: str = ""  # pv-contact-details-town
    county: str = ""  # pv-contact-details-county
    postcode: str = ""  # pv-contact-details-postcode
    contact_via: str | None = None  # who-contact: potential-victim / someone-else
    someone_else_first_name: str = ""  # someone-else-first-name
    someone_else_last_name: str = ""  # someone-else-last-name
    someone_else_email: str = ""  # someone-else (email), someone-else-email-input
    someone_else_street: str = ""  # someone-else (post), someone-else-street
    someone_else_town: str = ""  # someone-else-town
    someone_else_county: str = ""  # someone-else-county
    someone_else_postcode: str = ""  # someone-else-postcode
    phone: str = ""  # pv-phone-number = yes, pv-phone-number-yes
    alternative_phone: str = ""  # pv-phone-number = pv-alternative-number, ...-alternative
    alternative_phone_relation: str = ""  # alternative-number-relation-to-pv
    no_phone_reason: str = ""  # pv-phone-number = no, no-contact-details
    needs_support: str | None = None  # does-pv-need-support
    consent_to_nrm: str | None = None  # pv-want-to-submit-nrm: yes / no / not-asked
    no_consent_reason: str = ""  # refuse-nrm
    cooperates_with_authorities: str | None = None  # authorities-cooperation
    cooperation_details: str = ""  # authorities-cooperation-details

    # -- background and what happened
    what_happened: str = ""  # what-happened
    birthplace: str = ""  # birthplace
    family: str = ""  # family
    education: str = ""  # education
    employment_history: str = ""  # employment-history
    multiple_situations: str | None = None  # potential-victim-exploitative-situation-multiple
    other_situations: str = ""  # more-than-one-exploitation-situation
    when_happened: str = ""  # when-did-the-exploitation-take-place(-multiple)
    how_it_started: str = ""  # how-did-the-exploitation-start
    taken_somewhere: str | None = None  # were-they-taken-somewhere-by-their-exploiter
    journey_details: str = ""  # were-they-taken-somewhere-by-their-exploiter-journey-details
    required_to_do: str = ""  # what-were-they-required-to-do
    living_conditions: str = ""  # living-conditions
    treatment: str = ""  # how-they-were-treated
    still_in_situation: str | None = None  # still-in-exploitative-situation
    what_keeps_them_there: str = ""  # what-is-keeping-them-in-situation
    how_they_left: str = ""  # how-why-did-they-leave-the-situation
    last_contact: str | None = None  # when-last-contact: the form's own period identifiers
    last_contact_details: str = ""  # details-last-contact
    first_chance_to_report: str | None = None  # is-this-the-first-chance-to-report
    first_chance_details: str = ""  # yes-/not-sure-the-first-chance-to-report
    why_report_now: str = ""  # why-report-now
    # modern-slavery-indicators: None = not recorded; () = none seen; otherwise one line each
    indicators: tuple[str, ...] | None = None
    dishonesty_evidence: str | None = None  # evidence-of-dishonesty
    dishonesty_details: str = ""  # evidence-of-dishonesty-details
    others_involved: str | None = None  # are-others-involved
    others_involved_details: str = ""  # are-others-involved-details
    exploitation_where: str | None = None  # where-exploitation-happened
    uk_places: tuple[str, ...] = ()  # where-exploitation-happened-uk-city-1..10 (then other)
    uk_other_location: str = ""  # where-exploitation-happened-other-uk-other-location
    overseas_countries: tuple[str, ...] = ()  # ...-overseas-country-1..10 (then other)
    overseas_other_location: str = ""  # where-exploitation-happened-other-overseas-...
    current_city: str = ""  # current-pv-location-uk-city
    current_region: str = ""  # current-pv-location-uk-region
    who_exploited: str = ""  # who-exploited-pv
    exploiters_location_known: str | None = None  # exploiters-location
    exploiters_in_uk: str | None = None  # are-exploiters-in-the-uk
    exploiters_location_details: str = ""  # exploiters-current-location-details
    # types-of-exploitation-*: the situations, by EXPLOITATION_TYPES code; None = not recorded
    exploitation_types: tuple[str, ...] | None = None
    # What the record suggests but does not say (the screening's types of exploitation): shown to
    # the lead to confirm or reject, never answered on their own. By EXPLOITATION_TYPES code.
    suggested_types: tuple[str, ...] = ()
    other_exploitation_details: str = ""  # other-exploitation-details
    other_victims: str | None = None  # any-other-pvs
    other_victims_details: str = ""  # other-potential-victims-yes/not-sure-details
    future_exploitation: str | None = None  # future-exploitation-concerns
    future_exploitation_reasons: str = ""  # future-exploitation-reasons
    reported_to_police: str | None = None  # reported-to-police
    police_force: str = ""  # reported-to-police-police-forces
    crime_reference: str = ""  # reported-to-police-crime-reference

    # -- what the lead gives in Signpost that the case does not hold (LEAD_SUPPLIED, or any
    # field the record leaves empty), keyed by the form's field names
    answers_supplied: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name, choices in CHOICE_ATTRIBUTES.items():
            value = getattr(self, name)
            if value is not None and value not in choices:
                raise ValueError(f"{name}: expected one of {', '.join(choices)}, got {value!r}")
        for name in _TUPLE_ATTRIBUTES + _OPTIONAL_TUPLE_ATTRIBUTES:
            value = getattr(self, name)
            if value is None and name in _OPTIONAL_TUPLE_ATTRIBUTES:
                continue
            if isinstance(value, str) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"{name}: expected a sequence of strings")
            object.__setattr__(self, name, tuple(value))
        unknown_suggested = [t for t in self.suggested_types if t not in EXPLOITATION_TYPES]
        if unknown_suggested:
            raise ValueError(f"suggested_types: unknown {unknown_suggested}")
        if self.exploitation_types is not None:
            unknown = [t for t in self.exploitation_types if t not in EXPLOITATION_TYPES]
            if unknown:
                raise ValueError(f"exploitation_types: unknown {unknown}")
        if self.date_of_birth is not None and not isinstance(self.date_of_birth, date):
            raise ValueError("date_of_birth: expected a date")
        if self.number_of_children is not None and (
            isinstance(self.number_of_children, bool)
            or not isinstance(self.number_of_children, int)
            or self.number_of_children < 0
        ):
            raise ValueError("number_of_children: expected a whole number, 0 or more")
        for f in dataclasses.fields(self):
            if f.type == "str" and not isinstance(getattr(self, f.name), str):
                raise ValueError(f"{f.name}: expected text")
        supplied = dict(self.answers_supplied)
        for key, value in supplied.items():
            if key not in FIELDS:
                raise ValueError(f"answers_supplied: {key!r} is not a field of the form")
            if not FIELDS[key].accepts(value):
                raise ValueError(f"answers_supplied: {value!r} is not an answer to {key!r}")
        object.__setattr__(self, "answers_supplied", MappingProxyType(supplied))


@dataclass(frozen=True)
class SheetField:
    name: str
    type: str
    options: tuple[str, ...]
    value: str | None  # None when missing
    status: Status  # answered; blank (optional, leave empty / unticked); missing

    @property
    def missing(self) -> bool:
        return self.status == "missing"


@dataclass(frozen=True)
class SheetStep:
    path: str  # the form's own step path, in the form's order
    fields: tuple[SheetField, ...]


@dataclass(frozen=True)
class Sheet:
    form: str  # "nrm" | "duty-to-notify"
    answers: dict[str, str]
    missing: list[str]
    not_applicable: list[str]
    steps: tuple[SheetStep, ...]  # only the steps the form will ask, with their fields
    # Where each answer came from: "record" (the case, the concern, the referrer's profile and
    # organisation) or "lead" (given or corrected on the referral's pages).
    sources: Mapping[str, str] = field(default_factory=dict)
    # What the record suggests for a question still missing, by field name (the lead confirms
    # or rejects it): for now the types of exploitation the screening points to ("true").
    suggestions: Mapping[str, str] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return not self.missing


# ------------------------------------------------------------------------------ mapping

# For every field name, where its answer comes from: SheetInput attribute(s), or
# "answers_supplied" for LEAD_SUPPLIED. (Derivations are in _from_record.)
SOURCES: Mapping[str, str] = MappingProxyType(
    {
        "reference": "reference",
        "user-organisation": "organisation_name",
        "fr-location": "nation",
        "pv-under-age": "under_18",
        "local-authority-contacted-about-child-local-authority-name": "local_authority_name",
        "local-authority-contacted-about-child-local-authority-phone": "local_authority_phone",
        "local-authority-contacted-about-child-local-authority-email": "local_authority_email",
        "local-authority-contacted-about-child-local-authority-first-name": (
            "local_authority_contact_first_name"
        ),
        "local-authority-contacted-about-child-local-authority-last-name": (
            "local_authority_contact_last_name"
        ),
        "pv-under-age-at-time-of-exploitation": "under_18_during_exploitation",
        "what-happened": "what_happened",
        "birthplace": "birthplace",
        "family": "family",
        "education": "education",
        "employment-history": "employment_history",
        "potential-victim-exploitative-situation-multiple": "multiple_situations",
        "when-did-the-exploitation-take-place": "when_happened",
        "when-did-the-exploitation-take-place-multiple": "when_happened",
        "how-did-the-exploitation-start": "how_it_started",
        "were-they-taken-somewhere-by-their-exploiter": "taken_somewhere",
        "were-they-taken-somewhere-by-their-exploiter-journey-details": "journey_details",
        "what-were-they-required-to-do": "required_to_do",
        "living-conditions": "living_conditions",
        "how-they-were-treated": "treatment",
        "still-in-exploitative-situation": "still_in_situation",
        "what-is-keeping-them-in-situation": "what_keeps_them_there",
        "how-why-did-they-leave-the-situation": "how_they_left",
        "when-last-contact": "last_contact",
        "details-last-contact": "last_contact_details",
        "is-this-the-first-chance-to-report": "first_chance_to_report",
        "yes-the-first-chance-to-report": "first_chance_details",
        "not-sure-the-first-chance-to-report": "first_chance_details",
        "why-report-now": "why_report_now",
        "modern-slavery-indicators": "indicators",
        "modern-slavery-indicators-details": "indicators",
        "where-how-interview-carried-out": "interview_details",
        "professional-insight": "professional_insight",
        "evidence-of-dishonesty": "dishonesty_evidence",
        "evidence-of-dishonesty-details": "dishonesty_details",
        "are-others-involved": "others_involved",
        "are-others-involved-details": "others_involved_details",
        "where-exploitation-happened": "exploitation_where",
        **{f"where-exploitation-happened-uk-city-{i}": "uk_places" for i in range(1, 11)},
        "where-exploitation-happened-other-uk-other-location": "uk_other_location, uk_places",
        **{
            f"where-exploitation-happened-overseas-country-{i}": "overseas_countries"
            for i in range(1, 11)
        },
        "where-exploitation-happened-other-overseas-other-location": (
            "overseas_other_location, overseas_countries"
        ),
        "current-pv-location-uk-city": "current_city",
        "current-pv-location-uk-region": "current_region",
        "who-exploited-pv": "who_exploited",
        "exploiters-location": "exploiters_location_known",
        "are-exploiters-in-the-uk": "exploiters_in_uk",
        "exploiters-current-location-details": "exploiters_location_details",
        **dict.fromkeys(TYPES_OF_EXPLOITATION, "exploitation_types"),
        "other-exploitation-details": "other_exploitation_details",
        "any-other-pvs": "other_victims",
        "other-potential-victims-yes-details": "other_victims_details",
        "other-potential-victims-not-sure-details": "other_victims_details",
        "future-exploitation-concerns": "future_exploitation",
        "future-exploitation-reasons": "future_exploitation_reasons",
        "reported-to-police": "reported_to_police",
        "reported-to-police-police-forces": "police_force",
        "reported-to-police-crime-reference": "crime_reference",
        "authorities-cooperation": "cooperates_with_authorities",
        "authorities-cooperation-details": "cooperation_details",
        "pv-want-to-submit-nrm": "consent_to_nrm, under_18",
        "refuse-nrm": "no_consent_reason",
        "pv-gender": "gender",
        "pv-nationality": "nationality",
        "pv-nationality-second": "second_nationality",
        "pv-name-first-name": "first_name",
        "pv-name-last-name": "last_name",
        "pv-name-nickname": "other_names",
        "pv-contact-details": "email, street, postcode",
        "pv-contact-details-email-input": "email",
        "pv-contact-details-email-check": "answers_supplied",
        "pv-contact-details-street": "street",
        "pv-contact-details-town": "town",
        "pv-contact-details-county": "county",
        "pv-contact-details-postcode": "postcode",
        "pv-contact-details-post-check": "answers_supplied",
        "does-pv-need-support": "needs_support",
        "pv-phone-number": "phone, alternative_phone, no_phone_reason",
        "pv-phone-number-yes": "phone",
        "pv-phone-number-alternative": "alternative_phone",
        "alternative-number-relation-to-pv": "alternative_phone_relation",
        "no-contact-details": "no_phone_reason",
        "pv-dob": "date_of_birth",
        "does-pv-have-children": "has_children, number_of_children",
        "does-pv-have-children-yes-amount": "number_of_children",
        "pv-interpreter-requirements": "interpreter_needed, language",
        "pv-interpreter-requirements-language": "language",
        "pv-other-help-with-communication": "communication_help_needed, communication_aid",
        "pv-other-help-with-communication-aid": "communication_aid",
        "pv-ho-reference": "has_home_office_reference, home_office_reference",
        "pv-ho-reference-type": "home_office_reference",
        "who-contact": "contact_via",
        "someone-else": "someone_else_email, someone_else_street, someone_else_postcode",
        "someone-else-first-name": "someone_else_first_name",
        "someone-else-last-name": "someone_else_last_name",
        "someone-else-email-input": "someone_else_email",
        "someone-else-street": "someone_else_street",
        "someone-else-town": "someone_else_town",
        "someone-else-county": "someone_else_county",
        "someone-else-postcode": "someone_else_postcode",
        "someone-else-permission-check": "answers_supplied",
        "fr-details-first-name": "referrer_first_name",
        "fr-details-last-name": "referrer_last_name",
        "fr-details-role": "referrer_role",
        "fr-details-phone": "referrer_phone",
        "fr-alternative-contact": "referrer_alternative_email",
        "upload-file": "answers_supplied",
        "what-evidence-you-will-submit": "answers_supplied",
        "more-than-one-exploitation-situation": "other_situations",
        "why-are-you-making-the-referral": "why_referring",
    }
)


def _yes_if(flag: str | None, detail: Any) -> str | None:
    """An explicit yes/no, else "yes" when the detail it reveals is recorded."""
    if flag is not None:
        return flag
    return "yes" if detail else None


def _places(items: tuple[str, ...], other: str) -> tuple[list[str], str]:
    """The form has ten place boxes; any further places go into its "other location" text."""
    items = tuple(i for i in items if i)
    extra = items[10:]
    text = other
    if extra:
        text = "\n".join(filter(None, [other, "Also: " + ", ".join(extra)]))
    return list(items[:10]), text


def _methods(email: str, street: str, postcode: str) -> str | None:
    chosen = []
    if email:
        chosen.append("email")
    if street or postcode:
        chosen.append("post")
    return MULTI_SEPARATOR.join(chosen) or None


def _from_record(r: SheetInput) -> dict[str, str | None]:
    """The answers the case record gives, by field name (None: not recorded)."""
    a: dict[str, str | None] = {
        "reference": r.reference,
        "user-organisation": r.organisation_name,
        "fr-location": r.nation,
        "pv-under-age": r.under_18,
        "local-authority-contacted-about-child-local-authority-name": r.local_authority_name,
        "local-authority-contacted-about-child-local-authority-phone": r.local_authority_phone,
        "local-authority-contacted-about-child-local-authority-email": r.local_authority_email,
        "local-authority-contacted-about-child-local-authority-first-name": (
            r.local_authority_contact_first_name
        ),
        "local-authority-contacted-about-child-local-authority-last-name": (
            r.local_authority_contact_last_name
        ),
        "pv-under-age-at-time-of-exploitation": r.under_18_during_exploitation,
        "what-happened": r.what_happened,
        "birthplace": r.birthplace,
        "family": r.family,
        "education": r.education,
        "employment-history": r.employment_history,
        "potential-victim-exploitative-situation-multiple": r.multiple_situations,
        "when-did-the-exploitation-take-place": r.when_happened,
        "when-did-the-exploitation-take-place-multiple": r.when_happened,
        "more-than-one-exploitation-situation": r.other_situations,
        "how-did-the-exploitation-start": r.how_it_started,
        "were-they-taken-somewhere-by-their-exploiter": _yes_if(
            r.taken_somewhere, r.journey_details
        ),
        "were-they-taken-somewhere-by-their-exploiter-journey-details": r.journey_details,
        "what-were-they-required-to-do": r.required_to_do,
        "living-conditions": r.living_conditions,
        "how-they-were-treated": r.treatment,
        "still-in-exploitative-situation": r.still_in_situation,
        "what-is-keeping-them-in-situation": r.what_keeps_them_there,
        "how-why-did-they-leave-the-situation": r.how_they_left,
        "when-last-contact": r.last_contact,
        "details-last-contact": r.last_contact_details,
        "is-this-the-first-chance-to-report": r.first_chance_to_report,
        "yes-the-first-chance-to-report": r.first_chance_details,
        "not-sure-the-first-chance-to-report": r.first_chance_details,
        "why-report-now": r.why_report_now,
        "where-how-interview-carried-out": r.interview_details,
        "professional-insight": r.professional_insight,
        "evidence-of-dishonesty": _yes_if(r.dishonesty_evidence, r.dishonesty_details),
        "evidence-of-dishonesty-details": r.dishonesty_details,
        "are-others-involved": _yes_if(r.others_involved, r.others_involved_details),
        "are-others-involved-details": r.others_involved_details,
        "where-exploitation-happened": r.exploitation_where,
        "current-pv-location-uk-city": r.current_city,
        "current-pv-location-uk-region": r.current_region,
        "who-exploited-pv": r.who_exploited,
        "exploiters-location": r.exploiters_location_known,
        "are-exploiters-in-the-uk": r.exploiters_in_uk,
        "exploiters-current-location-details": r.exploiters_location_details,
        "other-exploitation-details": r.other_exploitation_details,
        "any-other-pvs": r.other_victims,
        "other-potential-victims-yes-details": r.other_victims_details,
        "other-potential-victims-not-sure-details": r.other_victims_details,
        "future-exploitation-concerns": _yes_if(
            r.future_exploitation, r.future_exploitation_reasons
        ),
        "future-exploitation-reasons": r.future_exploitation_reasons,
        "reported-to-police": _yes_if(r.reported_to_police, r.crime_reference),
        "reported-to-police-police-forces": r.police_force,
        "reported-to-police-crime-reference": r.crime_reference,
        "authorities-cooperation": r.cooperates_with_authorities,
        "authorities-cooperation-details": r.cooperation_details,
        "refuse-nrm": r.no_consent_reason,
        "pv-gender": r.gender,
        "pv-nationality": r.nationality,
        "pv-nationality-second": r.second_nationality,
        "pv-name-first-name": r.first_name,
        "pv-name-last-name": r.last_name,
        "pv-name-nickname": r.other_names,
        "pv-contact-details": _methods(r.email, r.street, r.postcode),
        "pv-contact-details-email-input": r.email,
        "pv-contact-details-street": r.street,
        "pv-contact-details-town": r.town,
        "pv-contact-details-county": r.county,
        "pv-contact-details-postcode": r.postcode,
        "does-pv-need-support": r.needs_support,
        "pv-dob": r.date_of_birth.isoformat() if r.date_of_birth else None,
        "pv-interpreter-requirements": _yes_if(r.interpreter_needed, r.language),
        "pv-interpreter-requirements-language": r.language,
        "pv-other-help-with-communication": _yes_if(
            r.communication_help_needed, r.communication_aid
        ),
        "pv-other-help-with-communication-aid": r.communication_aid,
        "pv-ho-reference": _yes_if(r.has_home_office_reference, r.home_office_reference),
        "pv-ho-reference-type": r.home_office_reference,
        "who-contact": r.contact_via,
        "someone-else": _methods(
            r.someone_else_email, r.someone_else_street, r.someone_else_postcode
        ),
        "someone-else-first-name": r.someone_else_first_name,
        "someone-else-last-name": r.someone_else_last_name,
        "someone-else-email-input": r.someone_else_email,
        "someone-else-street": r.someone_else_street,
        "someone-else-town": r.someone_else_town,
        "someone-else-county": r.someone_else_county,
        "someone-else-postcode": r.someone_else_postcode,
        "fr-details-first-name": r.referrer_first_name,
        "fr-details-last-name": r.referrer_last_name,
        "fr-details-role": r.referrer_role,
        "fr-details-phone": r.referrer_phone,
        "fr-alternative-contact": r.referrer_alternative_email,
        "why-are-you-making-the-referral": r.why_referring,
    }

    # Consent: Signpost's "not-asked" is no answer yet.
    a["pv-want-to-submit-nrm"] = r.consent_to_nrm if r.consent_to_nrm in _YES_NO else None

    # Indicators: a recorded list answers the question; an empty list means none were seen.
    if r.indicators is not None:
        seen = [i for i in r.indicators if i]
        a["modern-slavery-indicators"] = "yes" if seen else "no"
        a["modern-slavery-indicators-details"] = "\n".join(seen)

    # Types of exploitation: ticked boxes are "true", the rest "" (unticked).
    if r.exploitation_types:
        for code, name in zip(EXPLOITATION_TYPES, TYPES_OF_EXPLOITATION, strict=True):
            a[name] = CHECKED if code in r.exploitation_types else ""
    if r.other_exploitation_details and not r.exploitation_types:
        a["types-of-exploitation-other"] = CHECKED

    # Places: ten boxes each for the UK and overseas, the rest in the "other location" text.
    uk, uk_other = _places(r.uk_places, r.uk_other_location)
    for i, place in enumerate(uk, start=1):
        a[f"where-exploitation-happened-uk-city-{i}"] = place
    a["where-exploitation-happened-other-uk-other-location"] = uk_other
    abroad, abroad_other = _places(r.overseas_countries, r.overseas_other_location)
    for i, country in enumerate(abroad, start=1):
        a[f"where-exploitation-happened-overseas-country-{i}"] = country
    a["where-exploitation-happened-other-overseas-other-location"] = abroad_other

    # Phone: the person's own number, else someone else's, else why there is none.
    if r.phone:
        a["pv-phone-number"] = "yes"
        a["pv-phone-number-yes"] = r.phone
    elif r.alternative_phone:
        a["pv-phone-number"] = "pv-alternative-number"
        a["pv-phone-number-alternative"] = r.alternative_phone
        a["alternative-number-relation-to-pv"] = r.alternative_phone_relation
    elif r.no_phone_reason:
        a["pv-phone-number"] = "no"
        a["no-contact-details"] = r.no_phone_reason

    # Children: an explicit answer, else the number recorded.
    has_children = r.has_children
    if has_children is None and r.number_of_children is not None:
        has_children = "yes" if r.number_of_children > 0 else "no"
    a["does-pv-have-children"] = has_children
    if r.number_of_children:
        a["does-pv-have-children-yes-amount"] = str(r.number_of_children)
    return a


def build_sheet(record: SheetInput) -> Sheet:
    """The answer sheet for the official form, for this case (see the module docstring)."""
    if not isinstance(record, SheetInput):
        raise TypeError("build_sheet expects a SheetInput")
    values: dict[str, str] = {}
    source: dict[str, str] = {}
    derived = _from_record(record)
    supplied = dict(record.answers_supplied)
    if any(n in supplied for n in TYPES_OF_EXPLOITATION):
        # The lead answered the types question: every box comes from their answer.
        for n in TYPES_OF_EXPLOITATION:
            derived.pop(n, None)
    for name in FIELD_NAMES:
        if supplied.get(name):
            values[name], source[name] = supplied[name], "lead"
        elif derived.get(name):
            values[name], source[name] = str(derived[name]), "record"

    # Age: yes / not-sure, or not known, is treated as a child (nrm-process.md, Children).
    age = values.get("pv-under-age")
    child = age != "no"
    if age in ("yes", "not-sure"):
        # A child's referral is always an NRM referral, without consent: the form makes it
        # automatic (nrm-process.md, Children; the form's set-referral-state behaviour).
        values["pv-want-to-submit-nrm"] = "yes"
    elif age is None and values.get("pv-want-to-submit-nrm") == "no":
        # Age not known: treated as a child, so no Duty to Notify; the consent answer waits
        # until the age question is answered.
        del values["pv-want-to-submit-nrm"]
    form = "duty-to-notify" if not child and values.get("pv-want-to-submit-nrm") == "no" else "nrm"

    # Walk the form in order. Conditions only look back, so `live` holds exactly the answers
    # to the questions the form has asked so far on this path.
    live: dict[str, str] = {}
    applicable: set[str] = set()
    rows: list[tuple[str, FormField]] = []
    for step in FORM_STEPS:
        if not step.applies(form, live):
            continue
        for f in step.fields:
            if f.depends_on is not None and not f.depends_on.holds(live):
                continue
            applicable.add(f.name)
            rows.append((step.path, f))
            if f.name in values:
                live[f.name] = values[f.name]

    # /types-of-exploitation: at least one box must be ticked; once one is, the rest are
    # answered by being left unticked.
    any_type = any(live.get(n) == CHECKED for n in TYPES_OF_EXPLOITATION)
    status: dict[str, Status] = {}
    for _, f in rows:
        if live.get(f.name):
            status[f.name] = "answered"
        elif f.optional or (f.name in TYPES_OF_EXPLOITATION and any_type):
            status[f.name] = "blank"
        else:
            status[f.name] = "missing"

    answers: dict[str, str] = {}
    missing: list[str] = []
    not_applicable: list[str] = []
    for name in FIELD_NAMES:
        if name not in applicable:
            not_applicable.append(name)
        elif status[name] == "missing":
            missing.append(name)
        else:
            answers[name] = live.get(name, "")

    by_step: dict[str, list[SheetField]] = {}
    for path, f in rows:
        by_step.setdefault(path, []).append(
            SheetField(
                name=f.name,
                type=f.type,
                options=f.options,
                value=answers.get(f.name),
                status=status[f.name],
            )
        )
    steps = tuple(SheetStep(path=p, fields=tuple(fs)) for p, fs in by_step.items())
    suggestions: dict[str, str] = {}
    if not any_type and any(n in missing for n in TYPES_OF_EXPLOITATION):
        for code, name in zip(EXPLOITATION_TYPES, TYPES_OF_EXPLOITATION, strict=True):
            if code in record.suggested_types:
                suggestions[name] = CHECKED
    return Sheet(
        form=form,
        answers=answers,
        missing=missing,
        not_applicable=not_applicable,
        steps=steps,
        sources=MappingProxyType({k: v for k, v in source.items() if answers.get(k)}),
        suggestions=MappingProxyType(suggestions),
    )


def to_export_json(sheet: Sheet) -> dict[str, Any]:
    """Exactly {"form", "answers", "missing", "not_applicable"}, for `manage.py nrm_export`."""
    return {
        "form": sheet.form,
        "answers": dict(sheet.answers),
        "missing": list(sheet.missing),
        "not_applicable": list(sheet.not_applicable),
    }
