"""The GOV.UK form renderer: Django forms drawn with GOV.UK Frontend markup and error messages."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.forms.renderers import TemplatesSetting
from django.http import HttpRequest, QueryDict

from core.text import cleaned_names_of

if TYPE_CHECKING:  # types only: core sits below accounts (docs/conventions.md)
    from accounts.models import User


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"


FieldT = TypeVar("FieldT", bound=forms.Field)


def govuk(
    field: FieldT,
    *,
    page_heading: bool | None = None,
    width: int | None = None,
    label_size: Literal["s", "m", "l", "xl"] | None = None,
    small: bool | None = None,
    divider_before: str | None = None,
    choice_hints: Mapping[str, str] | None = None,
    autocomplete: bool | None = None,
) -> FieldT:
    """Give a field the GOV.UK extras that govuk/field.html reads from it, and return it.

    page_heading: the label (or legend) is the page's h1. width: a fixed-width text input
    (govuk-input--width-N). label_size: s, m, l or xl. small: small radios or checkboxes.
    divider_before: the choice value an "or" divider goes before. choice_hints: a hint under
    each choice, by value. autocomplete: a select that static/js/autocomplete.js enhances.
    Only the extras given are set, so a field can be given more later."""
    extras: dict[str, object] = {
        "page_heading": page_heading,
        "width": width,
        "label_size": label_size,
        "small": small,
        "divider_before": divider_before,
        "choice_hints": choice_hints,
        "autocomplete": autocomplete,
    }
    for name, value in extras.items():
        if value is not None:
            setattr(field, name, value)
    return field


def field_of(form: forms.BaseForm | type[forms.Form], name: str, kind: type[FieldT]) -> FieldT:
    """The field `name` of a form (or of a form class, from its declared fields), typed as
    `kind` (a ChoiceField to set its choices, say). A field of another kind is a programming
    error, so it raises TypeError."""
    field = form.fields[name] if isinstance(form, forms.BaseForm) else form.base_fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{name} is a {type(field).__name__}, not a {kind.__name__}")
    return field


def choices_of(form: forms.BaseForm | type[forms.Form], name: str) -> list[tuple[str, str]]:
    """The (value, label) pairs of a choice field without option groups. Django keeps a
    field's choices as a list once set; callable choices are not supported (TypeError)."""
    choices = field_of(form, name, forms.ChoiceField).choices
    if not isinstance(choices, list):
        raise TypeError(f"{name}'s choices are not a list")
    return [(str(value), str(label)) for value, label in choices]


def removed_characters_message(label: Any) -> str:
    what = f"“{str(label).strip()}”" if label and str(label).strip() else "this answer"
    return f"We removed characters that cannot be saved from {what}. Check it, then try again"


def flag_cleaned_fields(form: forms.BaseForm) -> None:
    """Put an error on each field whose submitted text had characters removed (core.text), so
    the form is shown again with the rest of the text for the person to check."""
    names = cleaned_names_of(form.data)
    if not names:
        return
    for name, field in form.fields.items():
        html_name = form.add_prefix(name)
        widget_names = {html_name}
        for suffix in getattr(field.widget, "widgets_names", ()):
            widget_names.add(f"{html_name}{suffix}")
        if widget_names & names:
            form.add_error(name, removed_characters_message(field.label))


class GovukForm(forms.Form):
    """A form drawn with GOV.UK markup: its fields' help text is the hint, and `govuk()` gives
    a field its other extras (a page-heading label, a width...)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def full_clean(self) -> None:
        super().full_clean()
        if self.is_bound:
            flag_cleaned_fields(self)

    def clean(self) -> dict[str, Any]:
        """Django's clean, typed: it always returns `cleaned_data` (never None), so a subclass's
        `data = super().clean()` is a dict."""
        super().clean()
        return self.cleaned_data

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

    def full_clean(self) -> None:
        super().full_clean()
        if self.is_bound:
            flag_cleaned_fields(self)

    def clean(self) -> dict[str, Any]:
        """As GovukForm.clean: a ModelForm's clean returns `cleaned_data` too."""
        super().clean()
        return self.cleaned_data

    error_list = GovukForm.error_list


def posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data on a POST, even an empty one (an empty POST is still a submission and
    shows the form's errors); None on a GET, so the form is shown unbound."""
    return request.POST if request.method == "POST" else None


def posted_version(request: HttpRequest) -> int:
    """The version of the record the form was shown with (a hidden `version` input; see
    core/locking.py). Anything unreadable counts as stale, so it can only produce a conflict."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return 0


class PasswordCheckRefused(Exception):
    """Raised by the registered password check when it will not check at all (too many wrong
    tries): the form shows `message` and nothing else."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


PasswordCheck = Callable[["User", str], bool]
_password_check: PasswordCheck | None = None


def register_password_check(check: PasswordCheck) -> None:
    """Set the one check behind every step-up prompt. accounts registers accounts.reauth's
    `confirm_password` at start-up (AccountsConfig.ready): core sits below accounts, so it is
    told the check rather than importing it (docs/conventions.md)."""
    global _password_check
    _password_check = check


class PasswordConfirmMixin(forms.Form):
    """Step-up: the acting person re-enters their password (security-targets.md, L3 7.5.3)."""

    confirm_password = forms.CharField(
        label="Your password",
        help_text="Enter your own password to confirm this change.",
        strip=False,
        error_messages={"required": "Enter your password to confirm"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, acting: User, **kwargs: Any) -> None:
        self.acting = acting
        super().__init__(*args, **kwargs)

    def clean_confirm_password(self) -> str:
        value = self.cleaned_data["confirm_password"]
        # Deny by default: with no check registered, no password is ever accepted.
        if _password_check is None:
            raise ImproperlyConfigured("No password check registered (accounts' AppConfig.ready)")
        # Limited, audited and ending the session after repeated failures: accounts/reauth.py.
        try:
            right = _password_check(self.acting, value)
        except PasswordCheckRefused as exc:
            raise forms.ValidationError(exc.message) from exc
        if not right:
            raise forms.ValidationError("The password you entered is not correct")
        return value
