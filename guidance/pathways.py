"""The pathway engine: given the facts of a concern, what must happen next, in what order, and why.

This implements the contract in reference/pathways.md exactly, Version 2 included (age
disputes, capacity, other children, people already in the NRM, guardians and wording in every
nation); the rules themselves come from reference/nrm-process.md, which summarises the Home
Office statutory guidance (v3.8, Feb 2024), the NRM guidance for adults (Oct 2024), Home Office
Circular 025/2015 on the Duty to Notify and the official NRM referral form. Each nation's bodies,
laws and services come from the one table in `core.nations`. Pure Python, no Django: the
`pathway` management command, the guide, the concern and case pages (and so the referrals
that follow the case's pathway) and the knowledge check all call `decide`.

Safety principle (pathways.md): a missing fact is "not known". The engine lists it in
`missing_facts` and never guesses in the unsafe direction; above all, an unknown age means the
person is treated as a child.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any, Literal

from core import nations

# ------------------------------------------------------------------------------ constants

EMERGENCY_NUMBER = "999"
# nrm-process.md, "Who may refer": advice for anyone, 24 hours a day.
MODERN_SLAVERY_HELPLINE = nations.MODERN_SLAVERY_HELPLINE
# nrm-process.md, Children: Independent Child Trafficking Guardians (Barnardo's), 24 hours.
ICTG_LINE = nations.TABLE[nations.ENGLAND].guardian_line
# nrm-process.md, Adults: Modern Slavery Victim Care Contract (The Salvation Army), England
# and Wales.
SALVATION_ARMY_LINE = "0800 808 3733"

NATIONS: tuple[str, ...] = nations.CODES
NATION_NAMES: Mapping[str, str] = nations.NAMES
# nrm-process.md: the Duty to Notify (s52 Modern Slavery Act 2015) covers England and Wales only.
ENGLAND_AND_WALES: frozenset[str] = nations.DUTY_TO_NOTIFY_NATIONS

# Action codes (pathways.md, "The actions") with a short title for screens. The dict order is
# the order a person should do them in: 999 first, then the practitioner's own duty to tell
# their lead, then protection (children's services, police, adult safeguarding), then the
# consent conversation, then the NRM paperwork and who submits it.
ACTIONS: Mapping[str, str] = MappingProxyType(
    {
        "call-999": "Call 999",
        "tell-safeguarding-lead": "Tell your safeguarding lead today",
        "refer-childrens-social-care": "Refer to children's social care",
        "inform-police": "Tell the police",
        "request-age-assessment": "Ask the council for an age assessment",
        "adult-safeguarding-referral": "Make an adult safeguarding referral",
        "assess-capacity": "Assess whether they can decide about a referral",
        "best-interests-decision": "Make a best-interests decision",
        "seek-informed-consent": "Ask for their informed consent to an NRM referral",
        "offer-support-and-helpline": "Offer support and the helpline number",
        "send-information-to-decision-maker": "Send the new information to the NRM decision maker",
        "nrm-referral": "Make a National Referral Mechanism (NRM) referral",
        "refer-ictg": "Refer the child to a guardian service",
        "duty-to-notify": "Send a Duty to Notify report",
        "pass-to-first-responder": "Pass the referral to a first responder organisation",
    }
)
ACTION_ORDER: tuple[str, ...] = tuple(ACTIONS)

# The order missing facts are listed in: the contract's own table order.
FACT_KEYS: tuple[str, ...] = (
    "immediate_danger",
    "under_18",
    "date_of_birth",
    "under_18_during_exploitation",
    "consent_to_nrm",
    "care_and_support_needs",
    "others_at_risk",
    "nation",
    "organisation.first_responder",
    "organisation.duty_to_notify",
    "organisation.ictg_available",
    # Version 2 (pathways.md, "New facts").
    "age_assessment",
    "capacity_to_consent",
    "children_at_risk",
    "already_in_nrm",
    "parental_responsibility_in_uk",
)
ORGANISATION_KEYS: tuple[str, ...] = ("first_responder", "duty_to_notify", "ictg_available")

# Each fact as a person would be asked it, for the "still to find out" lists on every screen.
FACT_QUESTIONS: Mapping[str, str] = MappingProxyType(
    {
        "immediate_danger": "whether anyone is in immediate danger",
        "under_18": "whether they are under 18",
        "date_of_birth": "their date of birth",
        "under_18_during_exploitation": "whether they were under 18 when it happened",
        "consent_to_nrm": "whether they agree to an NRM referral",
        "care_and_support_needs": "whether they have care and support needs",
        "others_at_risk": "whether anyone else is at risk",
        "nation": "which nation they are in",
        "organisation.first_responder": "whether your organisation is a first responder",
        "organisation.duty_to_notify": "whether your organisation must send Duty to Notify reports",
        "organisation.ictg_available": (
            "whether a child trafficking guardian service covers your area"
        ),
        "age_assessment": "whether the council has assessed their age, and what it found",
        "capacity_to_consent": "whether they can make the decision about a referral themselves",
        "children_at_risk": "whether any other children, such as their own, may be at risk",
        "already_in_nrm": "whether they have already been referred to the NRM",
        "parental_responsibility_in_uk": (
            "whether anyone in the UK has parental responsibility for them"
        ),
    }
)

YES_NO_NOT_SURE: tuple[str, ...] = ("yes", "no", "not-sure")
CONSENT_VALUES: tuple[str, ...] = ("yes", "no", "not-asked")
AGE_ASSESSMENT_VALUES: tuple[str, ...] = ("none", "child", "adult")

# Sources cited in reasons, in plain words.
_SG = nations.STATUTORY_GUIDANCE
_S52 = "Modern Slavery Act 2015, section 52, and Home Office Circular 025/2015"
_FRO = "Home Office, Report modern slavery as a first responder"

YesNoNotSure = Literal["yes", "no", "not-sure"]
Consent = Literal["yes", "no", "not-asked"]
AgeAssessment = Literal["none", "child", "adult"]
Nation = Literal["england", "wales", "scotland", "northern-ireland"]


# ------------------------------------------------------------------------------ facts


class FactsError(ValueError):
    """A fact is unknown, of the wrong type, or has a value the contract does not allow.

    `key` is the fact's name, dotted for the organisation's facts
    ("organisation.first_responder"), so the command line and forms can point at it.
    """

    def __init__(self, key: str, message: str) -> None:
        self.key = key
        self.message = message
        super().__init__(f"{key}: {message}")


@dataclass(frozen=True)
class Organisation:
    """What we know of the acting organisation; None means not known."""

    first_responder: bool | None = None  # a First Responder Organisation (FRO)
    duty_to_notify: bool | None = None  # a specified public authority under s52 MSA 2015
    ictg_available: bool | None = None  # an ICTG service covers its area

    def __post_init__(self) -> None:
        for name in ORGANISATION_KEYS:
            _check_bool(getattr(self, name), f"organisation.{name}")


@dataclass(frozen=True)
class Facts:
    """The facts of one concern (pathways.md, "The facts"). None means not known."""

    nation: Nation
    immediate_danger: bool | None = None
    under_18: YesNoNotSure | None = None
    date_of_birth: date | None = None
    under_18_during_exploitation: YesNoNotSure | None = None
    consent_to_nrm: Consent | None = None
    care_and_support_needs: bool | None = None
    others_at_risk: bool | None = None
    organisation: Organisation = field(default_factory=Organisation)
    # Version 2 (pathways.md, "New facts").
    age_assessment: AgeAssessment | None = None
    capacity_to_consent: YesNoNotSure | None = None
    children_at_risk: bool | None = None
    already_in_nrm: bool | None = None
    parental_responsibility_in_uk: YesNoNotSure | None = None

    def __post_init__(self) -> None:
        # Facts built in code (guidance/facts.py, from a record or the guide) get the same
        # checks as parsed JSON.
        _check_choice(self.nation, "nation", NATIONS, required=True)
        _check_bool(self.immediate_danger, "immediate_danger")
        _check_choice(self.under_18, "under_18", YES_NO_NOT_SURE)
        if self.date_of_birth is not None and not isinstance(self.date_of_birth, date):
            raise FactsError("date_of_birth", _DATE_EXPECTED)
        _check_choice(
            self.under_18_during_exploitation, "under_18_during_exploitation", YES_NO_NOT_SURE
        )
        _check_choice(self.consent_to_nrm, "consent_to_nrm", CONSENT_VALUES)
        _check_bool(self.care_and_support_needs, "care_and_support_needs")
        _check_bool(self.others_at_risk, "others_at_risk")
        _check_choice(self.age_assessment, "age_assessment", AGE_ASSESSMENT_VALUES)
        _check_choice(self.capacity_to_consent, "capacity_to_consent", YES_NO_NOT_SURE)
        _check_bool(self.children_at_risk, "children_at_risk")
        _check_bool(self.already_in_nrm, "already_in_nrm")
        _check_choice(
            self.parental_responsibility_in_uk, "parental_responsibility_in_uk", YES_NO_NOT_SURE
        )
        if not isinstance(self.organisation, Organisation):
            raise FactsError("organisation", "expected an Organisation")


_DATE_EXPECTED = 'expected a date written like "2010-05-31"'


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f'"{v}"' for v in values)


def _check_bool(value: Any, key: str) -> None:
    if value is not None and not isinstance(value, bool):
        raise FactsError(key, "expected true or false")


def _check_choice(
    value: Any, key: str, choices: tuple[str, ...], *, required: bool = False
) -> None:
    if value is None:
        if required:
            raise FactsError(key, f"required: one of {_quoted(choices)}")
        return
    if not isinstance(value, str) or value not in choices:
        raise FactsError(key, f"expected one of {_quoted(choices)}")


def _parse_date(value: Any) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise FactsError("date_of_birth", _DATE_EXPECTED)
    try:
        # Only the plain calendar form: fromisoformat also accepts "20100531" and week dates,
        # which a form would never send and a person would not mean.
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise FactsError("date_of_birth", _DATE_EXPECTED) from None


def parse_facts(data: Mapping[str, Any]) -> Facts:
    """Turn a JSON object into Facts, or raise FactsError naming the offending key.

    The organisation's facts may come as a nested object ({"organisation": {"first_responder":
    true}}) or as dotted keys ({"organisation.first_responder": true}), the contract's own
    spelling; giving the same fact both ways is an error. A JSON null means "not known".
    """
    if not isinstance(data, Mapping):
        raise FactsError("facts", "expected a JSON object")
    plain = set(FACT_KEYS) - {f"organisation.{k}" for k in ORGANISATION_KEYS}
    organisation: dict[str, Any] = {}
    for key in data:
        if not isinstance(key, str):
            raise FactsError(str(key), "not a known fact")
        if key in plain:
            continue
        if key == "organisation":
            nested = data[key]
            if nested is None:
                continue
            if not isinstance(nested, Mapping):
                raise FactsError("organisation", "expected an object")
            for sub in nested:
                dotted = f"organisation.{sub}"
                if sub not in ORGANISATION_KEYS:
                    raise FactsError(dotted, "not a known fact")
                if sub in organisation:
                    raise FactsError(dotted, "given twice")
                organisation[sub] = nested[sub]
        elif (
            key.startswith("organisation.")
            and key.removeprefix("organisation.") in ORGANISATION_KEYS
        ):
            sub = key.removeprefix("organisation.")
            if sub in organisation:
                raise FactsError(key, "given twice")
            organisation[sub] = data[key]
        else:
            raise FactsError(key, "not a known fact")

    if "nation" not in data:
        raise FactsError("nation", f"required: one of {_quoted(NATIONS)}")
    return Facts(
        nation=data["nation"],
        immediate_danger=data.get("immediate_danger"),
        under_18=data.get("under_18"),
        date_of_birth=_parse_date(data.get("date_of_birth")),
        under_18_during_exploitation=data.get("under_18_during_exploitation"),
        consent_to_nrm=data.get("consent_to_nrm"),
        care_and_support_needs=data.get("care_and_support_needs"),
        others_at_risk=data.get("others_at_risk"),
        organisation=Organisation(**organisation),
        age_assessment=data.get("age_assessment"),
        capacity_to_consent=data.get("capacity_to_consent"),
        children_at_risk=data.get("children_at_risk"),
        already_in_nrm=data.get("already_in_nrm"),
        parental_responsibility_in_uk=data.get("parental_responsibility_in_uk"),
    )


# ------------------------------------------------------------------------------ pathway


@dataclass(frozen=True)
class Step:
    code: str
    title: str
    reason: str


@dataclass(frozen=True)
class Pathway:
    treated_as_child: bool
    actions: tuple[str, ...]  # in the order a person should do them
    reasons: Mapping[str, str]  # one plain-English reason per action, citing its source
    missing_facts: tuple[str, ...]  # fact keys the engine still needs, in FACT_KEYS order
    age_basis: str = ""  # how the age decision was reached, in plain English
    age: int | None = None  # in whole years, only when a usable date of birth was given

    @property
    def steps(self) -> tuple[Step, ...]:
        """The actions with their screen titles and reasons, for templates."""
        return tuple(Step(code=c, title=ACTIONS[c], reason=self.reasons[c]) for c in self.actions)

    def to_dict(self) -> dict[str, Any]:
        """Exactly the contract's output JSON (pathways.md, "The output")."""
        return {
            "treated_as_child": self.treated_as_child,
            "actions": list(self.actions),
            "reasons": {code: self.reasons[code] for code in self.actions},
            "missing_facts": list(self.missing_facts),
        }


def age_on(date_of_birth: date, today: date) -> int:
    """Age in whole years on `today`. Someone born on 29 February turns a year older on
    1 March in a non-leap year."""
    before_birthday = (today.month, today.day) < (date_of_birth.month, date_of_birth.day)
    return today.year - date_of_birth.year - int(before_birthday)


@dataclass(frozen=True)
class _Age:
    treated_as_child: bool
    basis: str
    age: int | None
    missing: tuple[str, ...]
    # pathways.md V2 rule 1: a claim or doubt that they are a child conflicts with a date of
    # birth, and no age assessment has settled it.
    needs_assessment: bool = False


def _presumption(nation: nations.Nation) -> str:
    return (
        "The law presumes a child where there is reason to believe they may be one, until an "
        f"age assessment by the council says otherwise ({nation.age_presumption_law})."
    )


def _decide_age(facts: Facts, today: date) -> _Age:
    nation = nations.nation(facts.nation)
    missing: list[str] = []
    dob_note = ""
    said_or_doubted_child = facts.under_18 in ("yes", "not-sure")
    dob_age: int | None = None
    if facts.date_of_birth is not None:
        if facts.date_of_birth <= today:
            dob_age = age_on(facts.date_of_birth, today)
        else:
            missing.append("date_of_birth")
            dob_note = " The date of birth given is in the future, so it was not used."

    # pathways.md V2 rule 1: an assessment that says child settles it; a date of birth showing a
    # child is never overruled (the safer reading).
    if facts.age_assessment == "child":
        return _Age(
            True, "The council's age assessment found they are a child." + dob_note, dob_age, ()
        )
    if dob_age is not None and dob_age < 18:
        basis = f"Their date of birth shows they are {dob_age}."
        if facts.under_18 == "no" or facts.age_assessment == "adult":
            basis += (
                " That is used instead of what else was said about their age: anyone who may be "
                "under 18 is treated as a child."
            )
        return _Age(True, basis, dob_age, ())
    if facts.age_assessment == "adult":
        basis = "The council's age assessment found they are an adult."
        if said_or_doubted_child:
            basis += " It settles the doubt about whether they are under 18."
        return _Age(False, basis + dob_note, dob_age, tuple(missing))

    if dob_age is not None:  # an adult by the date of birth
        if not said_or_doubted_child:
            # A date of birth decides alone only when nobody has said or doubted otherwise.
            basis = f"Their date of birth shows they are {dob_age}."
            return _Age(False, basis, dob_age, ())
        # pathways.md V2 rule 1: papers of trafficked young people are often false; the claim or
        # doubt wins until an age assessment.
        said = "say they are" if facts.under_18 == "yes" else "may be"
        basis = (
            f"Their date of birth or papers say they are {dob_age}, but they {said} under 18, so "
            "they are treated as a child. " + _presumption(nation)
        )
        if facts.age_assessment is None:
            missing.append("age_assessment")
        return _Age(True, basis, dob_age, tuple(missing), needs_assessment=True)

    # nrm-process.md, Children: under 18, or may be, means treated as a child until a local
    # authority age assessment says otherwise.
    if facts.under_18 == "yes":
        return _Age(True, "They are under 18." + dob_note, None, tuple(missing))
    if facts.under_18 == "not-sure":
        return _Age(
            True,
            "They may be under 18, so they are treated as a child until the council's age "
            f"assessment says otherwise ({nation.age_presumption_law})." + dob_note,
            None,
            tuple(missing),
        )
    if facts.under_18 == "no":
        return _Age(False, "They are 18 or over." + dob_note, None, tuple(missing))
    missing.insert(0, "under_18")
    return _Age(
        True,
        "Their age is not known, so they are treated as a child until the council's age "
        "assessment says otherwise. This is the safe choice." + dob_note,
        None,
        tuple(missing),
    )


def decide(facts: Facts, today: date | None = None) -> Pathway:
    """What must happen next for these facts (pathways.md). `today` defaults to date.today()."""
    today = today or date.today()
    nation = nations.nation(facts.nation)
    org = facts.organisation
    age = _decide_age(facts, today)
    is_child = age.treated_as_child
    # pathways.md V2 rule 4: someone already in the NRM is never referred a second time.
    in_nrm = facts.already_in_nrm is True

    reasons: dict[str, str] = {}
    missing: set[str] = set(age.missing)

    def add(code: str, text: str, source: str) -> None:
        reasons[code] = f"{text} (Source: {source}.)"

    # Anyone in immediate danger: 999 first, everything else follows (nrm-process.md).
    if facts.immediate_danger is True:
        add(
            "call-999", "Someone is in danger right now. Call 999 before you do anything else.", _SG
        )
    elif facts.immediate_danger is None:
        missing.add("immediate_danger")

    # Always: the practitioner's own duty, the same day (pathways.md; nrm-process.md, "Who may
    # refer": staff record the concern and tell their manager or safeguarding lead).
    lead_text = (
        "Tell your safeguarding lead or manager today, whatever else happens. It is your own "
        "duty, and they will decide with you who else must be told."
    )
    if facts.immediate_danger is None:
        lead_text += f" If anyone could be in danger right now, call {EMERGENCY_NUMBER} first."
    lead_text += " " + age.basis
    add("tell-safeguarding-lead", lead_text, f"your organisation's safeguarding procedure; {_SG}")

    nrm_due = False
    dtn_due = False
    # pathways.md V2 rule 3: other children at risk are referred whatever the person's own age
    # or consent.
    other_children = facts.children_at_risk is True
    other_children_text = (
        " Other children, such as their own or children in the same household or workplace, may "
        "be at risk too: the referral is about them as well."
    )
    police_source = f"{_SG}; {nation.child_protection_guidance}"

    if is_child:
        # nrm-process.md, Children: safeguard first; the NRM form will not go on until the
        # referrer names the council contacted about the child.
        add(
            "refer-childrens-social-care",
            f"Safeguarding a child comes first. Refer them today to {nation.childrens_services}, "
            f"as {nation.child_protection_process}. The NRM form asks which council you "
            "contacted." + (other_children_text if other_children else ""),
            f"{_SG}; {nation.child_protection_guidance}",
        )
        police = (
            f"Tell {nation.police}: they take part in the child protection discussion about a "
            "child who may be exploited."
        )
        if facts.others_at_risk is True or other_children:
            police += " Other people may also be at risk, or a crime may still be going on."
        add("inform-police", police, police_source)

        if age.needs_assessment:
            add(
                "request-age-assessment",
                "What they say about their age and their date of birth or papers disagree. Ask "
                f"{nation.childrens_services} for an age assessment, and treat them as a child "
                "until it is done. Do not rely on the papers alone: people who traffic young "
                "people often give them false documents.",
                f"{nation.age_presumption_law}; {_SG}",
            )

        if not in_nrm:
            # nrm-process.md, Children: an NRM referral is always made for a child; no consent.
            nrm_due = True
            nrm_text = (
                "A child is always referred to the National Referral Mechanism. Their consent is "
                "not needed"
            )
            if facts.consent_to_nrm == "no":
                nrm_text += (
                    ", so the referral still goes ahead even though they said no. "
                    "Explain to them what will happen"
                )
            add("nrm-referral", nrm_text + ".", _SG)

        _add_guardian(facts, nation, add, missing)
    else:
        if facts.others_at_risk is True or other_children:
            add(
                "inform-police",
                f"Other people, perhaps children, may be at risk, or a crime may still be going "
                f"on. Tell {nation.police}.",
                police_source if other_children else _SG,
            )
        elif facts.others_at_risk is None:
            missing.add("others_at_risk")

        if other_children:
            add(
                "refer-childrens-social-care",
                f"Children other than this adult may be at risk. Refer them today to "
                f"{nation.childrens_services}, as {nation.child_protection_process}. This is "
                "needed whatever the adult decides about their own referral.",
                f"{_SG}; {nation.child_protection_guidance}",
            )

        capacity = facts.capacity_to_consent
        cannot_decide = capacity == "no"
        if facts.care_and_support_needs is True or cannot_decide:
            text = (
                "They seem to have care and support needs, so make an adult safeguarding "
                f"referral to {nation.adult_safeguarding}."
            )
            if cannot_decide and facts.care_and_support_needs is not True:
                text = (
                    "They cannot make this decision for themselves, so they need protecting: "
                    f"make an adult safeguarding referral to {nation.adult_safeguarding}."
                )
            add("adult-safeguarding-referral", text, nation.nrm_adult_guidance)
        elif facts.care_and_support_needs is None:
            missing.add("care_and_support_needs")

        if facts.under_18_during_exploitation is None and not in_nrm:
            # The official form asks it for every adult (nrm-form-fields.md,
            # /pv-under-age-at-time-of-exploitation).
            missing.add("under_18_during_exploitation")

        # pathways.md V2 rule 2: capacity comes before any consent step.
        if capacity == "not-sure":
            add(
                "assess-capacity",
                "It is not clear that they can understand and decide about a referral. Before "
                "asking for or relying on their consent, assess whether they can make this "
                f"decision, under {nation.capacity_law}.",
                f"{nation.capacity_law}; {nation.nrm_adult_guidance}",
            )
        if cannot_decide:
            add(
                "best-interests-decision",
                "They cannot make this decision for themselves, so it is not left to them. Take "
                "a best-interests decision, with the people who know them, about referring them "
                f"and the support they need, under {nation.capacity_law}. Record who decided "
                "and why.",
                f"{nation.capacity_law}; {_SG}",
            )

        consent = facts.consent_to_nrm
        support = f" Adult support in {nation.name}: {nation.adult_support}."
        if in_nrm or cannot_decide:
            pass  # rule 4: no second referral; rule 2: no consent step for who cannot decide
        elif consent == "yes":
            # nrm-process.md, Adults: an adult's NRM referral needs informed consent.
            nrm_due = True
            text = (
                "They have given informed consent, so an NRM referral can be made. Record that "
                "they agreed and how."
            )
            if capacity == "not-sure":
                text += (
                    " Their agreement counts only if the capacity assessment finds they can decide."
                )
            if facts.under_18_during_exploitation in ("yes", "not-sure"):
                text += (
                    " They were, or may have been, under 18 during the exploitation: they are "
                    "still referred as an adult, but the form asks about this."
                )
            add("nrm-referral", text + support, nation.nrm_adult_guidance)
        elif consent in ("not-asked", None):
            text = (
                "An adult must agree before an NRM referral is made. Explain what the NRM is, "
                "the support it offers, what could happen, and that information will be shared. "
                "Then ask whether they agree."
            )
            if consent is None:
                missing.add("consent_to_nrm")
                text = "We do not know whether they have been asked yet. " + text
            add("seek-informed-consent", text, nation.nrm_adult_guidance)
        else:  # consent == "no"
            if capacity == "not-sure":
                choice = "If the capacity assessment finds they can decide, that is their choice."
            elif capacity is None:
                # Capacity is presumed in law, but a refusal is only their choice if they can
                # make it: say so and ask (pathways.md V2 rule 2; "not known" is never the less
                # safe answer).
                missing.add("capacity_to_consent")
                choice = "If they can make this decision, that is their choice."
            else:
                choice = "That is their choice."
            add(
                "offer-support-and-helpline",
                f"They did not agree to an NRM referral. {choice} Offer the support you can, "
                "give them the Modern Slavery & Exploitation Helpline number "
                f"({MODERN_SLAVERY_HELPLINE}, free, 24 hours), and make sure they know they "
                "can come back and agree later."
                + (
                    ""
                    if nation.duty_to_notify_applies
                    else f" The Duty to Notify does not apply in {nation.name}."
                ),
                nation.nrm_adult_guidance,
            )
            # nrm-process.md, Adults: the Duty to Notify is for specified public authorities,
            # England and Wales only.
            if nation.duty_to_notify_applies:
                if org.duty_to_notify is True:
                    dtn_due = True
                    add(
                        "duty-to-notify",
                        "They did not agree to an NRM referral, and your organisation is a "
                        "public authority that must report anyway. Send a Duty to Notify report. "
                        "It must not name them unless they agree.",
                        _S52,
                    )
                elif org.duty_to_notify is None:
                    missing.add("organisation.duty_to_notify")

    # pathways.md V2: ask what decides these, rather than assume the less safe answer.
    if facts.children_at_risk is None:
        missing.add("children_at_risk")
    asks_for_referral = nrm_due or dtn_due or "seek-informed-consent" in reasons
    if facts.already_in_nrm is None and asks_for_referral:
        missing.add("already_in_nrm")

    if in_nrm:
        # pathways.md V2 rule 4: new information goes to whoever decides the existing referral.
        add(
            "send-information-to-decision-maker",
            "They are already in the National Referral Mechanism, so do not make a second "
            "referral. Send what you have learned to the body deciding their referral (the "
            "Single Competent Authority or the Immigration Enforcement Competent Authority), "
            "through the first responder who referred them if you can, quoting the referral's "
            "reference.",
            _SG,
        )

    # nrm-process.md, "Who may refer": only a First Responder Organisation can submit an NRM
    # referral or a Duty to Notify report.
    if nrm_due or dtn_due:
        if org.first_responder is False:
            what = "an NRM referral" if nrm_due else "a Duty to Notify report"
            add(
                "pass-to-first-responder",
                f"Only a first responder organisation can submit {what}, and yours is not one. "
                "Your safeguarding lead passes it to one, usually "
                f"{nation.usual_first_responders}. In {nation.name} the first responders are "
                f"{nation.first_responders}. For advice, call the Modern Slavery & Exploitation "
                f"Helpline on {MODERN_SLAVERY_HELPLINE} (24 hours).",
                _FRO,
            )
        elif org.first_responder is None:
            missing.add("organisation.first_responder")

    actions = tuple(code for code in ACTION_ORDER if code in reasons)
    return Pathway(
        treated_as_child=is_child,
        actions=actions,
        reasons=MappingProxyType({code: reasons[code] for code in actions}),
        missing_facts=tuple(key for key in FACT_KEYS if key in missing),
        age_basis=age.basis,
        age=age.age,
    )


def _add_guardian(
    facts: Facts,
    nation: nations.Nation,
    add: Any,
    missing: set[str],
) -> None:
    """pathways.md V2 rule 5: a guardian service for a child in every nation."""
    line = f" Its line is {nation.guardian_line}, open 24 hours." if nation.guardian_line else ""
    if nation.guardian_needs_local_service:
        # England and Wales: where the ICTG service covers the organisation's area.
        if facts.organisation.ictg_available is True:
            add(
                "refer-ictg",
                f"{nation.guardian_service[0].upper()}{nation.guardian_service[1:]} covers your "
                f"area, so refer the child to it as well.{line}",
                f"{_SG}; Modern Slavery Act 2015, section 48",
            )
        elif facts.organisation.ictg_available is None:
            missing.add("organisation.ictg_available")
        return
    if nation.guardian_needs_no_parental_responsibility:
        pr = facts.parental_responsibility_in_uk
        if pr == "yes":
            return
        if pr is None:
            # Not known must not lead to the less safe answer: offer it, and ask.
            missing.add("parental_responsibility_in_uk")
            why = (
                "We do not know whether anyone in the UK holds parental responsibility for them. "
                "If nobody does, or you are not sure,"
            )
        elif pr == "not-sure":
            why = "It is not clear that anyone in the UK holds parental responsibility for them, so"
        else:
            why = "Nobody in the UK holds parental responsibility for them, so"
        add(
            "refer-ictg",
            f"{why} refer the child to {nation.guardian_service}, which supports children in "
            f"{nation.name} who may have been trafficked.{line}",
            f"{_SG}; {nation.age_presumption_law.split(',')[0]}",
        )
