"""Every kind of referral, described once.

One `KindSpec` per kind in `REGISTRY`: its label, the pathway action(s) it answers
(guidance.pathways.ACTIONS), its sections (the task list), whether it carries the official
answer sheet, the builder of its document, its file name, its deadlines and the decisions that
can come back from it. Services, views, templates, the case page's pathway, the deadlines and
the organisation's figures read from here instead of asking "which kind is this?".

Adding a kind (a housing provider, a local MASH's own form) is:
1. a value in referrals.models.Kind (and its migration, as the choices change);
2. one entry below: its action code (add it to guidance.pathways.ACTIONS if the pathway should
   ask for it), its sections (SUMMARY, the question sections it needs, ANYTHING_TO_ADD), a
   document builder in referrals.documents (or `has_sheet=True` for the official form), a
   fixed file name, and its deadlines and decision choices if anything comes back;
3. its templates, only if the shared ones (referrals/document.html, document_pdf.html) do not
   fit.
Nothing else changes: the task list, the document page, the PDF download, "mark as sent",
"record the decision", the pathway step and the figures follow the entry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from referrals import deadlines, documents
from referrals.models import Kind, Outcome, Referral
from referrals.sections import (
    ANYTHING_TO_ADD,
    FIRST_RESPONDER,
    PACK_SECTIONS,
    SHEET_SECTIONS,
    SUMMARY,
    Question,
    Section,
)

# (what, label, due): one open deadline of a sent referral.
DeadlineRow = tuple[str, str, date]

# ------------------------------------------------------------------------------ the questions

_YES_NO_NOT_SURE = (("yes", "Yes"), ("no", "No"), ("not-sure", "Not sure"))
# The lawful basis for sharing without consent where safeguarding needs it: UK GDPR Article
# 6(1)(e) and 9(2)(g) with the Data Protection Act 2018, Schedule 1, paragraph 18 ("Safeguarding
# of children and of individuals at risk"); or the person's (a parent's) agreement.
LAWFUL_BASIS = Question(
    "lawful_basis",
    "On what lawful basis are you sharing this?",
    "Safeguarding allows sharing without consent where asking would put someone at risk.",
    widget="radio",
    choices=(
        (
            "safeguarding",
            "To safeguard a child or an adult at risk (Data Protection Act 2018, Schedule 1, "
            "paragraph 18)",
        ),
        ("public-task", "Our public task or a legal duty (UK GDPR Article 6(1)(e) or (c))"),
        ("consent", "The person (or, for a child, a parent or carer) agreed to it"),
    ),
)
DONE_SO_FAR = Question(
    "what_has_been_done",
    "What has been done so far to keep them safe?",
    "For example, who has spoken to them and what support is in place.",
)
WHO_ELSE_KNOWS = Question(
    "who_else_knows",
    "Which other services or professionals already know about this?",
    "For example, a social worker, the police, a health visitor. Say if none.",
)

PERSON_FACTS = Section(
    "where-they-live",
    "Where they live, and who looks after them",
    questions=(
        Question(
            "address",
            "Where do they live?",
            "The address, or where they are staying. Kept on the case for every referral.",
            on_case=True,
        ),
        Question(
            "parents_and_carers",
            "Who are their parents or carers?",
            "Names, how they are related, and how to reach them, if known.",
            on_case=True,
            child_only=True,
        ),
        Question(
            "school_or_setting",
            "Which school, college or other setting do they attend?",
            "Say if they are not in education.",
            widget="text",
            on_case=True,
            child_only=True,
        ),
    ),
)
CSC_QUESTIONS = Section(
    "for-childrens-social-care",
    "What children's social care needs to know",
    questions=(
        DONE_SO_FAR,
        WHO_ELSE_KNOWS,
        Question(
            "parents_know",
            "Do the child's parents or carers know about this referral?",
            widget="radio",
            choices=_YES_NO_NOT_SURE,
        ),
        Question(
            "parents_know_why_not",
            "If they do not know, why not?",
            "For example, telling them could put the child at greater risk.",
            unless=("parents_know", "yes"),
        ),
        LAWFUL_BASIS,
    ),
)
POLICE_QUESTIONS = Section(
    "for-the-police",
    "What the police need to know",
    questions=(
        DONE_SO_FAR,
        WHO_ELSE_KNOWS,
        Question(
            "person_knows",
            "Does the person know the police are being told?",
            widget="radio",
            choices=_YES_NO_NOT_SURE,
        ),
        LAWFUL_BASIS,
    ),
)
GUARDIAN_QUESTIONS = Section(
    "for-the-guardian-service",
    "What the guardian service needs to know",
    questions=(
        DONE_SO_FAR,
        WHO_ELSE_KNOWS,
        Question(
            "child_views",
            "What does the child say about getting help?",
            "In their own words where you can.",
        ),
        LAWFUL_BASIS,
    ),
)
ADULT_QUESTIONS = Section(
    "for-adult-safeguarding",
    "What adult safeguarding needs to know",
    questions=(
        Question(
            "care_needs",
            "What care and support needs do they seem to have?",
            "For example, illness, disability, or needing help with daily living.",
        ),
        Question(
            "persons_views",
            "What does the person want to happen?",
            "In their own words where you can.",
        ),
        Question(
            "capacity_reasons",
            "Why do you think they can, or cannot, decide about this referral?",
        ),
        Question(
            "consent_to_referral",
            "Has the person agreed to this referral?",
            widget="radio",
            choices=(
                ("yes", "Yes"),
                ("no", "No, and it is being made to protect them or others"),
                ("not-asked", "Not asked yet"),
            ),
        ),
        DONE_SO_FAR,
        WHO_ELSE_KNOWS,
        LAWFUL_BASIS,
    ),
)

# ------------------------------------------------------------------------------ decisions

CSC_DECISIONS = (
    ("child-protection-enquiries", "Child protection enquiries (for example, a strategy meeting)"),
    ("assessment", "An assessment of the child's needs"),
    ("early-help", "Early help or other support"),
    ("no-further-action", "No further action"),
)
POLICE_DECISIONS = (
    ("crime-recorded", "A crime was recorded"),
    ("intelligence", "Kept as intelligence"),
    ("no-further-action", "No further action"),
)
GUARDIAN_DECISIONS = (
    ("guardian-allocated", "A guardian was allocated"),
    ("not-allocated", "Not allocated"),
)
ADULT_DECISIONS = (
    ("enquiry", "A safeguarding enquiry"),
    ("other-support", "Other support offered"),
    ("no-further-action", "No further action"),
)

# ------------------------------------------------------------------------------ deadlines


def nrm_deadlines(referral: Referral, today: date) -> list[DeadlineRow]:
    """A sent NRM referral: the RG decision (5 working days), then the recovery period in the
    nation's words, and the last day to ask for a negative decision to be reconsidered
    (referrals.deadlines, nrm-process.md "After a referral")."""
    if referral.sent_on is None:
        return []
    nation = referral.case.nation
    adult = not referral.case.treated_as_child
    found: list[DeadlineRow] = []
    if referral.rg_decision_on is None:
        found.append(
            (
                "rg-due",
                "Reasonable Grounds decision due",
                deadlines.rg_due(referral.sent_on, nation),
            )
        )
    elif referral.rg_outcome == Outcome.POSITIVE and referral.cg_decision_on is None:
        found.append(
            (
                "recovery-end",
                f"Recovery period: earliest end. {deadlines.recovery_wording(nation, adult)}",
                deadlines.recovery_period_end(referral.rg_decision_on, nation, adult),
            )
        )
    negative_on = None
    if referral.rg_outcome == Outcome.NEGATIVE and referral.rg_decision_on:
        negative_on = referral.rg_decision_on
    if referral.cg_outcome == Outcome.NEGATIVE and referral.cg_decision_on:
        negative_on = referral.cg_decision_on
    if negative_on and referral.reconsideration_requested_on is None:
        found.append(
            (
                "reconsideration",
                "Last day to ask for reconsideration",
                deadlines.reconsideration_deadline(negative_on),
            )
        )
    return found


def childrens_decision_deadlines(referral: Referral, today: date) -> list[DeadlineRow]:
    """Children's services' decision: due the nation's number of working days after the
    referral (one in England, Working Together 2023; core.nations for the others). Overdue,
    the lead should escalate."""
    if referral.sent_on is None or referral.decision_on is not None:
        return []
    due = deadlines.childrens_decision_due(referral.sent_on, referral.case.nation)
    return [("decision-due", "Children's social care decision due (escalate if late)", due)]


def no_deadlines(referral: Referral, today: date) -> list[DeadlineRow]:
    return []


# ------------------------------------------------------------------------------ the registry


@dataclass(frozen=True)
class KindSpec:
    kind: str
    label: str
    actions: tuple[str, ...]  # the pathway actions it answers (guidance.pathways.ACTIONS)
    sections: tuple[Section, ...]
    has_sheet: bool  # carries the official NRM / Duty to Notify answer sheet
    document: documents.Builder | None  # the document of a kind without a sheet
    file_stem: str  # the fixed download file name, without extension
    deadlines: Callable[[Referral, date], list[DeadlineRow]] = no_deadlines
    # What can come back: "nrm" for the RG / CG decisions; otherwise these choices (if any).
    decisions: tuple[tuple[str, str], ...] = ()
    nrm_decisions: bool = False
    first_responder_only: bool = False  # only a first responder organisation may make it
    # What its download is called on screen, and a line under the title of its task list.
    document_name: str = "document"
    intro: str = ""
    # Its decision is due within the nation's own timescale (core.nations).
    decision_timescale: bool = False

    @property
    def records_decision(self) -> bool:
        return self.nrm_decisions or bool(self.decisions)

    def decision_label(self, code: str) -> str:
        return dict(self.decisions).get(code, code)


_QUESTIONS_SECTIONS = {
    Kind.CHILDRENS_SOCIAL_CARE: (SUMMARY, PERSON_FACTS, CSC_QUESTIONS, ANYTHING_TO_ADD),
    Kind.POLICE: (SUMMARY, PERSON_FACTS, POLICE_QUESTIONS, ANYTHING_TO_ADD),
    Kind.ICTG: (SUMMARY, PERSON_FACTS, GUARDIAN_QUESTIONS, ANYTHING_TO_ADD),
    Kind.ADULT_SAFEGUARDING: (SUMMARY, PERSON_FACTS, ADULT_QUESTIONS, ANYTHING_TO_ADD),
}

REGISTRY: Mapping[str, KindSpec] = MappingProxyType(
    {
        Kind.NRM: KindSpec(
            kind=Kind.NRM,
            label=Kind.NRM.label,
            actions=("nrm-referral",),
            sections=SHEET_SECTIONS,
            has_sheet=True,
            document=None,
            file_stem="nrm-answer-sheet",
            document_name="answer sheet",
            deadlines=nrm_deadlines,
            nrm_decisions=True,
            first_responder_only=True,
        ),
        Kind.DUTY_TO_NOTIFY: KindSpec(
            kind=Kind.DUTY_TO_NOTIFY,
            label=Kind.DUTY_TO_NOTIFY.label,
            actions=("duty-to-notify",),
            sections=SHEET_SECTIONS,
            has_sheet=True,
            document=None,
            file_stem="duty-to-notify-answer-sheet",
            document_name="answer sheet",
            intro=(
                "A Duty to Notify report keeps the person anonymous. Their name and contact "
                "details are only included if they will co-operate with the authorities."
            ),
            first_responder_only=True,
        ),
        Kind.CHILDRENS_SOCIAL_CARE: KindSpec(
            kind=Kind.CHILDRENS_SOCIAL_CARE,
            label=Kind.CHILDRENS_SOCIAL_CARE.label,
            actions=("refer-childrens-social-care",),
            sections=_QUESTIONS_SECTIONS[Kind.CHILDRENS_SOCIAL_CARE],
            has_sheet=False,
            document=documents.childrens_social_care,
            file_stem="childrens-social-care-referral",
            deadlines=childrens_decision_deadlines,
            decisions=CSC_DECISIONS,
            decision_timescale=True,
        ),
        Kind.POLICE: KindSpec(
            kind=Kind.POLICE,
            label=Kind.POLICE.label,
            actions=("inform-police",),
            sections=_QUESTIONS_SECTIONS[Kind.POLICE],
            has_sheet=False,
            document=documents.police,
            file_stem="police-information",
            decisions=POLICE_DECISIONS,
        ),
        Kind.ICTG: KindSpec(
            kind=Kind.ICTG,
            label=Kind.ICTG.label,
            actions=("refer-ictg",),
            sections=_QUESTIONS_SECTIONS[Kind.ICTG],
            has_sheet=False,
            document=documents.guardian,
            file_stem="guardian-service-referral",
            decisions=GUARDIAN_DECISIONS,
        ),
        Kind.ADULT_SAFEGUARDING: KindSpec(
            kind=Kind.ADULT_SAFEGUARDING,
            label=Kind.ADULT_SAFEGUARDING.label,
            actions=("adult-safeguarding-referral",),
            sections=_QUESTIONS_SECTIONS[Kind.ADULT_SAFEGUARDING],
            has_sheet=False,
            document=documents.adult_safeguarding,
            file_stem="adult-safeguarding-referral",
            decisions=ADULT_DECISIONS,
        ),
        Kind.PASS_TO_FIRST_RESPONDER: KindSpec(
            kind=Kind.PASS_TO_FIRST_RESPONDER,
            label=Kind.PASS_TO_FIRST_RESPONDER.label,
            actions=("pass-to-first-responder",),
            sections=(FIRST_RESPONDER, *PACK_SECTIONS, ANYTHING_TO_ADD),
            has_sheet=True,
            document=None,
            file_stem="handover-pack",
            document_name="handover pack",
            intro=(
                "Your organisation is not a first responder. This pack gives the first "
                "responder (usually the local authority or the police) everything they need to "
                "make the NRM referral without asking the person again."
            ),
            # The first responder's RG and CG decisions, as far as they tell the sender.
            nrm_decisions=True,
        ),
    }
)

SHEET_KINDS: tuple[str, ...] = tuple(k for k, s in REGISTRY.items() if s.has_sheet)
KINDS_WITH_DEADLINES: tuple[str, ...] = tuple(
    k for k, s in REGISTRY.items() if s.deadlines is not no_deadlines
)
# pathway action -> the kind of referral that answers it.
KIND_OF_ACTION: Mapping[str, str] = MappingProxyType(
    {action: k for k, s in REGISTRY.items() for action in s.actions}
)


def spec(kind: str) -> KindSpec:
    """The registry entry of a kind; KeyError for a kind that is not registered."""
    return REGISTRY[kind]


def action_of(kind: str) -> str:
    """The (first) pathway action a kind answers."""
    return REGISTRY[kind].actions[0]
