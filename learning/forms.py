from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet

from accounts.forms import PasswordConfirmMixin
from accounts.models import User
from core.dates import range_message, year_in_range
from core.forms import GovukForm, field_of, govuk
from learning import knowledge_check
from learning.briefing import get_briefing
from learning.models import ActionItem

# Our forms draw date fields as the GOV.UK date input; everything else as usual.
FORM_TEMPLATE = "learning/govuk_form.html"


class GovukDateInput(forms.MultiWidget):
    """Day, month and year boxes (the GOV.UK date input pattern)."""

    def __init__(self) -> None:
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()])

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    widget = GovukDateInput

    def __init__(self, *, name: str, **kwargs: Any) -> None:
        # `name` is how error messages refer to the date, e.g. "The due date".
        self.name = name
        kwargs.setdefault("error_messages", {"required": f"Enter {name.lower()}"})
        super().__init__(
            fields=tuple(forms.CharField(required=False) for _ in range(3)),
            require_all_fields=False,
            **kwargs,
        )

    def compress(self, data_list: list[str]) -> date | None:
        if not data_list:
            return None
        parts = [(value or "").strip() for value in data_list]
        missing = [
            label for label, value in zip(("day", "month", "year"), parts, strict=True) if not value
        ]
        if len(missing) == 3:
            return None
        if missing:
            raise forms.ValidationError(f"{self.name} must include a {' and a '.join(missing)}")
        try:
            day, month, year = (int(p) for p in parts)
        except ValueError:
            raise forms.ValidationError(f"{self.name} must be a real date") from None
        # Checked before making the date: a year like 99999999999 is too big for Python.
        if not year_in_range(year):
            raise forms.ValidationError(range_message(self.name))
        try:
            return date(year, month, day)
        except (ValueError, OverflowError):  # a month or day like 99999999999
            raise forms.ValidationError(f"{self.name} must be a real date") from None


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.full_name


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: User) -> str:
        return obj.full_name


class KnowledgeCheckForm(GovukForm):
    """One radio question per scenario. Only the engine knows which answers are right."""

    template_name = "learning/knowledge_check_fields.html"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.total = len(knowledge_check.QUESTIONS)
        for number, question in enumerate(knowledge_check.QUESTIONS, start=1):
            # Numbered in field order: the template says "Question {{ forloop.counter }}".
            self.fields[question.id] = forms.ChoiceField(
                label=question.prompt,
                help_text=question.scenario,
                choices=question.choices(),
                widget=forms.RadioSelect,
                error_messages={"required": f"Select an answer to question {number}"},
            )


class ReportExportForm(PasswordConfirmMixin, GovukForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "confirm_password"
        ].help_text = (
            "The file holds names and email addresses. Enter your own password to download it."
        )


class ReflectionSessionForm(GovukForm):
    template_name = FORM_TEMPLATE

    held_on = GovukDateField(
        name="The date of the session",
        label="When was the session?",
        help_text="For example, 27 3 2026",
    )
    team = forms.CharField(
        label="Team or group",
        help_text="For example, Year 9 pastoral team",
        max_length=120,
        error_messages={
            "required": "Enter the team or group",
            "max_length": "Team or group must be 120 characters or fewer",
        },
    )
    participants = PeopleChoiceField(
        queryset=User.objects.none(),
        label="Who took part?",
        help_text="Select everyone who took part.",
        error_messages={"required": "Select at least one person who took part"},
    )
    questions = forms.MultipleChoiceField(
        label="Which questions to consider did you discuss?",
        help_text="From the briefing. Select all that apply.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one question you discussed"},
    )
    findings = forms.CharField(
        label="What did you find?",
        help_text="What the discussion showed about your service and practice. Do not name "
        "anyone you work with or support.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Enter what you found",
            "max_length": "Findings must be 5,000 characters or fewer",
        },
    )

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "participants", forms.ModelChoiceField).queryset = people
        field_of(self, "questions", forms.ChoiceField).choices = get_briefing().question_choices
        govuk(self.fields["questions"], small=True)
        govuk(self.fields["participants"], small=True)


class ActionItemForm(GovukForm):
    template_name = FORM_TEMPLATE

    description = forms.CharField(
        label="What is the action?",
        help_text="Small and specific, for example: put the helpline number in the staff handbook.",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter the action",
            "max_length": "Action must be 300 characters or fewer",
        },
    )
    owner = PersonChoiceField(
        queryset=User.objects.none(),
        label="Who owns it?",
        empty_label="Choose a person",
        error_messages={"required": "Select who owns the action"},
    )
    due_date = GovukDateField(
        name="The due date", label="When is it due?", help_text="For example, 30 4 2026"
    )

    def __init__(
        self, *args: Any, people: QuerySet[User], with_status: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "owner", forms.ModelChoiceField).queryset = people
        if with_status:
            self.fields["status"] = govuk(
                forms.ChoiceField(
                    label="Status",
                    choices=ActionItem.Status.choices,
                    widget=forms.RadioSelect,
                    error_messages={"required": "Select the status"},
                ),
                small=True,
            )
