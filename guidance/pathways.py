"""The pathway engine: given the facts of a concern, what must happen next, in what order, and why.

This implements the contract in reference/pathways.md exactly; the rules themselves come from
reference/nrm-process.md, which summarises the Home Office statutory guidance (v3.8, Feb 2024),
the NRM guidance for adults (Oct 2024), Home Office Circular 025/2015 on the Duty to Notify and
the official NRM referral form. Pure Python, no Django: the `pathway` management command, the
screens, the API and the documents all call `decide`.

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

# ------------------------------------------------------------------------------ constants

EMERGENCY_NUMBER = "999"
# nrm-process.md, "Who may refer": advice for anyone, 24 hours a day.
MODERN_SLAVERY_HELPLINE = "0800 0121 700"
# nrm-process.md, Children: Independent Child Trafficking Guardians (Barnardo's), 24 hours.
ICTG_LINE = "0800 043 4303"
# nrm-process.md, Adults: Modern Slavery Victim Care Contract (The Salvation Army), England
# and Wales.
SALVATION_ARMY_LINE = "0800 808 3733"

NATIONS: tuple[str, ...] = ("england", "wales", "scotland", "northern-ireland")
NATION_NAMES: Mapping[str, str] = {
    "england": "England",
    "wales": "Wales",
    "scotland": "Scotland",
    "northern-ireland": "Northern Ireland",
}
# nrm-process.md: the Duty to Notify (s52 Modern Slavery Act 2015) and the ICTG service cover
# England and Wales only.
ENGLAND_AND_WALES: frozenset[str] = frozenset({"england", "wales"})

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
        "adult-safeguarding-referral": "Make an adult safeguarding referral",
        "seek-informed-consent": "Ask for their informed consent to an NRM referral",
        "offer-support-and-helpline": "Offer support and the helpline number",
        "nrm-referral": "Make a National Referral Mechanism (NRM) referral",
        "refer-ictg": "Refer to the Independent Child Trafficking Guardian service",
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
)
ORGANISATION_KEYS: tuple[str, ...] = ("first_responder", "duty_to_notify", "ictg_available")

YES_NO_NOT_SURE: tuple[str, ...] = ("yes", "no", "not-sure")
CONSENT_VALUES: tuple[str, ...] = ("yes", "no", "not-asked")

# Sources cited in reasons, in plain words.
_SG = "Home Office modern slavery statutory guidance, v3.8"
_NRM_ADULT = "Home Office NRM guidance for adults, 2024"
_S52 = "Modern Slavery Act 2015, section 52, and Home Office Circular 025/2015"
_FRO = "Home Office, Report modern slavery as a first responder"

YesNoNotSure = Literal["yes", "no", "not-sure"]
Consent = Literal["yes", "no", "not-asked"]
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

    def __post_init__(self) -> None:
        # Facts built in code (by a view or the API) get the same checks as parsed JSON.
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


def _decide_age(facts: Facts, today: date) -> _Age:
    missing: list[str] = []
    dob_note = ""
    if facts.date_of_birth is not None:
        if facts.date_of_birth <= today:
            # pathways.md: the date of birth wins over under_18 only when it is certain; a
            # full calendar date that is not in the future gives an exact age.
            age = age_on(facts.date_of_birth, today)
            is_child = age < 18
            basis = f"Their date of birth shows they are {age}."
            answer_says_child = facts.under_18 in ("yes", "not-sure")
            if facts.under_18 is not None and answer_says_child != is_child:
                basis += (
                    " That is used instead of the answer to 'under 18'. If you doubt the date "
                    "of birth, say so: anyone who may be under 18 is treated as a child."
                )
            return _Age(treated_as_child=is_child, basis=basis, age=age, missing=())
        missing.append("date_of_birth")
        dob_note = " The date of birth given is in the future, so it was not used."

    # nrm-process.md, Children: under 18, or may be, means treated as a child until a local
    # authority age assessment says otherwise (statutory guidance v3.8; Modern Slavery Act
    # 2015 s51 presumption about age).
    if facts.under_18 == "yes":
        return _Age(True, "They are under 18." + dob_note, None, tuple(missing))
    if facts.under_18 == "not-sure":
        return _Age(
            True,
            "They may be under 18, so they are treated as a child until the council's age "
            "assessment says otherwise." + dob_note,
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


def _childrens_services(nation: str) -> str:
    if nation == "scotland":
        return (
            "the council's children's social work service. In Scotland this leads to an "
            "Inter-agency Referral Discussion"
        )
    if nation == "northern-ireland":
        return "children's social services at the local Health and Social Care Trust"
    return (
        "the council's children's social care as a child protection referral. This can lead "
        "to a strategy discussion and enquiries under section 47 of the Children Act 1989"
    )


def _adult_safeguarding_law(nation: str) -> str:
    # nrm-process.md, Adults: the adult safeguarding law of each nation.
    return {
        "england": "the council, under section 42 of the Care Act 2014",
        "wales": (
            "the council, under section 126 of the Social Services and Well-being (Wales) Act 2014"
        ),
        "scotland": "the council, under the Adult Support and Protection (Scotland) Act 2007",
        "northern-ireland": (
            "the Health and Social Care Trust, under Northern Ireland's adult safeguarding "
            "procedures"
        ),
    }[nation]


def decide(facts: Facts, today: date | None = None) -> Pathway:
    """What must happen next for these facts (pathways.md). `today` defaults to date.today()."""
    today = today or date.today()
    nation = facts.nation
    org = facts.organisation
    in_england_or_wales = nation in ENGLAND_AND_WALES
    age = _decide_age(facts, today)
    is_child = age.treated_as_child

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

    if is_child:
        # nrm-process.md, Children: safeguard first; the NRM form will not go on until the
        # referrer names the council contacted about the child.
        add(
            "refer-childrens-social-care",
            "Safeguarding a child comes first. Refer them today to "
            + _childrens_services(nation)
            + ". The NRM form asks which council you contacted.",
            _SG,
        )
        police = (
            "The police are part of the strategy discussion about a child who may be "
            "exploited, so make sure they are told."
        )
        if facts.others_at_risk is True:
            police += " Other people may also be at risk, or a crime may still be going on."
        add("inform-police", police, f"{_SG}; London child trafficking guidance")

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

        if in_england_or_wales:
            if org.ictg_available is True:
                add(
                    "refer-ictg",
                    "An Independent Child Trafficking Guardian service covers your area, so "
                    f"refer the child to it as well. The Barnardo's line is {ICTG_LINE}, open "
                    "24 hours.",
                    _SG,
                )
            elif org.ictg_available is None:
                missing.add("organisation.ictg_available")
    else:
        if facts.others_at_risk is True:
            add(
                "inform-police",
                "Other people, perhaps children, may be at risk, or a crime may still be going "
                "on. Tell the police.",
                _SG,
            )
        elif facts.others_at_risk is None:
            missing.add("others_at_risk")

        if facts.care_and_support_needs is True:
            add(
                "adult-safeguarding-referral",
                "They seem to have care and support needs, so make an adult safeguarding "
                f"referral to {_adult_safeguarding_law(nation)}.",
                _NRM_ADULT,
            )
        elif facts.care_and_support_needs is None:
            missing.add("care_and_support_needs")

        if facts.under_18_during_exploitation is None:
            # The official form asks it for every adult (nrm-form-fields.md,
            # /pv-under-age-at-time-of-exploitation).
            missing.add("under_18_during_exploitation")

        consent = facts.consent_to_nrm
        if consent == "yes":
            # nrm-process.md, Adults: an adult's NRM referral needs informed consent.
            nrm_due = True
            text = (
                "They have given informed consent, so an NRM referral can be made. Record that "
                "they agreed and how."
            )
            if facts.under_18_during_exploitation in ("yes", "not-sure"):
                text += (
                    " They were, or may have been, under 18 during the exploitation: they are "
                    "still referred as an adult, but the form asks about this."
                )
            if in_england_or_wales:
                text += (
                    " Adult support in England and Wales is run by The Salvation Army "
                    f"({SALVATION_ARMY_LINE})."
                )
            add("nrm-referral", text, _NRM_ADULT)
        elif consent in ("not-asked", None):
            text = (
                "An adult must agree before an NRM referral is made. Explain what the NRM is, "
                "the support it offers, what could happen, and that information will be shared. "
                "Then ask whether they agree."
            )
            if consent is None:
                missing.add("consent_to_nrm")
                text = "We do not know whether they have been asked yet. " + text
            add("seek-informed-consent", text, _NRM_ADULT)
        else:  # consent == "no"
            add(
                "offer-support-and-helpline",
                "They did not agree to an NRM referral, and that is their choice. Offer the "
                "support you can, give them the Modern Slavery & Exploitation Helpline number "
                f"({MODERN_SLAVERY_HELPLINE}, free, 24 hours), and make sure they know they "
                "can come back and agree later."
                + (
                    ""
                    if in_england_or_wales
                    else f" The Duty to Notify does not apply in {NATION_NAMES[nation]}."
                ),
                _NRM_ADULT,
            )
            # nrm-process.md, Adults: the Duty to Notify is for specified public authorities,
            # England and Wales only.
            if in_england_or_wales:
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

    # nrm-process.md, "Who may refer": only a First Responder Organisation can submit an NRM
    # referral or a Duty to Notify report.
    if nrm_due or dtn_due:
        if org.first_responder is False:
            what = "an NRM referral" if nrm_due else "a Duty to Notify report"
            add(
                "pass-to-first-responder",
                f"Only a first responder organisation can submit {what}, and yours is not one. "
                "Your safeguarding lead passes it to one, usually the council or the police. "
                f"For advice, call the Modern Slavery & Exploitation Helpline on "
                f"{MODERN_SLAVERY_HELPLINE} (24 hours).",
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
