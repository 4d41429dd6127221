"""The one table of the UK's four nations: their bodies, laws, processes and services.

Pure Python, no Django: the pathway engine (guidance), working days (core.workdays), referral
deadlines, organisation settings, forms, templates and the briefing all read a nation's words
from here, so that adding or correcting a jurisdiction touches this one file.

Sources (reference/nrm-process.md and reference/pathways.md, Version 2):
- Home Office, Modern Slavery: Statutory Guidance for England and Wales and Non-Statutory
  Guidance for Scotland and Northern Ireland, v3.8 (Feb 2024): "the statutory guidance".
- Home Office, NRM guidance for adults, England and Wales; Northern Ireland and Scotland (2024).
- Modern Slavery Act 2015 (England and Wales): s51 presumption about age; s52 Duty to Notify.
- Human Trafficking and Exploitation (Scotland) Act 2015: s12 presumption of age; s9 support for
  adults (90 days from a positive reasonable grounds decision).
- Human Trafficking and Exploitation (Criminal Justice and Support for Victims) Act (Northern
  Ireland) 2015, cited on screen as the Human Trafficking and Exploitation Act (Northern Ireland)
  2015: s25(3) presumption of age; s18 support for adults (45 days); s21 independent
  guardian for a child with nobody in the UK who can exercise parental responsibility.
- Capacity: Mental Capacity Act 2005 (England and Wales); Adults with Incapacity (Scotland) Act
  2000; Mental Capacity Act (Northern Ireland) 2016.
- Adult safeguarding: Care Act 2014 s42; Social Services and Well-being (Wales) Act 2014 s126;
  Adult Support and Protection (Scotland) Act 2007; Northern Ireland's adult safeguarding
  procedures.
- Child protection: Working Together to Safeguard Children 2023 (England); the Wales Safeguarding
  Procedures (2019); the National Guidance for Child Protection in Scotland (2021, updated 2023);
  the regional core child protection policy and procedures (Safeguarding Board for Northern
  Ireland).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

# nrm-process.md, Who may refer: advice for anyone, 24 hours, in every nation.
MODERN_SLAVERY_HELPLINE = "0800 0121 700"
STATUTORY_GUIDANCE = "Home Office modern slavery statutory guidance, v3.8"


@dataclass(frozen=True)
class Nation:
    code: str  # as the pathway contract spells it ("northern-ireland")
    name: str  # as a person reads it ("Northern Ireland")
    holidays_subdivision: str  # ISO 3166-2:GB code the `holidays` package uses for bank holidays
    # The Duty to Notify (s52 Modern Slavery Act 2015) applies in England and Wales only.
    duty_to_notify_applies: bool
    # Who can submit an NRM referral here, in plain words (nrm-process.md, Who may refer).
    first_responders: str
    # The usual first responder a non-first-responder passes a referral to.
    usual_first_responders: str
    police: str
    # Where a referral about a child goes, and the process it starts.
    childrens_services: str
    child_protection_process: str
    child_protection_guidance: str
    adult_safeguarding: str
    capacity_law: str
    age_presumption_law: str
    # The child's guardian service (pathways.md V2 rule 5).
    guardian_service: str
    guardian_line: str  # a phone number, or "" where we hold none
    # England and Wales: offered where the organisation says the ICTG service covers its area.
    guardian_needs_local_service: bool
    # Scotland and Northern Ireland: for a child with nobody in the UK holding parental
    # responsibility (or where that is not known).
    guardian_needs_no_parental_responsibility: bool
    adult_support: str  # who supports adults in the NRM, with a number where there is one
    adult_support_period: str  # how long support lasts from a positive reasonable grounds decision
    nrm_adult_guidance: str
    # Children's services' decision on a referral about a child: due this many working days after
    # the referral, and the guidance that says so (or why Signpost uses that figure).
    childrens_decision_working_days: int
    childrens_decision_basis: str
    # What happens to support after a positive reasonable grounds decision, in a line for the
    # deadlines table (a child's and an adult's can differ).
    recovery_adult: str
    recovery_child: str

    @property
    def adult_safeguarding_body(self) -> str:
        return "the Health and Social Care Trust" if self.code == NI else "the council"


ENGLAND, WALES, SCOTLAND, NI = "england", "wales", "scotland", "northern-ireland"

_E_AND_W_FIRST_RESPONDERS = (
    "the police, councils, some Home Office teams, the Gangmasters and Labour Abuse Authority "
    "and named charities"
)
_ICTG = "the Independent Child Trafficking Guardian service, run by Barnardo's"
_ICTG_LINE = "0800 043 4303"
_E_AND_W_SUPPORT = (
    "The Salvation Army, under the Home Office's adult support contract (0800 808 3733)"
)
_E_AND_W_PERIOD = (
    "support continues from a positive reasonable grounds decision until the conclusive grounds "
    "decision, for at least 30 days"
)
# nrm-process.md, row "Recovery period" (England and Wales).
_E_AND_W_RECOVERY = (
    "The recovery period is at least 30 days, and support continues until the conclusive "
    "grounds decision"
)
# nrm-process.md gives no separate figure for children in Scotland and Northern Ireland: their
# support comes from children's services (Children; Scotland and Northern Ireland).
_CHILD_SUPPORT_SCOT_NI = (
    "At least 30 days of recovery period; the child's support comes from children's services "
    "and does not end on this date"
)
_E_AND_W_ADULT_GUIDANCE = "Home Office NRM guidance for adults (England and Wales), 2024"
_NI_SCOT_ADULT_GUIDANCE = (
    "Home Office NRM guidance for adults (Northern Ireland and Scotland), 2024"
)

TABLE: Mapping[str, Nation] = MappingProxyType(
    {
        ENGLAND: Nation(
            code=ENGLAND,
            name="England",
            holidays_subdivision="ENG",
            duty_to_notify_applies=True,
            first_responders=_E_AND_W_FIRST_RESPONDERS,
            usual_first_responders="the council or the police",
            police="the local police force",
            childrens_services="the council's children's social care",
            child_protection_process=(
                "a child protection referral, which can lead to a strategy discussion and "
                "enquiries under section 47 of the Children Act 1989"
            ),
            child_protection_guidance="Working Together to Safeguard Children 2023",
            adult_safeguarding="the council, under section 42 of the Care Act 2014",
            capacity_law="the Mental Capacity Act 2005",
            age_presumption_law="Modern Slavery Act 2015, section 51",
            guardian_service=_ICTG,
            guardian_line=_ICTG_LINE,
            guardian_needs_local_service=True,
            guardian_needs_no_parental_responsibility=False,
            adult_support=_E_AND_W_SUPPORT,
            adult_support_period=_E_AND_W_PERIOD,
            nrm_adult_guidance=_E_AND_W_ADULT_GUIDANCE,
            # Working Together to Safeguard Children 2023, chapter 2 ("Decision-making"):
            # children's social care decides on the type of response within one working day.
            childrens_decision_working_days=1,
            childrens_decision_basis=(
                "Working Together to Safeguard Children 2023: a decision within one working day"
            ),
            recovery_adult=_E_AND_W_RECOVERY,
            recovery_child=_E_AND_W_RECOVERY,
        ),
        WALES: Nation(
            code=WALES,
            name="Wales",
            holidays_subdivision="WLS",
            duty_to_notify_applies=True,
            first_responders=_E_AND_W_FIRST_RESPONDERS,
            usual_first_responders="the council or the police",
            police="the local police force",
            childrens_services="the council's children's services",
            child_protection_process=(
                "a child protection referral, which can lead to a strategy discussion and "
                "enquiries under section 47 of the Children Act 1989, as the Wales Safeguarding "
                "Procedures set out"
            ),
            child_protection_guidance="the Wales Safeguarding Procedures",
            adult_safeguarding=(
                "the council, under section 126 of the Social Services and Well-being (Wales) "
                "Act 2014"
            ),
            capacity_law="the Mental Capacity Act 2005",
            age_presumption_law="Modern Slavery Act 2015, section 51",
            guardian_service=_ICTG,
            guardian_line=_ICTG_LINE,
            guardian_needs_local_service=True,
            guardian_needs_no_parental_responsibility=False,
            adult_support=_E_AND_W_SUPPORT,
            adult_support_period=_E_AND_W_PERIOD,
            nrm_adult_guidance=_E_AND_W_ADULT_GUIDANCE,
            # The Wales Safeguarding Procedures (2019) expect a prompt decision on a child
            # protection report; our reference folder holds no fixed figure, so the safer
            # (shorter) reading is used: one working day, as in England.
            childrens_decision_working_days=1,
            childrens_decision_basis=(
                "the Wales Safeguarding Procedures; Signpost expects a decision within one "
                "working day, the shorter reading"
            ),
            recovery_adult=_E_AND_W_RECOVERY,
            recovery_child=_E_AND_W_RECOVERY,
        ),
        SCOTLAND: Nation(
            code=SCOTLAND,
            name="Scotland",
            holidays_subdivision="SCT",
            duty_to_notify_applies=False,
            first_responders=(
                "Police Scotland, councils, some Home Office teams and named charities such as "
                "TARA and Migrant Help"
            ),
            usual_first_responders="the council or Police Scotland",
            police="Police Scotland",
            childrens_services="the council's children's social work service",
            child_protection_process=(
                "a child protection referral, which leads to an Inter-agency Referral Discussion "
                "between social work, the police and health"
            ),
            child_protection_guidance="the National Guidance for Child Protection in Scotland",
            adult_safeguarding=(
                "the council, under the Adult Support and Protection (Scotland) Act 2007"
            ),
            capacity_law="the Adults with Incapacity (Scotland) Act 2000",
            age_presumption_law=(
                "Human Trafficking and Exploitation (Scotland) Act 2015, section 12"
            ),
            guardian_service="the Scottish Guardianship Service",
            guardian_line="",
            guardian_needs_local_service=False,
            guardian_needs_no_parental_responsibility=True,
            adult_support=(
                "TARA (for women trafficked for sexual exploitation) and Migrant Help, funded by "
                "the Scottish Government"
            ),
            adult_support_period=(
                "support lasts 90 days from a positive reasonable grounds decision, or until the "
                "conclusive grounds decision if that comes first"
            ),
            nrm_adult_guidance=_NI_SCOT_ADULT_GUIDANCE,
            # The National Guidance for Child Protection in Scotland (2021, updated 2023) asks for
            # an Inter-agency Referral Discussion without delay but sets no fixed figure; the
            # safer (shorter) reading is used: one working day.
            childrens_decision_working_days=1,
            childrens_decision_basis=(
                "the National Guidance for Child Protection in Scotland sets no fixed time; "
                "Signpost expects a decision within one working day, the shorter reading"
            ),
            # nrm-process.md, row "Scotland adult support"; a child's support comes from the
            # council's children's services under children's legislation.
            recovery_adult=(
                "Adult support lasts 90 days from the positive reasonable grounds decision, or "
                "until the conclusive grounds decision if that comes first"
            ),
            recovery_child=_CHILD_SUPPORT_SCOT_NI,
        ),
        NI: Nation(
            code=NI,
            name="Northern Ireland",
            holidays_subdivision="NIR",
            duty_to_notify_applies=False,
            first_responders=(
                "the Police Service of Northern Ireland (PSNI), the Health and Social Care Trusts, "
                "some Home Office teams and named charities"
            ),
            usual_first_responders="the Health and Social Care Trust or the PSNI",
            police="the Police Service of Northern Ireland (PSNI)",
            childrens_services=(
                "children's social services at the local Health and Social Care Trust"
            ),
            child_protection_process=(
                "a referral under Northern Ireland's regional core child protection procedures"
            ),
            child_protection_guidance=(
                "the regional core child protection policy and procedures for Northern Ireland"
            ),
            adult_safeguarding=(
                "the Health and Social Care Trust, under Northern Ireland's adult safeguarding "
                "procedures"
            ),
            capacity_law="the Mental Capacity Act (Northern Ireland) 2016",
            # The Act's short title is longer; this is the name practitioners use for it.
            age_presumption_law=(
                "Human Trafficking and Exploitation Act (Northern Ireland) 2015, section 25"
            ),
            guardian_service="the Independent Guardian Service",
            guardian_line="",
            guardian_needs_local_service=False,
            guardian_needs_no_parental_responsibility=True,
            adult_support=(
                "Migrant Help and Belfast and Lisburn Women's Aid, funded by the Department of "
                "Justice"
            ),
            adult_support_period=(
                "support lasts at least 45 days from the reasonable grounds decision"
            ),
            nrm_adult_guidance=_NI_SCOT_ADULT_GUIDANCE,
            # The regional core child protection policy and procedures set no fixed figure in
            # our reference folder; the safer (shorter) reading is used: one working day.
            childrens_decision_working_days=1,
            childrens_decision_basis=(
                "the regional core child protection procedures for Northern Ireland; Signpost "
                "expects a decision within one working day, the shorter reading"
            ),
            # nrm-process.md, row "Northern Ireland adult support".
            recovery_adult=(
                "Adult support lasts at least 45 days from the reasonable grounds decision"
            ),
            recovery_child=_CHILD_SUPPORT_SCOT_NI,
        ),
    }
)

CODES: tuple[str, ...] = tuple(TABLE)
NAMES: Mapping[str, str] = MappingProxyType({code: n.name for code, n in TABLE.items()})
CHOICES: tuple[tuple[str, str], ...] = tuple((code, n.name) for code, n in TABLE.items())
DUTY_TO_NOTIFY_NATIONS: frozenset[str] = frozenset(
    code for code, n in TABLE.items() if n.duty_to_notify_applies
)


def nation(code: str) -> Nation:
    """The nation with this code; a ValueError naming the known codes otherwise."""
    try:
        return TABLE[code]
    except KeyError:
        raise ValueError(f"unknown nation {code!r}: expected one of {', '.join(CODES)}") from None


def join_names(codes: list[str] | tuple[str, ...], word: str = "or") -> str:
    """Nations as a person reads them: "England or Wales", "England, Wales and Scotland"."""
    names = [TABLE[code].name for code in codes]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {word} {names[-1]}"


def duty_to_notify_nations(word: str = "or") -> str:
    """The nations where the Duty to Notify applies: "England or Wales"."""
    return join_names([c for c in CODES if c in DUTY_TO_NOTIFY_NATIONS], word)


def other_nations(word: str = "or") -> str:
    """The nations where it does not: "Scotland or Northern Ireland"."""
    return join_names([c for c in CODES if c not in DUTY_TO_NOTIFY_NATIONS], word)
