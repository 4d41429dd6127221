"""The "What should I do?" guide: one question a page, nothing stored.

The answers identify nobody (is anyone in danger, an age band, whether they are already referred,
can decide and agree, whether other children may be at risk, a nation), so the guide
carries them from page to page in the web address and in hidden inputs; it keeps nothing on the
server or in the browser. Each question is a form with one set of radios; `clean_answers` checks
the answers carried forward so a changed or made-up address can never reach the pathway engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django import forms

from accounts.models import Organisation
from core import nations
from core.forms import GovukForm, choices_of, govuk
from guidance.pathways import NATION_NAMES

DANGER_CHOICES = (("yes", "Yes"), ("no", "No"))
AGE_CHOICES = (("under-18", "Under 18"), ("18-or-over", "18 or over"), ("not-sure", "Not sure"))
CONSENT_CHOICES = (
    ("yes", "Yes, they agreed"),
    ("no", "No, they do not agree"),
    ("not-asked", "Not asked yet"),
)
NATION_CHOICES = nations.CHOICES

# The guide's answer for age, as the pathway engine's `under_18` fact.
UNDER_18_FOR_AGE = {"under-18": "yes", "18-or-over": "no", "not-sure": "not-sure"}
# Both "under 18" and "not sure" mean the person is treated as a child (nrm-process.md).
CHILD_AGES = frozenset({"under-18", "not-sure"})


class QuestionForm(GovukForm):
    """One question of the guide. `key` is the answer's name in the address and the form."""

    slug: ClassVar[str]  # the page's name in the address (?step=...)
    key: ClassVar[str]
    summary_label: ClassVar[str]  # the question, short, for "Change your answers"

    def __init__(self, *args: Any, organisation: Organisation | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    @classmethod
    def applies(cls, answers: Mapping[str, str]) -> bool:
        return True

    @classmethod
    def display(cls, value: str) -> str:
        return dict(choices_of(cls, cls.key)).get(value, value)


class DangerForm(QuestionForm):
    slug = "danger"
    key = "immediate_danger"
    summary_label = "Anyone in immediate danger"

    immediate_danger = govuk(
        forms.ChoiceField(
            label="Is anyone in immediate danger right now?",
            help_text="For example, someone is hurt, being threatened, or about to be moved or "
            "harmed.",
            choices=DANGER_CHOICES,
            widget=forms.RadioSelect,
            error_messages={
                "required": "Select whether anyone is in immediate danger",
                "invalid_choice": "Select whether anyone is in immediate danger",
            },
        ),
        page_heading=True,
    )


class AgeForm(QuestionForm):
    slug = "age"
    key = "age_group"
    summary_label = "Age of the person"

    age_group = govuk(
        forms.ChoiceField(
            label="How old is the person?",
            help_text="Your best guess is enough.",
            choices=AGE_CHOICES,
            widget=forms.RadioSelect,
            error_messages={
                "required": "Select whether the person is under 18, 18 or over, or you are not "
                "sure",
                "invalid_choice": "Select whether the person is under 18, 18 or over, or you are "
                "not sure",
            },
        ),
        page_heading=True,
        choice_hints={
            "not-sure": "They will be treated as a child until the council checks their age.",
        },
    )


# "I don't know" is always offered and never leads to the less safe answer (pathways.md V2).
YES_NO_DONT_KNOW = (("yes", "Yes"), ("no", "No"), ("not-sure", "I don't know"))


def _yes_no_dont_know(label: str, hint: str, message: str) -> forms.ChoiceField:
    return govuk(
        forms.ChoiceField(
            label=label,
            help_text=hint,
            choices=YES_NO_DONT_KNOW,
            widget=forms.RadioSelect,
            error_messages={"required": message, "invalid_choice": message},
        ),
        page_heading=True,
    )


def _adult_not_referred(answers: Mapping[str, str]) -> bool:
    return answers.get("age_group") == "18-or-over" and answers.get("already_in_nrm") != "yes"


class ReferredForm(QuestionForm):
    slug = "referred"
    key = "already_in_nrm"
    summary_label = "Already referred to the NRM"

    already_in_nrm = govuk(
        _yes_no_dont_know(
            "Has the person already been referred to the National Referral Mechanism?",
            "For example, they told you they are waiting for a decision, or a support worker from "
            "the NRM is helping them.",
            "Select whether they have already been referred, or 'I don't know'",
        ),
        choice_hints={
            "yes": "New information goes to whoever decides their referral. Nobody is referred "
            "twice.",
        },
    )


class CapacityForm(QuestionForm):
    slug = "capacity"
    key = "capacity_to_consent"
    summary_label = "Can decide about a referral"

    capacity_to_consent = _yes_no_dont_know(
        "Can the person understand and decide about a referral themselves?",
        "Some people cannot, for example because of a learning disability, a mental illness or "
        "the effect of drugs. If you are not sure, their capacity is assessed first.",
        "Select whether they can decide about a referral, or 'I don't know'",
    )

    @classmethod
    def applies(cls, answers: Mapping[str, str]) -> bool:
        return _adult_not_referred(answers)


class ChildrenForm(QuestionForm):
    slug = "children"
    key = "children_at_risk"
    summary_label = "Other children who may be at risk"

    children_at_risk = govuk(
        _yes_no_dont_know(
            "Could any other children be at risk?",
            "For example, their own children, or children living or working in the same place as "
            "them or the people exploiting them.",
            "Select whether other children could be at risk, or 'I don't know'",
        ),
        choice_hints={
            "not-sure": "If you do not know, the children are treated as possibly at risk.",
        },
    )


class ConsentForm(QuestionForm):
    slug = "consent"
    key = "consent_to_nrm"
    summary_label = "Agreed to a referral"

    consent_to_nrm = govuk(
        forms.ChoiceField(
            label="Has the person agreed to be referred to the National Referral Mechanism?",
            help_text="The National Referral Mechanism (NRM) is how the UK recognises victims of "
            "modern slavery and gets them support. An adult has to agree to it once they "
            "understand what it is, what support it offers, what could happen and that "
            "information about them will be shared.",
            choices=CONSENT_CHOICES,
            widget=forms.RadioSelect,
            error_messages={
                "required": "Select whether the person has agreed to a referral",
                "invalid_choice": "Select whether the person has agreed to a referral",
            },
        ),
        page_heading=True,
        choice_hints={
            "not-asked": "The next page shows what to tell them before you ask.",
        },
    )

    @classmethod
    def applies(cls, answers: Mapping[str, str]) -> bool:
        # Only adults are asked: a child is always referred and needs no consent. Nor is anyone
        # already in the NRM (no second referral) or who cannot decide (pathways.md V2).
        return _adult_not_referred(answers) and answers.get("capacity_to_consent") != "no"


DIFFERENT_RULES = f"Some rules differ between {nations.join_names(nations.CODES, 'and')}."


class NationForm(QuestionForm):
    slug = "nation"
    key = "nation"
    summary_label = "Where the person is"

    nation = govuk(
        forms.ChoiceField(
            label="Where is the person?",
            choices=NATION_CHOICES,
            widget=forms.RadioSelect,
            error_messages={
                "required": "Select which part of the UK the person is in",
                "invalid_choice": "Select which part of the UK the person is in",
            },
        ),
        page_heading=True,
    )

    def __init__(self, *args: Any, organisation: Organisation | None = None, **kwargs: Any) -> None:
        super().__init__(*args, organisation=organisation, **kwargs)
        field = self.fields["nation"]
        nation = organisation.nation if organisation is not None else ""
        if nation in NATION_NAMES:
            field.help_text = (
                f"{DIFFERENT_RULES} Your organisation is in {NATION_NAMES[nation]}. Choose "
                "another if the person is somewhere else."
            )
            if not self.is_bound and not self.initial.get("nation"):
                self.initial["nation"] = nation
        else:
            field.help_text = DIFFERENT_RULES


QUESTIONS: tuple[type[QuestionForm], ...] = (
    DangerForm,
    AgeForm,
    ReferredForm,
    CapacityForm,
    ConsentForm,
    ChildrenForm,
    NationForm,
)
QUESTION_BY_SLUG: Mapping[str, type[QuestionForm]] = {q.slug: q for q in QUESTIONS}


def clean_answers(data: Mapping[str, Any]) -> dict[str, str]:
    """The valid answers in `data`, in question order; anything else is dropped.

    An answer to a question that does not apply (consent for a child) is dropped too, so a
    changed age can never carry a stale consent answer into the pathway.
    """
    answers: dict[str, str] = {}
    for question in QUESTIONS:
        value = data.get(question.key)
        allowed = {code for code, _ in choices_of(question, question.key)}
        if isinstance(value, str) and value in allowed:
            answers[question.key] = value
    for question in QUESTIONS:
        if question.key in answers and not question.applies(answers):
            del answers[question.key]
    return answers
