"""The GOV.UK form renderer: Django forms drawn with GOV.UK Frontend markup and error messages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"


class GovukForm(forms.Form):
    """A form whose fields can carry GOV.UK extras: a hint, a page-heading label, widths."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def error_list(self) -> list[tuple[str, str]]:
        """(anchor id, message) pairs for the GOV.UK error summary, in field order."""
        items: list[tuple[str, str]] = []
        for error in self.non_field_errors():
            items.append(("", str(error)))
        for name, field in self.fields.items():
            bound = self[name]
            anchor = bound.auto_id
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                anchor = f"{bound.auto_id}_0"
            for error in bound.errors:
                items.append((anchor, str(error)))
        return items


class GovukModelForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    error_list = GovukForm.error_list
