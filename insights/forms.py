"""Forms for the organisation's own figures: the period, the step-up before an export, and the
admin's smallest count to show."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.forms import PasswordConfirmMixin
from core.dates import BoundedDateField, range_message
from core.forms import GovukForm, govuk
from insights.suppression import MAX_THRESHOLD, MIN_THRESHOLD

DATE_FORMATS = ["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y", "%m %Y", "%m/%Y", "%Y-%m"]


class PeriodForm(GovukForm):
    date_from = govuk(
        BoundedDateField(
            what="The 'from' month",
            message=lambda: range_message("The 'from' month"),
            required=False,
            label="From",
            help_text="Month and year, for example 01 2026",
            input_formats=DATE_FORMATS,
            error_messages={"invalid": "Enter a real month for 'from', like 01 2026"},
        ),
        width=10,
    )
    date_to = govuk(
        BoundedDateField(
            what="The 'to' month",
            message=lambda: range_message("The 'to' month"),
            required=False,
            label="To",
            help_text="Month and year, for example 12 2026",
            input_formats=DATE_FORMATS,
            error_messages={"invalid": "Enter a real month for 'to', like 12 2026"},
        ),
        width=10,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start.replace(day=1) > end.replace(day=1):
            self.add_error(
                "date_to", "The 'to' month must be the same as or after the 'from' month"
            )
        return data


class ExportForm(PasswordConfirmMixin, GovukForm):
    pass


class ThresholdForm(PasswordConfirmMixin, GovukForm):
    threshold = govuk(
        forms.IntegerField(
            label="Smallest count to show",
            help_text="Counts from 1 up to one less than this are shown as 'suppressed' to "
            "analysts and in every download. The usual number is 5. Any whole number from 2 to "
            "50.",
            min_value=MIN_THRESHOLD,
            max_value=MAX_THRESHOLD,
            error_messages={
                "required": "Enter the smallest count to show",
                "invalid": "The smallest count to show must be a whole number, like 5",
                "min_value": f"The smallest count to show must be {MIN_THRESHOLD} or more",
                "max_value": f"The smallest count to show must be {MAX_THRESHOLD} or fewer",
            },
            widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        ),
        width=2,
    )

    field_order = ["threshold", "confirm_password"]
