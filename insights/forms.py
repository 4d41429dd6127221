"""Forms for the organisation's own figures: the period, and the step-up before an export."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.forms import PasswordConfirmMixin
from core.forms import GovukForm

DATE_FORMATS = ["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y", "%m %Y", "%m/%Y", "%Y-%m"]


class PeriodForm(GovukForm):
    date_from = forms.DateField(
        required=False,
        label="From",
        help_text="Month and year, for example 01 2026",
        input_formats=DATE_FORMATS,
        error_messages={"invalid": "Enter a real month for 'from', like 01 2026"},
    )
    date_to = forms.DateField(
        required=False,
        label="To",
        help_text="Month and year, for example 12 2026",
        input_formats=DATE_FORMATS,
        error_messages={"invalid": "Enter a real month for 'to', like 12 2026"},
    )
    date_from.width = 10
    date_to.width = 10

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
