"""The step-up mixin lives in core and is told its password check by accounts (issue 18)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from accounts import reauth
from core import forms as core_forms
from core.forms import GovukForm, PasswordConfirmMixin


class StepUpForm(PasswordConfirmMixin, GovukForm):
    pass


def test_accounts_registers_reauth_as_the_password_check() -> None:
    assert core_forms._password_check is reauth.confirm_password


def test_with_no_check_registered_no_password_is_accepted(monkeypatch) -> None:
    monkeypatch.setattr(core_forms, "_password_check", None)
    form = StepUpForm({"confirm_password": "anything"}, acting=object())
    with pytest.raises(ImproperlyConfigured):
        form.is_valid()


def test_a_refusal_from_the_check_is_shown_as_the_error(monkeypatch) -> None:
    def refuse(user, password):
        raise reauth.TooManyTries("Try again later")

    monkeypatch.setattr(core_forms, "_password_check", refuse)
    form = StepUpForm({"confirm_password": "anything"}, acting=object())
    assert not form.is_valid()
    assert form.errors["confirm_password"] == ["Try again later"]


def test_a_wrong_password_is_an_error_and_a_right_one_passes(monkeypatch) -> None:
    monkeypatch.setattr(core_forms, "_password_check", lambda user, password: password == "right")
    assert StepUpForm({"confirm_password": "wrong"}, acting=object()).errors[
        "confirm_password"
    ] == ["The password you entered is not correct"]
    assert StepUpForm({"confirm_password": "right"}, acting=object()).is_valid()
