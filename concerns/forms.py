"""The questions of the journey, one form a page, with GOV.UK error messages beside them.

Every question about the person lets the practitioner say they do not know: choice questions
have an "I don't know" answer, and text questions may be left empty. Only the questions about
the practitioner themselves (whether they have told anyone, spoken to the person, asked about
consent) have no "I don't know".
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from concerns.models import AgeGroup, Consent, Gender, YesNoNotSure
from core.dates import birth_range_message, earliest_birth
from core.forms import GovukForm, govuk
from guidance.catalogue import SETTING_TITLES, SETTINGS, get_catalogue, is_official
from guidance.catalogue import AgeGroup as ScreeningAge

if TYPE_CHECKING:  # types only: concerns.journey imports this module
    from concerns.journey import TextHint

LONG_TEXT = 20_000  # characters; a long narrative fits easily, a runaway paste does not
YES_NO = [("yes", "Yes"), ("no", "No")]


def _radios(label: str, choices: Any, required_message: str, **extra: Any) -> forms.ChoiceField:
    field = forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required_message, "invalid_choice": required_message},
        **extra,
    )
    return field


def _text(label: str, *, hint: str = "", max_length: int = 300, width: int = 0) -> forms.CharField:
    field = forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        max_length=max_length,
        error_messages={"max_length": f"{label} must be {max_length} characters or fewer"},
    )
    if width:
        govuk(field, width=width)
    return field


def _long_text(label: str, *, hint: str = "", rows: int = 5) -> forms.CharField:
    # data-autosave: static/js/autosave.js saves these while the person types.
    return forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": rows, "data-autosave": "true"}),
        error_messages={
            "max_length": f"{label} must be {LONG_TEXT:,} characters or fewer",
        },
    )


class PageForm(GovukForm):
    """A journey page. `answers()` gives what goes into the draft's JSON."""

    def answers(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.fields}

    def raw_answers(self) -> dict[str, Any]:
        """What the person typed, valid or not, so a page with an error still loses nothing."""
        raw: dict[str, Any] = {}
        for name, field in self.fields.items():
            if isinstance(field, forms.MultipleChoiceField) and isinstance(
                self.data, MultiValueDict
            ):
                raw[name] = self.data.getlist(name)
            else:
                raw[name] = self.data.get(name) or None
        return raw


class DangerForm(PageForm):
    immediate_danger = govuk(
        _radios(
            "Is anyone in immediate danger?",
            YesNoNotSure.choices,
            "Select whether anyone is in immediate danger",
            help_text="For example, someone is being hurt or threatened right now, or is about to "
            "be taken somewhere against their will.",
        ),
        page_heading=True,
    )


class WhoForm(PageForm):
    person_name = _text(
        "Their name",
        hint="Leave this empty if you do not know it. A nickname is fine.",
        max_length=200,
        width=20,
    )
    person_description = _long_text(
        "If you do not know their name, describe them",
        hint="For example, how old they look, what they wear, or where you usually see them.",
        rows=3,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("person_name") and not data.get("person_description"):
            self.add_error(
                "person_name", "Enter their name, or describe them if you do not know it"
            )
        return data


class AgeForm(PageForm):
    age_group = _radios(
        "Are they under 18?",
        AgeGroup.choices,
        "Select whether they are under 18, or 'I don't know'",
        help_text="If they might be under 18, choose 'I don't know': they will be treated as a "
        "child until the council checks their age.",
    )
    age_years = govuk(
        forms.IntegerField(
            label="Their age in years, if you know it",
            help_text="An estimate is fine. Leave this empty if you do not know.",
            required=False,
            min_value=0,
            max_value=120,
            error_messages={
                "invalid": "Their age must be a number, like 15",
                "min_value": "Their age must be 0 or more",
                "max_value": "Their age must be 120 or less",
            },
        ),
        width=3,
    )
    age_disputed = _radios(
        "Is there any doubt about their age?",
        YesNoNotSure.choices,
        "Select whether there is any doubt about their age, or 'I don't know'",
        help_text="For example, they say they are 15 but carry papers that say 19. Papers of "
        "young people who are trafficked are often false: anyone who says or may be under 18 is "
        "treated as a child until the council assesses their age.",
    )
    age_disputed.required = False
    dob_day = forms.CharField(label="Day", required=False, max_length=2)
    dob_month = forms.CharField(label="Month", required=False, max_length=2)
    dob_year = forms.CharField(label="Year", required=False, max_length=4)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        parts = [(data.get(k) or "").strip() for k in ("dob_day", "dob_month", "dob_year")]
        data["date_of_birth"] = None
        if any(parts):
            # GOV.UK date input pattern: say exactly which part is missing or wrong.
            missing = [n for n, v in zip(("day", "month", "year"), parts, strict=True) if not v]
            if missing:
                self.add_error("dob_day", f"Date of birth must include a {' and a '.join(missing)}")
                return data
            if not all(p.isdigit() for p in parts) or len(parts[2]) != 4:
                self.add_error("dob_day", "Date of birth must be a real date")
                return data
            try:
                born = date(int(parts[2]), int(parts[1]), int(parts[0]))
            except ValueError:
                self.add_error("dob_day", "Date of birth must be a real date")
                return data
            if born > timezone.localdate():
                self.add_error("dob_day", "Date of birth must be in the past")
                return data
            if born < earliest_birth():
                self.add_error("dob_day", birth_range_message())
                return data
            data["date_of_birth"] = born.isoformat()
        group = data.get("age_group")
        age = data.get("age_years")
        if data["date_of_birth"]:
            today = timezone.localdate()
            born = date.fromisoformat(data["date_of_birth"])
            age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        said_child = group == AgeGroup.UNDER_18
        if (
            age is not None
            and group in (AgeGroup.UNDER_18, AgeGroup.ADULT)
            and (age < 18) != said_child
            # A disputed age is recorded as it is: both answers stand, and the person is
            # treated as a child until an age assessment (pathways.md V2 rule 1).
            and data.get("age_disputed") != YesNoNotSure.YES
        ):
            said = "under 18" if said_child else "18 or over"
            self.add_error(
                "age_group",
                f"You said they are {said} but their age is {age}. Check both answers, or if "
                "what they say and their papers disagree, answer 'Yes' to whether there is any "
                "doubt about their age",
            )
        return data


class GenderForm(PageForm):
    gender = govuk(
        _radios("What is their gender?", Gender.choices, "Select their gender, or 'I don't know'"),
        page_heading=True,
        divider_before=Gender.NOT_KNOWN,
    )


class NationalityForm(PageForm):
    nationality = govuk(
        _text(
            "What is their nationality?",
            hint="If they have more than one, enter them all. Leave this empty if you do not know.",
            max_length=200,
            width=20,
        ),
        page_heading=True,
    )


class LanguagesForm(PageForm):
    languages = _text(
        "Which languages do they speak?",
        hint="For example, Romanian and a little English. Leave this empty if you do not know.",
        max_length=200,
        width=20,
    )
    interpreter_needed = _radios(
        "Do they need an interpreter?",
        YesNoNotSure.choices,
        "Select whether they need an interpreter, or 'I don't know'",
    )


class LocationForm(PageForm):
    location = govuk(
        _long_text(
            "Where are they now?",
            hint="For example, in class, on the ward, at home, or you do not know. Do not wait to "
            "find them before you send this.",
            rows=3,
        ),
        page_heading=True,
    )


def _setting_field_name(setting: str) -> str:
    return "signs_" + setting.replace("-", "_")


HINT_CHOICES = [("yes", "Yes, I noticed this"), ("no", "No, this is not right")]


class SignsForm(PageForm):
    """The signs page (issue 19): first the signs found in what the practitioner wrote, each to
    confirm or reject; then the rest of the catalogue for this person (child or adult),
    grouped by where it is likely to be seen, with the organisation's own setting first."""

    def __init__(
        self,
        *args: Any,
        age_group: ScreeningAge = "unknown",
        hints: Iterable[TextHint] = (),
        first_setting: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        catalogue = get_catalogue()
        self.hints = list(hints)
        self.hint_fields: list[str] = []
        self.hint_of: dict[str, TextHint] = {}
        for hint in self.hints:
            self.fields[hint.field_name] = govuk(
                forms.ChoiceField(
                    label=hint.indicator.text,
                    choices=HINT_CHOICES,
                    required=False,
                    widget=forms.RadioSelect,
                    error_messages={"invalid_choice": "Select yes or no"},
                ),
                small=True,
            )
            self.hint_of[hint.field_name] = hint
            self.hint_fields.append(hint.field_name)
        hinted = {hint.indicator.id for hint in self.hints}
        self.theme_fields: list[str] = []
        self.theme_choices: dict[str, list[str]] = {}
        for setting, indicators in catalogue.by_setting(age_group, first=first_setting):
            rest = [ind for ind in indicators if ind.id not in hinted]
            if not rest:
                continue
            name = _setting_field_name(setting)
            self.fields[name] = govuk(
                forms.MultipleChoiceField(
                    label=SETTING_TITLES.get(setting, "Other signs"),
                    required=False,
                    choices=[(ind.id, ind.text) for ind in rest],
                    widget=forms.CheckboxSelectMultiple,
                ),
                # indicators.md, "How to use this file": a reconstructed sign is never
                # presented as official guidance.
                choice_hints={
                    ind.id: ind.hint
                    + ("" if is_official(ind) else " (Not yet checked against official guidance.)")
                    for ind in rest
                },
                small=True,
            )
            self.theme_choices[name] = [ind.id for ind in rest]
            self.theme_fields.append(name)
        self.fields["something_else"] = _long_text(
            "Something else",
            hint="Anything else that worried you, in your own words.",
            rows=4,
        )

    def initial_from(self, answers: dict[str, Any]) -> dict[str, Any]:
        """What to show as ticked: every sign ticked before, whichever group it was ticked in
        (the groups changed with issue 19), and each hint's yes or no."""
        ticked = {
            i
            for key, value in answers.items()
            if key.startswith("signs_") and isinstance(value, list)
            for i in value
        }
        initial: dict[str, Any] = {
            name: [c for c in self.theme_choices[name] if c in ticked] for name in self.theme_fields
        }
        for name in self.hint_fields:
            if answers.get(name) in ("yes", "no"):
                initial[name] = answers[name]
        if "something_else" in answers:
            initial["something_else"] = answers["something_else"]
        return initial

    def stale_groups(self) -> dict[str, list[str]]:
        # Ticks saved under groups this page no longer has (older drafts grouped by theme)
        # are now shown in, and saved under, the new groups.
        catalogue = get_catalogue()
        old = {"signs_" + t.id.replace("-", "_") for t in catalogue.themes}
        old |= {_setting_field_name(s) for s in SETTINGS} | {"signs_other"}
        return {name: [] for name in old - set(self.theme_fields)}

    def answers(self) -> dict[str, Any]:
        return {**self.stale_groups(), **super().answers()}

    def raw_answers(self) -> dict[str, Any]:
        return {**self.stale_groups(), **super().raw_answers()}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        ticked = any(data.get(name) for name in self.theme_fields)
        confirmed = any(data.get(name) == "yes" for name in self.hint_fields)
        if not ticked and not confirmed and not data.get("something_else"):
            first = (self.hint_fields + self.theme_fields or ["something_else"])[0]
            self.add_error(
                first,
                "Select the signs you noticed, or describe what worried you under 'Something else'",
            )
        return data

    def hint_rows(self) -> list[tuple[forms.BoundField, TextHint]]:
        """(bound field, hint) for each sign found in the text, for the page."""
        return [(self[name], self.hint_of[name]) for name in self.hint_fields]

    def setting_groups(self) -> list[tuple[forms.BoundField, bool]]:
        """(bound field, open) for each group of the rest of the catalogue. The first group
        (the practitioner's own setting when known) is open; the others are folded away
        unless something in them is ticked or wrong, which keeps the page short."""
        groups = []
        for position, name in enumerate(self.theme_fields):
            bound = self[name]
            groups.append((bound, position == 0 or bool(bound.value()) or bool(bound.errors)))
        return groups

    def indicator_ids(self) -> list[str]:
        ids = [i for name in self.theme_fields for i in self.cleaned_data.get(name) or []]
        return ids + [
            name.removeprefix("hint_")
            for name in self.hint_fields
            if self.cleaned_data.get(name) == "yes"
        ]


class WhenWhereForm(PageForm):
    happened_when = _text(
        "When did it happen?",
        hint="For example, this morning at 8:30, or most days since March. Leave this empty if "
        "you do not know.",
    )
    happened_where = _text(
        "Where did it happen?",
        hint="For example, at the school gate, or on the children's ward. Leave this empty if "
        "you do not know.",
    )


class TheirWordsForm(PageForm):
    their_words = govuk(
        _long_text(
            "What did they say, in their own words?",
            hint="Write down exactly what they said, as far as you remember it, even if it seems "
            "small. Leave this empty if they said nothing about it.",
            rows=10,
        ),
        page_heading=True,
    )


class WhatYouSawForm(PageForm):
    what_you_saw = govuk(
        _long_text(
            "What did you see or hear?",
            hint="Only what you saw or heard yourself. Leave this empty if you have already said "
            "it all.",
            rows=10,
        ),
        page_heading=True,
    )


class OthersForm(PageForm):
    others_present = _long_text(
        "Who else was there?",
        hint="For example, an adult who answered for them or would not leave them alone with "
        "you. Describe them if you do not know their name. Leave this empty if nobody was.",
        rows=4,
    )
    someone_answered_for_them = _radios(
        "Did someone answer for them, or stop them speaking to you alone?",
        YesNoNotSure.choices,
        "Select whether someone answered for them, or 'I don't know'",
    )
    others_at_risk = _radios(
        "Could anyone else be at risk, including other children?",
        YesNoNotSure.choices,
        "Select whether anyone else could be at risk, or 'I don't know'",
    )
    children_at_risk = _radios(
        "Do any children live with them, or with the people who may be exploiting them?",
        YesNoNotSure.choices,
        "Select whether any children live with them, or 'I don't know'",
        help_text="For example, their own children. If you do not know, the children are "
        "treated as possibly at risk.",
    )
    children_at_risk.required = False


class SituationForm(PageForm):
    """Issue 14: the account as the NRM form asks it, all optional."""

    how_it_started = _long_text(
        "How did it start?",
        hint="For example, a job offer from a friend of the family, or a debt for travel. Leave "
        "this empty if you do not know.",
        rows=3,
    )
    what_they_do = _long_text(
        "What do they have to do?",
        hint="The work or tasks, and the hours, if you know them.",
        rows=3,
    )
    living_conditions = _long_text(
        "Where and how do they live?",
        hint="For example, on site, in a room shared with others, or at the employer's home.",
        rows=3,
    )
    treatment = _long_text(
        "How are they treated?",
        hint="For example, threats, violence, pay withheld, or papers kept from them.",
        rows=3,
    )


class BackgroundForm(PageForm):
    """Issue 14: what the practitioner knows of the person's background, all optional."""

    birthplace = _long_text(
        "Where were they born, and where did they grow up?",
        hint="Leave any of these empty if you do not know.",
        rows=2,
    )
    family = _long_text("What do you know about their family?", rows=2)
    education = _long_text("What schooling have they had?", rows=2)
    work_history = _long_text("What work have they done before?", rows=2)


class ExploitersForm(PageForm):
    exploiters = govuk(
        _long_text(
            "Who do you think may be exploiting or controlling them?",
            hint="For example, the manager who keeps their passport, or an older man they say "
            "they owe money. Describe them if you do not know their name. Leave this empty if you "
            "do not know.",
            rows=4,
        ),
        page_heading=True,
    )


class OthersExploitedForm(PageForm):
    others_exploited = govuk(
        _long_text(
            "Who else may be being exploited?",
            hint="Only people who may be harmed in the same way, for example other workers who "
            "live on site or other pupils asked to carry packages. Not the people who may be "
            "exploiting them. Leave this empty if you do not know of anyone.",
            rows=4,
        ),
        page_heading=True,
    )


class ReferredForm(PageForm):
    already_in_nrm = govuk(
        _radios(
            "Have they already been referred to the National Referral Mechanism (NRM)?",
            YesNoNotSure.choices,
            "Select whether they have already been referred, or 'I don't know'",
            help_text="For example, they told you they are waiting for a decision, or an NRM "
            "support worker is helping them. If they have, your lead sends the new information on "
            "instead of referring them again.",
        ),
        page_heading=True,
    )


class ToldForm(PageForm):
    told_anyone = _radios(
        "Have you told anyone about this yet?",
        YES_NO,
        "Select whether you have told anyone yet",
    )
    told_who = _long_text(
        "Who did you tell, and when?",
        hint="For example, my head of year at 9am. Leave this empty if you have not told anyone.",
        rows=3,
    )


class SpokenForm(PageForm):
    spoken_to_person = govuk(
        _radios(
            "Have you spoken to the person about your worry?",
            YES_NO,
            "Select whether you have spoken to the person",
            help_text="You do not have to. If it is not safe, or you are not sure what to say, "
            "leave it to your safeguarding lead.",
        ),
        page_heading=True,
    )


class ConsentForm(PageForm):
    consent_to_nrm = govuk(
        _radios(
            "Have you asked whether they agree to a referral?",
            Consent.choices,
            "Select whether you have asked them",
            help_text="An adult must agree before they are referred to the National Referral "
            "Mechanism (NRM), which gives them support. If you have not asked, your safeguarding "
            "lead will help.",
        ),
        page_heading=True,
    )


class CheckForm(GovukForm):
    # The draft's one-time submission token travels in a hidden input the template writes.
    declaration = forms.BooleanField(
        label="I confirm that what I have written is true as far as I know",
        help_text="Your safeguarding lead will read it and may ask you about it.",
        error_messages={
            "required": "Confirm that what you have written is true as far as you know"
        },
    )


class StartForm(forms.Form):
    """The answers the "What should I do?" guide carries over. Anything else is ignored."""

    immediate_danger = forms.ChoiceField(choices=YES_NO, required=False)
    age_group = forms.ChoiceField(choices=AgeGroup.choices, required=False)
    consent_to_nrm = forms.ChoiceField(choices=Consent.choices, required=False)
    children_at_risk = forms.ChoiceField(choices=YesNoNotSure.choices, required=False)
    already_in_nrm = forms.ChoiceField(choices=YesNoNotSure.choices, required=False)
    replace = forms.BooleanField(required=False)

    def carried(self) -> dict[str, str]:
        if not self.is_valid():
            # An odd value from an old page must not stop someone recording a concern: keep
            # what is valid and drop the rest.
            return {
                k: v
                for k, v in self.cleaned_data.items()
                if v and k != "replace" and k not in self.errors
            }
        return {k: v for k, v in self.cleaned_data.items() if v and k != "replace"}


class FollowUpForm(GovukForm):
    token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)
    text = govuk(
        forms.CharField(
            label="What do you want to add?",
            help_text="What you sent before stays as it was. This is added underneath, with "
            "today's date.",
            max_length=LONG_TEXT,
            widget=forms.Textarea(attrs={"rows": 8}),
            error_messages={
                "required": "Enter the information you want to add",
                "max_length": f"What you add must be {LONG_TEXT:,} characters or fewer",
            },
        ),
        page_heading=True,
    )


class DeleteDraftForm(GovukForm):
    pass
