"""The referral's forms. A sheet section's form is built from the official form's fields: it
asks only what is missing, with the form's own option identifiers as the values."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone

from accounts.forms import PasswordConfirmMixin
from accounts.models import Organisation
from core.dates import (
    BoundedDateField,
    birth_range_message,
    earliest_birth,
    first_day,
    last_day,
)
from core.forms import GovukForm, field_of, govuk
from referrals.models import Outcome, SentHow
from referrals.sections import Question

if TYPE_CHECKING:  # types only: referrals.sheet_page imports this module
    from referrals.sheet_page import Plan
from referrals.official.form import (
    CHECKED,
    FIELDS,
    MAX_TEXT_LENGTH,
    MULTI_SEPARATOR,
    TYPES_OF_EXPLOITATION,
)

DATE_FORMATS = ["%d %m %Y", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]
DATE_HINT = "For example, 27 3 2026"
TYPES_GROUP = "types-of-exploitation"

# Plain words for option identifiers that are not self-explanatory.
OPTION_LABELS = {
    "yes": "Yes",
    "no": "No",
    "not-sure": "Not sure",
    "i-dont-know": "I don't know",
    "pv-alternative-number": "Another number (someone else's)",
    "potential-victim": "The person",
    "someone-else": "Someone else",
    "uk-and-overseas": "UK and overseas",
    "uk": "UK",
    "email": "Email",
    "post": "Post",
}


def field_label(name: str) -> str:
    """The plain question for one of the form's fields (referrals.official.questions)."""
    from referrals.official.questions import QUESTIONS

    return QUESTIONS.get(name, name)


def option_label(value: str) -> str:
    return OPTION_LABELS.get(value, value.replace("-", " ").capitalize())


def _reveal_label(parent: tuple[str, str] | None) -> str:
    """Which answer opens a follow-up, in words ("Yes to “Do they have children?”")."""
    if parent is None:
        return ""
    name, value = parent
    if name in TYPES_OF_EXPLOITATION:
        return f"\u201c{field_label(name)}\u201d to \u201cWhat were they exploited for?\u201d"
    return f"{option_label(value)} to \u201c{field_label(name)}\u201d"


class SheetSectionForm(GovukForm):
    """One section page of the answer sheet (referrals.sheet_page.Plan): plain questions grouped
    by the online form's pages, each with a hint saying where its answer came from.

    Nothing is required here: the lead can save part of a section and come back; the task list
    and the sheet say what the form still needs. A follow-up opened by an answer on the same page
    is asked with it and dropped when the answer does not open it. The types of exploitation are
    one question; what the record suggests is ticked for the lead to confirm or untick.
    """

    template_name = "referrals/_sheet_section_form.html"

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from referrals.official.lists import LIST_OF_FIELD, values_of
        from referrals.sheet_page import type_label

        self.plan = plan
        self.follow_ups: dict[str, tuple[str, str]] = {}
        self.bound_groups: list[dict[str, Any]] = []
        lists: dict[str, list[str]] = {}
        types = [n for n in plan.names if n in TYPES_OF_EXPLOITATION]
        self.types = types  # the types of exploitation asked, as one group of boxes
        for group in plan.groups:
            for item in group.items:
                name = item.name
                if name in TYPES_OF_EXPLOITATION:
                    if name != types[0]:
                        continue
                    suggested = [type_label(n).lower() for n in plan.suggested_types]
                    hint = "Tick every one the record supports. "
                    if suggested:
                        hint += (
                            "Suggested from the signs in the screening, not yet confirmed: "
                            + "; ".join(suggested)
                            + ". They are ticked for you to confirm: untick any that the "
                            "record does not support."
                        )
                    else:
                        hint += plan.hints.get(name, "")
                    self.fields[TYPES_GROUP] = forms.MultipleChoiceField(
                        label="What were they exploited for?",
                        choices=[(n, type_label(n)) for n in types],
                        widget=forms.CheckboxSelectMultiple,
                        required=False,
                        help_text=hint,
                    )
                    chosen = [n for n in types if plan.values.get(n) == CHECKED]
                    self.initial[TYPES_GROUP] = chosen or list(plan.suggested_types)
                    continue
                list_name = LIST_OF_FIELD.get(name)
                if list_name is not None and list_name not in lists:
                    lists[list_name] = values_of(list_name)
                choices = lists.get(list_name or "")
                fld = self._field_for(name, choices)
                fld.help_text = " ".join(
                    filter(None, [self._how_to_answer(name, choices), plan.hints.get(name, "")])
                )
                if item.parent:
                    self.follow_ups[name] = (item.parent, item.reveal_value)
                self.fields[name] = fld
                value = plan.values.get(name, "")
                if value:
                    self.initial[name] = self._initial_of(name, value)

    def groups(self) -> list[dict[str, Any]]:
        """The page's questions grouped by the online form's pages, for the template."""
        out = []
        for group in self.plan.groups:
            items: list[Any] = []
            for item in group.items:
                key = TYPES_GROUP if item.name in TYPES_OF_EXPLOITATION else item.name
                if key not in self.fields or any(i["field"].name == key for i in items):
                    continue
                parent = self.follow_ups.get(item.name)
                reveal_field, reveal_value = parent or ("", "")
                if reveal_field in TYPES_OF_EXPLOITATION:
                    # The types are one group of boxes: "other" is a value of the group.
                    reveal_field, reveal_value = TYPES_GROUP, reveal_field
                items.append(
                    {
                        "field": self[key],
                        "reveal_field": reveal_field,
                        "reveal_value": reveal_value,
                        "reveal_label": _reveal_label(parent),
                    }
                )
            if items:
                out.append({"title": group.title, "path": group.path, "items": items})
        return out

    @staticmethod
    def _initial_of(name: str, value: str) -> Any:
        """A stored answer as the field shows it."""
        f = FIELDS[name]
        if f.type == "checkbox-group":
            return [v for v in value.split(MULTI_SEPARATOR) if v]
        if f.type == "checkbox":
            return value == CHECKED
        if f.type == "input-date":
            try:
                return date.fromisoformat(value).strftime("%-d %-m %Y")
            except ValueError:
                return value
        return value

    @staticmethod
    def _how_to_answer(name: str, choices: list[str] | None = None) -> str:
        """The hint a field of this type starts with: how to fill it in."""
        if choices is not None:
            return "Start typing, then choose from the list."
        if FIELDS[name].type == "input-date":
            return DATE_HINT + "."
        return ""

    @staticmethod
    def _field_for(name: str, choices: list[str] | None = None) -> forms.Field:
        f = FIELDS[name]
        label = field_label(name)
        if f.optional:
            label += " (optional)"
        if choices is not None:
            field: forms.Field = govuk(
                forms.ChoiceField(
                    label=label,
                    choices=[("", "Not chosen"), *((c, c) for c in choices)],
                    required=False,
                    error_messages={"invalid_choice": f"Choose {label.lower()} from the list"},
                ),
                autocomplete=True,
            )
        elif f.type == "radio-group":
            field = forms.ChoiceField(
                label=label,
                choices=[(o, option_label(o)) for o in f.options],
                widget=forms.RadioSelect,
                required=False,
            )
        elif f.type == "checkbox-group":
            field = forms.MultipleChoiceField(
                label=label,
                choices=[(o, option_label(o)) for o in f.options],
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        elif f.type == "checkbox":
            field = forms.BooleanField(label=label, required=False)
        elif f.type == "textarea":
            field = forms.CharField(
                label=label,
                max_length=MAX_TEXT_LENGTH,
                widget=forms.Textarea(attrs={"rows": 4}),
                required=False,
            )
        elif f.type == "input-date":
            born = name.endswith("-dob")
            field = BoundedDateField(
                what=label,
                earliest=earliest_birth if born else first_day,
                latest=timezone.localdate if born else last_day,
                message=(lambda: birth_range_message(label)) if born else None,
                label=label,
                input_formats=DATE_FORMATS,
                required=False,
                error_messages={"invalid": f"{label} must be a real date"},
            )
        else:
            field = forms.CharField(label=label, max_length=MAX_TEXT_LENGTH, required=False)
        return field

    def answers(self) -> dict[str, str]:
        """The cleaned data as the form's own answers: option identifiers, "true" for a ticked
        box, checkbox groups joined in the form's order; a follow-up whose answer does not open
        it is left empty."""
        out: dict[str, str] = {}
        for name, value in self.cleaned_data.items():
            if name == TYPES_GROUP:
                for type_name in self.types:
                    out[type_name] = CHECKED if type_name in value else ""
                continue
            f = FIELDS[name]
            if f.type == "checkbox-group":
                out[name] = MULTI_SEPARATOR.join(o for o in f.options if o in value)
            elif f.type == "checkbox":
                out[name] = CHECKED if value else ""
            elif f.type == "input-date":
                out[name] = value.isoformat() if value else ""
            else:
                out[name] = (value or "").strip()
        for name, (parent, reveal) in self.follow_ups.items():
            if reveal not in (out.get(parent) or "").split(MULTI_SEPARATOR):
                out[name] = ""
        return out


class NoteForm(GovukForm):
    note = govuk(
        forms.CharField(
            label="Anything to add",
            required=False,
            max_length=MAX_TEXT_LENGTH,
            help_text="Anything the receiving organisation should know that the case does not say. "
            "Leave it empty if there is nothing.",
            widget=forms.Textarea(attrs={"rows": 6}),
        ),
        page_heading=True,
    )


class HandoverForm(GovukForm):
    organisation = forms.ChoiceField(
        label="Which first responder organisation will make the referral?",
        required=False,
        widget=forms.RadioSelect,
    )
    organisation_name = forms.CharField(
        label="Or, if it does not use Signpost, its name",
        required=False,
        max_length=200,
        help_text="For example, the local council's children's services or the police.",
    )

    def __init__(self, *args: Any, own_organisation_id: uuid.UUID, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = Organisation.objects.filter(first_responder=True).exclude(pk=own_organisation_id)
        self.organisation_objects = {str(o.pk): o for o in orgs.order_by("name")}
        field_of(self, "organisation", forms.ChoiceField).choices = [
            (pk, o.name) for pk, o in self.organisation_objects.items()
        ]
        self.fields["organisation"].help_text = (
            "If it uses Signpost, you hand the pack over to it there: it sees only what you "
            "hand over, and you never need its officer's details."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("organisation") and not (data.get("organisation_name") or "").strip():
            self.add_error("organisation", "Select the organisation, or enter its name")
        return data

    def chosen(self) -> Organisation | None:
        return self.organisation_objects.get(self.cleaned_data.get("organisation") or "")


class SentForm(GovukForm):
    sent_on = BoundedDateField(
        what="The date sent",
        label="Date sent",
        input_formats=DATE_FORMATS,
        help_text=DATE_HINT,
        error_messages={
            "required": "Enter the date the referral was sent",
            "invalid": "The date sent must be a real date, like 27 3 2026",
        },
    )
    sent_how = forms.ChoiceField(
        label="How was it sent?",
        choices=SentHow.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the referral was sent"},
    )
    their_reference = forms.CharField(
        label="Their reference (optional)",
        required=False,
        max_length=100,
        help_text="The reference the other organisation gave, if any.",
    )

    def clean_sent_on(self) -> date:
        value = self.cleaned_data["sent_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date sent must be today or in the past")
        return value


def _date(label: str) -> forms.DateField:
    return BoundedDateField(
        what=label,
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        help_text=DATE_HINT,
        error_messages={"invalid": f"{label} must be a real date, like 27 3 2026"},
    )


class OutcomeForm(GovukForm):
    rg_decision_on = _date("Date of the Reasonable Grounds decision")
    rg_outcome = forms.ChoiceField(
        label="Reasonable Grounds decision",
        required=False,
        choices=Outcome.choices,
        widget=forms.RadioSelect,
    )
    cg_decision_on = _date("Date of the Conclusive Grounds decision")
    cg_outcome = forms.ChoiceField(
        label="Conclusive Grounds decision",
        required=False,
        choices=Outcome.choices,
        widget=forms.RadioSelect,
    )
    reconsideration_requested_on = _date("Date reconsideration was asked for")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        today = timezone.localdate()
        for stage in ("rg", "cg"):
            on, outcome = data.get(f"{stage}_decision_on"), data.get(f"{stage}_outcome")
            if on and not outcome:
                self.add_error(f"{stage}_outcome", "Select the decision")
            if outcome and not on and f"{stage}_decision_on" not in self.errors:
                self.add_error(f"{stage}_decision_on", "Enter the date of the decision")
            if on and on > today:
                self.add_error(f"{stage}_decision_on", "The date must be today or in the past")
        if data.get("cg_outcome") and not data.get("rg_outcome"):
            self.add_error("cg_outcome", "Record the Reasonable Grounds decision first")
        return data


class ExportForm(PasswordConfirmMixin, GovukForm):
    format = forms.ChoiceField(
        label="Format",
        choices=[
            ("pdf", "PDF, to print or keep with the case file"),
            ("json", "JSON, for other systems"),
            ("csv", "Spreadsheet (CSV): step, field, answer"),
        ],
        initial="pdf",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a format"},
    )
    field_order = ["format", "confirm_password"]


class HandoverAcceptForm(GovukForm):
    share_outcomes = forms.ChoiceField(
        label="Will you tell the organisation that handed it over what comes back?",
        choices=[
            ("yes", "Yes: they see your referral's reference, when it was sent and the decisions"),
            ("no", "No: they see only that you accepted it"),
        ],
        widget=forms.RadioSelect,
        help_text="Nothing else of your case is shown to them. Your organisation's lawful basis "
        "for sharing is recorded with it.",
        error_messages={"required": "Select whether you will tell them what comes back"},
    )


class HandoverDeclineForm(GovukForm):
    reason = govuk(
        forms.CharField(
            label="Why are you declining this handover?",
            max_length=2000,
            help_text="The organisation that handed it over sees this, so they can act on it.",
            widget=forms.Textarea(attrs={"rows": 5}),
            error_messages={"required": "Enter why you are declining the handover"},
        ),
        page_heading=True,
    )


class QuestionsForm(GovukForm):
    """One of a kind's question sections (referrals.kinds): every question optional, as an
    unanswered one reads "Not recorded" in the document and stays on its "still needed" list."""

    def __init__(self, *args: Any, questions: Iterable[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for q in questions:
            if q.widget == "radio":
                field: forms.Field = forms.ChoiceField(
                    label=q.label,
                    required=False,
                    choices=list(q.choices),
                    widget=forms.RadioSelect,
                )
            elif q.widget == "text":
                field = forms.CharField(label=q.label, required=False, max_length=200)
            else:
                field = forms.CharField(
                    label=q.label,
                    required=False,
                    max_length=MAX_TEXT_LENGTH,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )
            field.help_text = (q.hint + " " if q.hint else "") + "Leave it empty if not known."
            self.fields[q.key] = field

    def answers(self) -> dict[str, str]:
        return {k: (v or "").strip() for k, v in self.cleaned_data.items()}


class DecisionForm(GovukForm):
    """What the service a referral went to decided (a kind other than the NRM)."""

    decision = forms.ChoiceField(
        label="What did they decide?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select what they decided"},
    )
    decision_on = BoundedDateField(
        what="The date of the decision",
        label="Date of the decision",
        input_formats=DATE_FORMATS,
        help_text=DATE_HINT,
        error_messages={
            "required": "Enter the date of the decision",
            "invalid": "The date of the decision must be a real date, like 27 3 2026",
        },
    )

    def __init__(self, *args: Any, choices: tuple[tuple[str, str], ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "decision", forms.ChoiceField).choices = list(choices)

    def clean_decision_on(self) -> date:
        value = self.cleaned_data["decision_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date of the decision must be today or in the past")
        return value


class DocumentExportForm(PasswordConfirmMixin, GovukForm):
    """The document of a kind without an answer sheet: a PDF only, after the password."""
