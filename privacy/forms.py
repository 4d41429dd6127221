from __future__ import annotations

from typing import Any

from django import forms

from accounts.forms import PasswordConfirmMixin
from accounts.models import User
from core.forms import GovukForm, field_of, govuk
from privacy.models import PERIODS, RecordType
from privacy.services import MAX_SUPPORT_HOURS

FIELD_OF: dict[str, str] = {
    RecordType.CLOSED_ADULT_CASE: "closed_adult_case",
    RecordType.CHILD_CASE: "child_case",
    RecordType.DRAFT: "draft",
}


def _period_field(record_type: str, label: str, hint: str, what: str) -> forms.IntegerField:
    bounds = PERIODS[record_type]
    low, high = int(bounds["min"]), int(bounds["max"])
    field = govuk(
        forms.IntegerField(
            label=label,
            help_text=hint,
            min_value=low,
            max_value=high,
            error_messages={
                "required": f"Enter {what}",
                "invalid": f"{what.capitalize()} must be a whole number, like {bounds['default']}",
                "min_value": f"{what.capitalize()} must be {low} or more",
                "max_value": f"{what.capitalize()} must be {high} or fewer",
            },
            widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        ),
        width=3,
    )
    return field


class RetentionForm(PasswordConfirmMixin, GovukForm):
    closed_adult_case = _period_field(
        RecordType.CLOSED_ADULT_CASE,
        "Closed cases about adults: years to keep after closure",
        "The usual period is 6 years. Open cases are never deleted.",
        "the number of years to keep closed cases about adults",
    )
    child_case = _period_field(
        RecordType.CHILD_CASE,
        "Closed cases about children: keep until the person is this age",
        "The usual age is 25. If the date of birth is not known, the age is counted from the "
        "day the case was opened. A case is never deleted sooner than the adult period after "
        "it was closed.",
        "the age until which cases about children are kept",
    )
    draft = _period_field(
        RecordType.DRAFT,
        "Unfinished concerns: days to keep after they were last changed",
        "At most 30 days: every draft untouched for 30 days is deleted anyway.",
        "the number of days to keep unfinished concerns",
    )

    field_order = ["closed_adult_case", "child_case", "draft", "confirm_password"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confirm_password"].help_text = (
            "Enter your own password to confirm. Shorter periods mean records are deleted at "
            "the next daily run."
        )

    def periods(self) -> dict[str, int]:
        return {rt: self.cleaned_data[name] for rt, name in FIELD_OF.items()}


class HoldForm(GovukForm):
    reason = forms.CharField(
        label="Why must this case be kept?",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="For example, a court case or an inquiry that needs the record. While the "
        "hold is in place the case is not deleted, whatever the retention rules say",
        error_messages={"required": "Enter why the case must be kept"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        govuk(self.fields["reason"], page_heading=True)


class ConfirmForm(GovukForm):
    """A confirmation with nothing to fill in (lifting a hold, ending support access)."""


class SupportGrantForm(GovukForm):
    support_user = forms.ChoiceField(
        label="Who in the Signpost support team?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select who may see the case"},
    )
    hours = forms.IntegerField(
        label="For how many hours?",
        help_text=f"From now, at most {MAX_SUPPORT_HOURS} hours. You can end it sooner.",
        min_value=1,
        max_value=MAX_SUPPORT_HOURS,
        error_messages={
            "required": "Enter for how many hours",
            "invalid": "The number of hours must be a whole number, like 4",
            "min_value": "The number of hours must be 1 or more",
            "max_value": f"The number of hours must be {MAX_SUPPORT_HOURS} or fewer",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )
    reason = forms.CharField(
        label="Why do they need to see it?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, the problem you reported to the support team",
        error_messages={"required": "Enter why they need to see the case"},
    )

    def __init__(self, *args: Any, people: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in people}
        field_of(self, "support_user", forms.ChoiceField).choices = [
            (k, p.full_name) for k, p in self.people.items()
        ]
        govuk(self.fields["support_user"], page_heading=True)
        govuk(self.fields["hours"], width=3)

    def chosen(self) -> User:
        return self.people[self.cleaned_data["support_user"]]
