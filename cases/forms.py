"""Forms for the lead's case work. GOV.UK error messages live next to the fields that raise them.

Fields a form does not own (organisation, status, who did it) are never read from the request
(security-targets.md, ASVS 8.2.3): views pass them to the services themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from accounts.models import Nation, Organisation, User
from cases.matching import Match
from cases.models import AgeAssessment, Case, DecisionKind, ItemState, SharePart, Stage
from concerns.models import AgeGroup, Consent, Gender, YesNoNotSure
from core.dates import BoundedDateField, birth_range_message, earliest_birth
from core.forms import GovukForm, field_of, govuk
from guidance.catalogue import EXPLOITATION_TYPE_TITLES, EXPLOITATION_TYPES

DATE_FORMATS = ["%d %m %Y", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]
DATE_HINT = "For example, 27 3 2007"


def _person_choices(people: list[User], empty: str) -> list[tuple[str, str]]:
    return [("", empty)] + [(str(p.pk), p.full_name) for p in people]


def _blank(choices: list[tuple[str, str]], label: str = "Not known") -> list[tuple[str, str]]:
    return [("", label), *choices]


def _fact(
    label: str, choices: list[tuple[str, str]] = YesNoNotSure.choices, help_text: str = ""
) -> forms.ChoiceField:
    """A pathway fact the lead may leave blank: blank means "not known" (pathways.md)."""
    return forms.ChoiceField(
        label=label, required=False, choices=_blank(choices), help_text=help_text
    )


class QueueSearchForm(GovukForm):
    """The queue's search, sent by POST: a person's name never goes into an address."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text="A reference, or words from the person's name or description",
        error_messages={"max_length": "Search must be 200 characters or fewer"},
    )


class QueueFilterForm(GovukForm):
    """Filters that say nothing about a person, so they may stay in the address."""

    stage = forms.ChoiceField(
        label="Status", required=False, choices=_blank(list(Stage.choices), "Any status")
    )
    age = forms.ChoiceField(
        label="Child or adult",
        required=False,
        choices=[("", "Children and adults"), ("child", "Children"), ("adult", "Adults")],
    )
    type = forms.ChoiceField(
        label="Type of exploitation",
        required=False,
        choices=[("", "Any type")]
        + [(t, EXPLOITATION_TYPE_TITLES[t].capitalize()) for t in EXPLOITATION_TYPES],
    )
    due = forms.ChoiceField(
        label="Tasks",
        required=False,
        choices=[
            ("", "Any"),
            ("overdue", "A task is overdue"),
            ("due-soon", "A task is due in the next 7 days"),
        ],
    )
    lead = forms.ChoiceField(label="Assigned lead", required=False)

    def __init__(self, *args: Any, leads: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "lead", forms.ChoiceField).choices = _person_choices(leads, "Any lead")


class TriageForm(GovukForm):
    choice = forms.ChoiceField(
        label="Is this concern about someone you already have a case for?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to open a new case or add it to a case"},
    )
    case_reference = forms.CharField(
        label="If another case: its reference",
        required=False,
        max_length=20,
        help_text="For example, CS-7K3F-9QXD",
    )
    lead = forms.ChoiceField(
        label="Safeguarding lead for the case",
        error_messages={"required": "Select the safeguarding lead for the case"},
    )

    def __init__(
        self,
        *args: Any,
        suggestions: list[tuple[Case, Match]],
        leads: list[User],
        find_case: Callable[[str], Case | None],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.find_case = find_case
        choices = [
            (str(case.pk), f"Add it to case {case.reference}: {case.person_name or 'no name'}")
            for case, _match in suggestions
        ]
        choices.append(("other", "Add it to another open case"))
        choices.append(("new", "Open a new case for this person"))
        field = field_of(self, "choice", forms.ChoiceField)
        field.choices = choices
        govuk(
            field,
            choice_hints={
                str(case.pk): "Why it may be the same person: " + "; ".join(match.reasons) + "."
                for case, match in suggestions
            },
            divider_before="new" if suggestions else None,
            label_size="m",
        )
        field_of(self, "lead", forms.ChoiceField).choices = _person_choices(leads, "Choose a lead")
        govuk(self.fields["lead"], label_size="m")
        govuk(self.fields["case_reference"], width=10)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["case"] = None
        if data.get("choice") == "other":
            reference = (data.get("case_reference") or "").strip().upper()
            if not reference:
                self.add_error("case_reference", "Enter the reference of the case")
            else:
                data["case"] = self.find_case(reference)
                if data["case"] is None:
                    self.add_error(
                        "case_reference",
                        "Enter the reference of an open case of your organisation",
                    )
        return data


class CaseDetailsForm(GovukForm):
    person_name = forms.CharField(label="Name", required=False, max_length=200)
    person_description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    date_of_birth = BoundedDateField(
        earliest=earliest_birth,
        latest=timezone.localdate,
        message=birth_range_message,
        label="Date of birth",
        required=False,
        input_formats=DATE_FORMATS,
        help_text=DATE_HINT,
        error_messages={"invalid": "Date of birth must be a real date, like 27 3 2007"},
    )
    age_group = forms.ChoiceField(
        label="Are they under 18?",
        choices=AgeGroup.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether they are under 18"},
    )
    gender = forms.ChoiceField(label="Gender", required=False, choices=_blank(Gender.choices))
    nationality = forms.CharField(label="Nationality", required=False, max_length=200)
    # Asked by referral documents (referrals.kinds) and kept here, so they are asked once.
    address = forms.CharField(
        label="Where they live", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    parents_and_carers = forms.CharField(
        label="Parents and carers", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    school_or_setting = forms.CharField(
        label="School, college or other setting", required=False, max_length=200
    )
    immediate_danger = _fact(
        "Is anyone in immediate danger?",
    )
    consent_to_nrm = _fact(
        "Have they been asked about an NRM referral?",
        Consent.choices,
        help_text="For adults: an NRM referral needs their informed consent",
    )
    care_and_support_needs = _fact(
        "Do they seem to have care and support needs?",
    )
    others_at_risk = _fact(
        "Are other people at risk, or is a crime still going on?",
    )
    under_18_during_exploitation = _fact(
        "Were they under 18 at any time during the exploitation?",
    )
    # pathways.md, Version 2: each with "I don't know", never the less safe answer.
    age_assessment = _fact(
        "Has the council assessed their age?",
        AgeAssessment.choices,
        help_text="Until an assessment says they are an adult, anyone who says or may be under 18 "
        "is treated as a child, whatever their papers say",
    )
    capacity_to_consent = _fact(
        "Can they understand and decide about a referral themselves?",
        help_text="For adults. If not, a best-interests decision is taken; if you are not sure, "
        "their capacity is assessed first",
    )
    children_at_risk = _fact(
        "Could other children be at risk, such as their own or children they live with?",
        help_text="If you do not know, the children are treated as possibly at risk",
    )
    already_in_nrm = _fact(
        "Have they already been referred to the NRM?",
        help_text="If they have, send new information to whoever decides their referral; "
        "nobody is referred twice",
    )
    parental_responsibility_in_uk = _fact(
        "Does anyone in the UK hold parental responsibility for them?",
        help_text="For children. In Scotland and Northern Ireland a child with nobody who does "
        "gets a guardian",
    )
    nation = forms.ChoiceField(
        label="Where is the person?",
        choices=Nation.choices,
        help_text="The nation decides which laws apply and which days are working days",
        error_messages={"required": "Select where the person is"},
    )

    def clean_date_of_birth(self) -> date | None:
        born = self.cleaned_data.get("date_of_birth")
        if born and born > timezone.localdate():
            raise forms.ValidationError("Date of birth must be in the past")
        return born


class AssignForm(GovukForm):
    lead = forms.ChoiceField(
        label="Safeguarding lead for the case",
        required=False,
        help_text="They will get a notice and an e-mail with a link to the case",
    )

    def __init__(self, *args: Any, leads: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "lead", forms.ChoiceField).choices = _person_choices(leads, "Nobody yet")
        govuk(self.fields["lead"], page_heading=True)


class PathwayItemForm(GovukForm):
    state = forms.ChoiceField(
        label="Where is this action?",
        widget=forms.RadioSelect,
        choices=[
            (ItemState.DONE, "Done"),
            (ItemState.NOT_NEEDED, "Not needed"),
            (ItemState.PENDING, "Still to do"),
        ],
        error_messages={"required": "Select whether this action is done or not needed"},
    )
    done_on = BoundedDateField(
        what="The date it was done",
        label="If done: the date it was done",
        required=False,
        input_formats=DATE_FORMATS,
        help_text=DATE_HINT,
        error_messages={"invalid": "The date it was done must be a real date, like 27 3 2025"},
    )
    note = forms.CharField(
        label="What was done, or why it is not needed",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        govuk(self.fields["state"], label_size="m")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        state = data.get("state")
        if state == ItemState.DONE:
            done_on = data.get("done_on")
            if done_on is None and "done_on" not in self.errors:
                self.add_error("done_on", "Enter the date it was done")
            elif done_on and done_on > timezone.localdate():
                self.add_error("done_on", "The date it was done must be today or in the past")
        if state == ItemState.NOT_NEEDED and not (data.get("note") or "").strip():
            self.add_error("note", "Enter why this action is not needed")
        return data


class TaskForm(GovukForm):
    title = forms.CharField(
        label="What needs doing",
        max_length=200,
        error_messages={"required": "Enter what needs doing"},
    )
    working_days = forms.IntegerField(
        label="Due in how many working days?",
        min_value=0,
        max_value=260,
        help_text="Working days leave out weekends and the bank holidays where the person is",
        error_messages={
            "required": "Enter how many working days until it is due",
            "invalid": "Working days must be a whole number, like 5",
            "min_value": "Working days must be 0 or more",
            "max_value": "Working days must be 260 or fewer",
        },
    )
    assigned_to = forms.ChoiceField(label="Who will do it", required=False)

    def __init__(self, *args: Any, people: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "assigned_to", forms.ChoiceField).choices = _person_choices(
            people, "Not given to anyone yet"
        )
        govuk(self.fields["working_days"], width=3)


class DecisionForm(GovukForm):
    kind = forms.ChoiceField(
        label="What have you decided?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision"},
    )
    rationale = forms.CharField(
        label="Why",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Write down what you knew and why you decided this. Others will rely on it",
        error_messages={"required": "Enter why you made this decision"},
    )
    referral = forms.ChoiceField(
        label="If a referral was made: which of this case's referrals",
        required=False,
        error_messages={"invalid_choice": "Select one of this case's referrals"},
    )
    referral_ref = forms.CharField(
        label="If a referral was made: its reference",
        required=False,
        max_length=60,
        help_text="For example, the NRM referral's reference",
    )

    def __init__(
        self,
        *args: Any,
        allowed: tuple[str, ...],
        referrals: Iterable[Any] = (),
        **kwargs: Any,
    ) -> None:
        """`referrals`: the case's own referrals (Signpost's), to choose from."""
        super().__init__(*args, **kwargs)
        labels = dict(DecisionKind.choices)
        field_of(self, "kind", forms.ChoiceField).choices = [(k, labels[k]) for k in allowed]
        govuk(self.fields["kind"], page_heading=True)
        self.referral_objects = {str(r.pk): r for r in referrals}
        if self.referral_objects:
            field_of(self, "referral", forms.ChoiceField).choices = [
                ("", "Not one prepared in Signpost")
            ] + [
                (pk, f"{r.reference}: {r.get_kind_display()} ({r.get_status_display().lower()})")
                for pk, r in self.referral_objects.items()
            ]
            self.fields[
                "referral_ref"
            ].label = "Or, for a referral made outside Signpost: its reference"
            self.fields["referral_ref"].help_text = "For example, the police's reference"
        else:
            del self.fields["referral"]

    def clean_referral(self) -> str:
        value = self.cleaned_data.get("referral") or ""
        if value and value not in self.referral_objects:
            # Only the case's own referrals are offered: another case's is refused.
            raise forms.ValidationError("Select one of this case's referrals")
        return value

    def chosen_referral(self) -> Any:
        return self.referral_objects.get(self.cleaned_data.get("referral") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        chosen = self.chosen_referral() if "referral" in self.fields else None
        typed = (data.get("referral_ref") or "").strip()
        if chosen is not None:
            if typed and typed != chosen.reference:
                self.add_error(
                    "referral_ref",
                    "Select a referral from Signpost or enter a reference, not both",
                )
            data["referral_ref"] = chosen.reference
        elif data.get("kind") == DecisionKind.REFERRAL_MADE and not typed:
            if "referral" in self.fields:
                self.add_error("referral", "Select the referral, or enter its reference")
            else:
                self.add_error("referral_ref", "Enter the referral's reference")
        return data


class NoteForm(GovukForm):
    text = forms.CharField(
        label="Add a note",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="It goes into the chronology with your name and the time",
        error_messages={"required": "Enter the note"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        govuk(self.fields["text"], page_heading=True)


class ShareForm(GovukForm):
    organisation = forms.ChoiceField(
        label="Who do you want to share the case with?",
        help_text="Only organisations on Signpost. Their safeguarding leads will see it",
        error_messages={"required": "Select the organisation to share the case with"},
    )
    reason = forms.CharField(
        label="Why are you sharing it?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Share what is necessary, proportionate and relevant to keeping the person safe",
        error_messages={"required": "Enter why you are sharing the case"},
    )
    parts = forms.MultipleChoiceField(
        label="What will they see?",
        choices=SharePart.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select what they will see"},
    )
    may_add = forms.ChoiceField(
        label="May they add notes to the case?",
        widget=forms.RadioSelect,
        choices=[("no", "No, they may only read it"), ("yes", "Yes, they may add notes")],
        error_messages={"required": "Select whether they may add notes"},
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "organisation", forms.ChoiceField).choices = [
            ("", "Choose an organisation")
        ] + [(str(o.pk), o.name) for o in organisations]


class RevokeShareForm(GovukForm):
    reason = forms.CharField(
        label="Why are you ending the share?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why you are ending the share"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        govuk(self.fields["reason"], page_heading=True)


class NoShareForm(GovukForm):
    organisation = forms.ChoiceField(label="An organisation on Signpost", required=False)
    organisation_name = forms.CharField(
        label="Or the name of an organisation not on Signpost", required=False, max_length=200
    )
    reason = forms.CharField(
        label="Why have you decided not to share?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why you decided not to share"},
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "organisation", forms.ChoiceField).choices = [("", "Not on Signpost")] + [
            (str(o.pk), o.name) for o in organisations
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("organisation") and not (data.get("organisation_name") or "").strip():
            self.add_error("organisation", "Select or name the organisation")
        return data


class TaskDoneForm(GovukForm):
    note = forms.CharField(
        label="Anything the lead should know (optional)",
        help_text="For example, what you did and what happened. Only the case's leads see this.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Note must be 2000 characters or fewer"},
    )
