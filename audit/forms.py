from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import get_user_model

from audit.kinds import grouped_choices
from audit.models import AuditEvent
from core.dates import BoundedDateField
from core.forms import GovukForm, PasswordConfirmMixin, field_of, govuk

if TYPE_CHECKING:  # types only: audit sits below accounts (docs/conventions.md)
    from accounts.models import User


class AuditFilterForm(GovukForm):
    actor = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(), required=False, label="Who", empty_label="Anyone"
    )
    kind = forms.ChoiceField(required=False, label="What kind of event")
    # Bounded like every date (core/dates.py, issue 17): 2009 to next year.
    date_from = govuk(
        BoundedDateField(
            what="The 'from' date",
            required=False,
            label="From",
            help_text="For example, 27 11 2026 or 2026-11-27",
            input_formats=["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y"],
            error_messages={"invalid": "Enter a real date for 'from', like 27 11 2026"},
        ),
        width=10,
    )
    date_to = govuk(
        BoundedDateField(
            what="The 'to' date",
            required=False,
            label="To",
            input_formats=["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y"],
            error_messages={"invalid": "Enter a real date for 'to', like 28 11 2026"},
        ),
        width=10,
    )

    def __init__(self, *args: Any, acting: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = get_user_model().objects
        field_of(self, "actor", forms.ModelChoiceField).queryset = people.filter(
            organisation_id=acting.organisation_id
        )
        kinds = (
            AuditEvent.objects.filter(organisation_id=acting.organisation_id)
            .order_by("kind")
            .values_list("kind", flat=True)
            .distinct()
        )
        # The registry's groups and labels (audit/kinds.py), flat: "Group: label".
        field_of(self, "kind", forms.ChoiceField).choices = [
            ("", "Any kind"),
            *[
                (code, f"{group}: {label}")
                for group, items in grouped_choices(kinds)
                for code, label in items
            ],
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date")
        return data


class AuditExportForm(PasswordConfirmMixin, GovukForm):
    pass
