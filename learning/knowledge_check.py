"""The knowledge check: short scenarios whose answers come from the pathway engine itself.

Each question carries the facts of its scenario (the same JSON the engine takes, see
reference/pathways.md). The right answer is worked out by `guidance.pathways.decide`, never
typed: the `answer` written next to each question is a key for human readers, and
tests/learning/test_knowledge_check_engine.py proves that every key agrees with the engine. If
the rules change, the marking changes with them and that test says which question to reword.
The explanation shown after marking is built from the engine's own reasons.

Pure Python, no Django.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from core import nations
from guidance.pathways import ACTIONS, Pathway, Step, decide, parse_facts

# The engine only needs a date for ages worked out from a date of birth; none of the
# scenarios gives one, but a fixed date keeps marking independent of the day it runs.
ENGINE_DATE = date(2026, 1, 1)
PASS_PERCENT = 80
REFRESHER_MONTHS = 12

Kind = Literal["which-must", "which-must-not", "is-needed", "first", "treated-as-child"]
YES_NO = (("yes", "Yes"), ("no", "No"))

# Organisations the scenarios happen in: the facts the engine needs about each.
SCHOOL_ENGLAND = {"first_responder": False, "duty_to_notify": False, "ictg_available": True}
COUNCIL_ENGLAND = {"first_responder": True, "duty_to_notify": True, "ictg_available": True}
COUNCIL_WALES = {"first_responder": True, "duty_to_notify": True, "ictg_available": False}
HOSPITAL_ENGLAND = {"first_responder": False, "duty_to_notify": False, "ictg_available": True}
POLICE_SCOTLAND = {"first_responder": True, "duty_to_notify": False, "ictg_available": False}
HSC_TRUST_NI = {"first_responder": True, "duty_to_notify": False, "ictg_available": False}


class QuestionError(ValueError):
    """A question the engine cannot mark unambiguously (no single right option)."""


@dataclass(frozen=True)
class Question:
    id: str
    scenario: str
    prompt: str
    kind: Kind
    facts: Mapping[str, Any]
    answer: str  # the key, for readers; marking uses the engine (see correct_answer)
    why: str  # one line in our words: the rule the question is about
    options: tuple[str, ...] = ()  # action codes, for the which-*/first kinds
    action: str = ""  # the action asked about, for "is-needed"
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def pathway(self) -> Pathway:
        if "pathway" not in self._cache:
            self._cache["pathway"] = decide(parse_facts(self.facts), today=ENGINE_DATE)
        return self._cache["pathway"]

    def choices(self) -> tuple[tuple[str, str], ...]:
        if self.kind in ("is-needed", "treated-as-child"):
            return YES_NO
        return tuple((code, ACTIONS[code]) for code in self.options)

    def label_of(self, value: str) -> str:
        return dict(self.choices()).get(value, "")

    def correct_answer(self) -> str:
        """The answer the pathway engine gives for this scenario."""
        pathway = self.pathway()
        actions = set(pathway.actions)
        if self.kind == "is-needed":
            return "yes" if self.action in actions else "no"
        if self.kind == "treated-as-child":
            return "yes" if pathway.treated_as_child else "no"
        if self.kind == "first":
            first = pathway.actions[0]
            if first not in self.options:
                raise QuestionError(f"{self.id}: the first action {first!r} is not an option")
            return first
        if self.kind == "which-must":
            right = [code for code in self.options if code in actions]
        else:
            right = [code for code in self.options if code not in actions]
        if len(right) != 1:
            raise QuestionError(f"{self.id}: {len(right)} options are right, not exactly one")
        return right[0]

    def explanation(self) -> tuple[Step, ...]:
        """The engine's steps for this scenario, with its reasons, in order."""
        return self.pathway().steps


QUESTIONS: tuple[Question, ...] = (
    Question(
        id="child-says-no",
        scenario=(
            # A council (a first responder) here, so that this question and the school's one
            # below never disagree about who makes the referral.
            "You are a council social worker in England. A 16-year-old tells you she is being "
            "made to sell drugs for an older man. She begs you not to refer her anywhere."
        ),
        prompt="Which of these must happen?",
        kind="which-must",
        facts={
            "nation": "england",
            "immediate_danger": False,
            "under_18": "yes",
            "consent_to_nrm": "no",
            "organisation": COUNCIL_ENGLAND,
        },
        options=("offer-support-and-helpline", "nrm-referral", "duty-to-notify"),
        answer="nrm-referral",
        why="A child is always referred to the NRM. Their consent is not needed.",
    ),
    Question(
        id="age-not-sure",
        scenario=(
            "A young man at a car wash says he is 19, but he looks much younger and nobody has "
            "seen any documents."
        ),
        prompt="Should he be treated as a child?",
        kind="treated-as-child",
        facts={"nation": "england", "immediate_danger": False, "under_18": "not-sure"},
        answer="yes",
        why="Anyone who may be under 18 is treated as a child until an age assessment says "
        "otherwise.",
    ),
    Question(
        id="adult-says-no-council",
        scenario=(
            "You are a housing officer at a council in England. A woman of 35 living in a "
            "crowded flat describes forced work, but says no to an NRM referral."
        ),
        prompt="Which of these must your council do?",
        kind="which-must",
        facts={
            "nation": "england",
            "immediate_danger": False,
            "under_18": "no",
            "consent_to_nrm": "no",
            "care_and_support_needs": False,
            "others_at_risk": False,
            "organisation": COUNCIL_ENGLAND,
        },
        options=("nrm-referral", "duty-to-notify", "seek-informed-consent"),
        answer="duty-to-notify",
        why=f"A specified public authority in {nations.duty_to_notify_nations()} must send a Duty "
        "to Notify report when an adult does not agree to a referral.",
    ),
    Question(
        id="adult-says-no-scotland",
        scenario=(
            "A police officer in Scotland meets a man of 40 who was forced to work on a boat. "
            "He does not want an NRM referral."
        ),
        prompt="Must a Duty to Notify report be sent?",
        kind="is-needed",
        facts={
            "nation": "scotland",
            "immediate_danger": False,
            "under_18": "no",
            "consent_to_nrm": "no",
            "care_and_support_needs": False,
            "others_at_risk": False,
            "organisation": POLICE_SCOTLAND,
        },
        action="duty-to-notify",
        answer="no",
        why=f"The Duty to Notify applies in {nations.duty_to_notify_nations('and')} only.",
    ),
    Question(
        id="adult-not-asked",
        scenario=(
            "A nurse at an NHS hospital in England treats a woman of 28 whose employer keeps "
            "her passport and wages. Nobody has talked to her about the NRM yet."
        ),
        prompt="Which of these must happen before any NRM referral?",
        kind="which-must",
        facts={
            "nation": "england",
            "immediate_danger": False,
            "under_18": "no",
            "consent_to_nrm": "not-asked",
            "care_and_support_needs": False,
            "others_at_risk": False,
            "organisation": HOSPITAL_ENGLAND,
        },
        options=("duty-to-notify", "seek-informed-consent", "refer-childrens-social-care"),
        answer="seek-informed-consent",
        why="An adult must give informed consent before an NRM referral is made.",
    ),
    Question(
        id="immediate-danger",
        scenario=(
            "On a home visit you hear a man being threatened with a knife in the next room. The "
            "woman you are visiting tells you he is being held there against his will."
        ),
        prompt="What do you do first?",
        kind="first",
        facts={"nation": "wales", "immediate_danger": True, "under_18": "no"},
        options=("tell-safeguarding-lead", "call-999", "inform-police"),
        answer="call-999",
        why="If anyone is in danger right now, call 999 before anything else.",
    ),
    Question(
        id="school-not-first-responder",
        scenario=(
            "You are the safeguarding lead at a school in England. A 14-year-old pupil is "
            "being made to do all the housework for a family who are not his own."
        ),
        prompt="Which of these must happen?",
        kind="which-must",
        facts={
            "nation": "england",
            "immediate_danger": False,
            "under_18": "yes",
            "organisation": SCHOOL_ENGLAND,
        },
        options=("seek-informed-consent", "duty-to-notify", "pass-to-first-responder"),
        answer="pass-to-first-responder",
        why="Only a first responder organisation can submit an NRM referral; a school passes it "
        f"to one, usually {nations.TABLE[nations.ENGLAND].usual_first_responders}.",
    ),
    Question(
        id="adult-care-needs-wales",
        scenario=(
            "A council social worker in Wales meets a man of 52 with a learning disability who "
            "has been made to work unpaid on a farm. He agrees to an NRM referral."
        ),
        prompt="Which of these must also happen?",
        kind="which-must",
        facts={
            "nation": "wales",
            "immediate_danger": False,
            "under_18": "no",
            "consent_to_nrm": "yes",
            "care_and_support_needs": True,
            "others_at_risk": False,
            "under_18_during_exploitation": "no",
            "organisation": COUNCIL_WALES,
        },
        options=("refer-childrens-social-care", "adult-safeguarding-referral", "duty-to-notify"),
        answer="adult-safeguarding-referral",
        why="An adult who seems to have care and support needs also gets an adult safeguarding "
        "referral.",
    ),
    Question(
        id="exploited-as-child-now-adult",
        scenario=(
            "A Health and Social Care Trust worker in Northern Ireland meets a woman of 22 who "
            "was first exploited at 16. She agrees to an NRM referral."
        ),
        prompt="Is she referred as a child?",
        kind="treated-as-child",
        facts={
            "nation": "northern-ireland",
            "immediate_danger": False,
            "under_18": "no",
            "under_18_during_exploitation": "yes",
            "consent_to_nrm": "yes",
            "care_and_support_needs": False,
            "others_at_risk": False,
            "organisation": HSC_TRUST_NI,
        },
        answer="no",
        why="Someone who is 18 or over now is referred as an adult, even if they were under 18 "
        "during the exploitation; the form asks about it.",
    ),
    Question(
        id="always-tell-lead",
        scenario=(
            "At a school in England, a parent tells you that her husband's employer holds his "
            "passport and he works 80 hours a week for almost nothing. He does not want any fuss."
        ),
        prompt="Should you still tell your safeguarding lead today?",
        kind="is-needed",
        facts={
            "nation": "england",
            "immediate_danger": False,
            "under_18": "no",
            "consent_to_nrm": "no",
            "care_and_support_needs": False,
            "others_at_risk": False,
            "organisation": SCHOOL_ENGLAND,
        },
        action="tell-safeguarding-lead",
        answer="yes",
        why="Telling your safeguarding lead the same day is always your own duty: do something.",
    ),
)


def question(question_id: str) -> Question:
    for q in QUESTIONS:
        if q.id == question_id:
            return q
    raise KeyError(question_id)


@dataclass(frozen=True)
class Marked:
    question: Question
    given: str
    correct: str

    @property
    def is_right(self) -> bool:
        return self.given == self.correct


@dataclass(frozen=True)
class Marking:
    items: tuple[Marked, ...]

    @property
    def score(self) -> int:
        return sum(item.is_right for item in self.items)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def passed(self) -> bool:
        return passed(self.score, self.total)


def passed(score: int, total: int) -> bool:
    return total > 0 and score * 100 >= total * PASS_PERCENT


def pass_mark(total: int = len(QUESTIONS)) -> int:
    """The fewest right answers that pass."""
    return -(-total * PASS_PERCENT // 100)


def mark(answers: Mapping[str, str]) -> Marking:
    """Mark answers (question id -> chosen value) against the engine. Unanswered is wrong."""
    return Marking(
        items=tuple(
            Marked(question=q, given=answers.get(q.id, ""), correct=q.correct_answer())
            for q in QUESTIONS
        )
    )


def check_version() -> str:
    """A short fingerprint of the questions and the engine's answers to them.

    Stored with every result: if the rules or the questions change, so does this.
    """
    payload = [
        [q.id, q.prompt, q.kind, list(q.options), q.action, q.correct_answer(), q.facts]
        for q in QUESTIONS
    ]
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:12]
